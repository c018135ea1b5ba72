import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, DeployError, rollback, type DeployResult } from '../../src/deploy/index.js';
import { defaultAppOptions, type AppOptions } from '../../src/settings/app.js';
import { counterApp, lockWorker } from '../support/deploy-app-images.js';
import { abLoad, httpGet } from '../support/deploy-load.js';
import { memoryLogger, removeApp, sshSettings } from '../support/deploy-settings.js';
import { run, runOk } from '../support/process.js';
import { testbed, type Testbed } from '../support/testbed.js';

// Issue 13 on the real testbed through ssh://: volumes, networks, limits, logs, release command, workers, retain.
const WEB = 'i13-web';
const WORKER = 'i13-worker';
const RETAIN = 'i13-retain';
const PORT = 18131;
const RETAIN_PORT = 18132;
const NET = 'i13-net';
const DATA = 'i13-data';
const LOCK = 'i13-lock';
let tb: Testbed;
const web: Record<'v1' | 'v2', string> = { v1: '', v2: '' };
const workers: Record<'w1' | 'w2', string> = { w1: '', w2: '' };
const kept: string[] = [];

const req = (image: string, id: string, logger = memoryLogger()) => ({ image, owner: { id }, logger, mask: () => {} });
const opts = (over: Partial<AppOptions>): AppOptions => ({ ...defaultAppOptions(), ...over });
const webSettings = (over: Partial<AppOptions> = {}) =>
  sshSettings(tb, WEB, PORT, { service: opts({ volumes: [{ kind: 'volume', source: DATA, target: '/data', readOnly: false }], networks: [{ name: NET, aliases: [] }], ...over }) });
const workerSettings = (over: Partial<AppOptions> = {}) =>
  sshSettings(tb, WORKER, 0, { soakSeconds: 0, service: opts({ role: 'worker', volumes: [{ kind: 'volume', source: LOCK, target: '/shared', readOnly: false }], ...over }) });
const inspect = async (name: string, format: string) => (await runOk('docker', ['inspect', '--format', format, name])).trim();
const state = (name: string) => run('docker', ['inspect', '--format', '{{.State.Status}}', name]).then((r) => (r.code === 0 ? r.stdout.trim() : 'absent'));
const imagePresent = async (ref: string) => (await run('docker', ['image', 'inspect', ref])).code === 0;
const body = async (path: string) => (await httpGet(PORT, path)).body.trim();
const cleanup = async () => {
  for (const app of [WEB, WORKER, RETAIN]) await removeApp(app);
  await run('docker', ['rm', '-f', 'i13-database', `${WEB}-release`]);
  await run('docker', ['network', 'rm', NET]);
  await run('docker', ['volume', 'rm', '-f', DATA, LOCK]);
};

describe('real apps over ssh:// (issue 13)', () => {
  beforeAll(async () => {
    tb = testbed();
    await cleanup();
    await runOk('docker', ['network', 'create', NET]);
    // The "database": a container on the user network, reached by name.
    await runOk('docker', ['run', '-d', '--name', 'i13-database', '--network', NET, tb.baseImage, 'sh', '-c', "mkdir /w && echo db-ok > /w/index.html && trap 'exit 0' TERM; httpd -f -p 8080 -h /w & wait"]);
    [web.v1, web.v2, workers.w1, workers.w2] = await Promise.all([
      counterApp(tb, 'i13/web', 'v1'),
      counterApp(tb, 'i13/web', 'v2'),
      lockWorker(tb, 'i13/worker', 'w1'),
      lockWorker(tb, 'i13/worker', 'w2'),
    ]);
  }, 240000);
  afterAll(cleanup, 120000);

  it('refuses a network that does not exist before anything starts, naming it', async () => {
    const s = webSettings({ networks: [{ name: 'i13-no-such-net', aliases: [] }] });
    const e = await deploy(s, req(web.v1, 'i13-missing')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeployError);
    expect(String((e as Error).message)).toMatch(/"i13-no-such-net" does not exist/);
    expect(await state(`${WEB}-blue`)).toBe('absent');
    expect((await run('docker', ['network', 'inspect', 'i13-no-such-net'])).code).not.toBe(0);
  });

  it('v1: volume, network, limits, rotated logs; the release command writes to the volume before v1 starts', async () => {
    const logger = memoryLogger();
    const r = await deploy(webSettings({ memoryBytes: 64 * 1024 ** 2, cpus: 0.5, releaseCommand: ['sh', '-c', 'echo released-v1 > /data/release; echo migrating'] }), req(web.v1, 'i13-v1', logger));
    expect(r.release).toMatchObject({ command: ['sh', '-c', 'echo released-v1 > /data/release; echo migrating'], exitCode: 0 });
    expect(logger.lines).toContain('release | migrating');
    expect(await body('/cgi-bin/release')).toBe('released-v1');
    expect(await body('/cgi-bin/visit')).toBe('1');
    expect(await body('/cgi-bin/visit')).toBe('2');
    expect(await body('/cgi-bin/db')).toBe('db-ok');
    const hc = JSON.parse(await inspect(`${WEB}-blue`, '{{json .HostConfig}}')) as { Memory: number; NanoCpus: number; LogConfig: { Type: string; Config: Record<string, string> } };
    expect(hc).toMatchObject({ Memory: 64 * 1024 ** 2, NanoCpus: 5e8, LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } } });
    expect(await inspect(`${WEB}-blue`, '{{range .Mounts}}{{.Name}}:{{.Destination}}{{end}}')).toBe(`${DATA}:/data`);
    expect(await inspect(DATA, '{{index .Labels "shipshape.app"}}')).toBe(WEB);
    expect(await state(`${WEB}-release`)).toBe('absent');
  });

  it('a failing release command fails the deploy; v1 keeps serving with 0 failed requests and v2 never starts', async () => {
    const load = abLoad(PORT, { requests: 3000, seconds: 60 });
    const e = await deploy(webSettings({ releaseCommand: ['sh', '-c', 'echo broken migration; exit 3'] }), req(web.v2, 'i13-bad-release')).catch((x: unknown) => x);
    load.stop();
    const counts = await load.done;
    expect(e).toBeInstanceOf(DeployError);
    expect((e as DeployError).message).toMatch(/exited with code 3/);
    expect((e as DeployError).phase).toBe('released');
    expect(((e as DeployError).result as DeployResult).release).toMatchObject({ exitCode: 3 });
    expect(counts.complete).toBeGreaterThan(0);
    expect(counts.failed).toBe(0);
    expect(counts.non2xx).toBe(0);
    expect(await state(`${WEB}-green`)).toBe('absent');
    expect(await state(`${WEB}-release`)).toBe('absent');
    expect((await httpGet(PORT)).body).toBe('v1\n');
  });

  it('the count survives the swap to v2 (which sees its own release) and the rollback to v1', async () => {
    await deploy(webSettings({ releaseCommand: ['sh', '-c', 'echo released-v2 > /data/release'] }), req(web.v2, 'i13-v2'));
    expect((await httpGet(PORT)).body).toBe('v2\n');
    expect(await body('/cgi-bin/release')).toBe('released-v2');
    expect(await body('/cgi-bin/visit')).toBe('3');
    // The old color kept its own settings (limits) while it retired; the new one got what v2 asked.
    expect(await inspect(`${WEB}-green`, '{{.HostConfig.Memory}}')).toBe('0');
    expect(await inspect(`${WEB}-blue`, '{{.HostConfig.Memory}}')).toBe(String(64 * 1024 ** 2));
    await rollback(webSettings(), { owner: { id: 'i13-rollback' }, logger: memoryLogger(), mask: () => {} });
    expect((await httpGet(PORT)).body).toBe('v1\n');
    expect(await body('/cgi-bin/visit')).toBe('4');
  });

  it('a bad volumes change (a tmpfs over the app files) is refused by the health gate: 0 failed requests, v1 keeps its settings', async () => {
    const before = await inspect(`${WEB}-blue`, '{{json .HostConfig.Mounts}}');
    const load = abLoad(PORT, { requests: 3000, seconds: 60 });
    const e = await deploy(webSettings({ volumes: [{ kind: 'tmpfs', target: '/www' }] }), req(web.v2, 'i13-bad-volume')).catch((x: unknown) => x);
    load.stop();
    const counts = await load.done;
    expect(e).toBeInstanceOf(DeployError);
    expect((e as DeployError).phase).toBe('gated');
    expect(counts.complete).toBeGreaterThan(0);
    expect(counts.failed).toBe(0);
    expect(counts.non2xx).toBe(0);
    expect((await httpGet(PORT)).body).toBe('v1\n');
    expect(await inspect(`${WEB}-blue`, '{{json .HostConfig.Mounts}}')).toBe(before);
    expect(await state(`${WEB}-green`)).toBe('absent');
  });

  it('a worker with a HEALTHCHECK is replaced with overlap (both ran at once), without a proxy or a port', async () => {
    const r1 = await deploy(workerSettings(), req(workers.w1, 'i13-w1'));
    expect(r1.ready).toMatchObject({ by: 'healthcheck' });
    const r2 = await deploy(workerSettings(), req(workers.w2, 'i13-w2'));
    expect(r2).toMatchObject({ color: 'green', previousColor: 'blue', ready: { by: 'healthcheck' } });
    expect(await state(`${WORKER}-green`)).toBe('running');
    expect(await state(`${WORKER}-blue`)).toBe('exited');
    expect(await state(`${WORKER}-proxy`)).toBe('absent');
    expect(await inspect(`${WORKER}-green`, '{{json .HostConfig.PortBindings}}')).toMatch(/^(null|\{\})$/);
    // Overlap: the new one started while the old one held the lock.
    expect(await runOk('docker', ['exec', `${WORKER}-green`, 'cat', '/shared/overlap'])).toContain(await inspect(`${WORKER}-green`, '{{.Config.Hostname}}'));
    await runOk('docker', ['exec', `${WORKER}-green`, 'rm', '-f', '/shared/overlap']);
  });

  it('overlap: false stops the old worker first: never two at once', async () => {
    const phases: string[] = [];
    const r = await deploy(workerSettings({ overlap: false }), { ...req(workers.w1, 'i13-w3'), saveState: (j) => void phases.push(j.phase) });
    expect(r).toMatchObject({ color: 'blue', previousColor: 'green' });
    expect(phases).toContain('retired');
    expect(await state(`${WORKER}-blue`)).toBe('running');
    expect(await state(`${WORKER}-green`)).toBe('exited');
    expect((await run('docker', ['exec', `${WORKER}-blue`, 'cat', '/shared/overlap'])).code).not.toBe(0);
    expect((await runOk('docker', ['exec', `${WORKER}-blue`, 'ls', '/shared'])).split('\n')).toContain('lock');
  });

  it('retain: 2 after four deploys keeps exactly the last two deploys’ images; other apps’ images stay', async () => {
    kept.push(...(await Promise.all(['r1', 'r2', 'r3', 'r4'].map((tag) => counterApp(tb, 'i13/retain', tag)))));
    let last: DeployResult | undefined;
    for (const [i, image] of kept.entries()) last = await deploy(sshSettings(tb, RETAIN, RETAIN_PORT, { soakSeconds: 0, service: opts({ retain: 2 }) }), req(image, `i13-r${i + 1}`));
    // The third deploy removed r1, the fourth r2.
    expect(last!.images).toMatchObject({ retain: 2, retained: [kept[3], kept[2]], pruned: [kept[1]] });
    expect(await Promise.all(kept.map(imagePresent))).toEqual([false, false, true, true]);
    // Another app's images (the web app's, the worker's) are untouched.
    expect(await Promise.all([web.v1, web.v2, workers.w1, workers.w2].map(imagePresent))).toEqual([true, true, true, true]);
  });
});
