// Issue 21: on the shared host proxy, a deploy that fails — or whose main step is killed, then the post
// step runs alone — leaves every app served exactly as before: the same hosts, check, redirect,
// certificate and version, on every probe during and after the attempt. Through dist/index.js.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, HEALTH_PATH } from '../support/deploy-apps.js';
import { hostGet } from '../support/deploy-load.js';
import { removeHostProxyAndApps, sshDeployInputs } from '../support/deploy-settings.js';
import { httpsGet, makeTestCa } from '../support/host-proxy-tls.js';
import { run, runOk } from '../support/process.js';
import { newRunnerFiles, postRuns, runAction, type ActionRun } from '../support/run-action.js';
import { testbed, type Testbed } from '../support/testbed.js';

const PROXY = 'i21-hp';
const X = 'i21-x';
const Y = 'i21-y';
const HTTP = 18780;
const HTTPS = 18781;
const env = () => ({ SHIPSHAPE_HOST_PROXY_NAME: PROXY, NODE_EXTRA_CA_CERTS: tb.acme.directoryCaPath });
let tb: Testbed;
const img = { v1: '', v2: '', v3: '' };
let ca: Awaited<ReturnType<typeof makeTestCa>>;
let yCert: { certPem: string; keyPem: string };

const inputs = (app: string, image: string, more: Record<string, string> = {}) => {
  const { 'public-port': _none, ...conn } = sshDeployInputs(tb, app, 1);
  return { ...conn, image, 'health-path': HEALTH_PATH, 'health-timeout': '8', 'soak-seconds': '1', hosts: `${app}.test`, 'http-port': `127.0.0.1:${HTTP}`, 'https-port': `127.0.0.1:${HTTPS}`, ...more };
};
const yInputs = () => inputs(Y, img.v1, { tls: 'provided', 'tls-certificate': yCert.certPem, 'tls-certificate-key': yCert.keyPem });
const step = (i: Record<string, string>, o: { files?: Awaited<ReturnType<typeof newRunnerFiles>>; onSpawn?: (pid: number) => void } = {}) =>
  runAction({ entry: 'deploy', inputs: i, env: env(), timeoutMs: 240_000, ...o });
const shown = (r: ActionRun) => `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
const cat = (file: string) => runOk('docker', ['exec', PROXY, 'cat', `/usr/local/etc/haproxy/${file}`]);
const ySubject = async () => (await httpsGet({ port: HTTPS, host: `${Y}.test`, servername: `${Y}.test`, ca: ca.ca })).subject;

/**
 * Probes X over plain HTTP and Y over verified HTTPS every 100 ms until stopped (bounded: 3,000
 * rounds): every answer not "200 v1" (X) or "200 v1 with Y's certificate" (Y) is kept.
 */
function probe(xHost = `${X}.test`) {
  const bad: string[] = [];
  let rounds = 0;
  let stopping = false;
  const loop = (async () => {
    while (!stopping && rounds < 3000) {
      rounds++;
      const x = await hostGet(HTTP, xHost).catch((e: Error) => ({ status: 0, body: e.message }));
      if (x.status !== 200 || x.body !== 'v1') bad.push(`${xHost}: ${x.status} ${x.body.slice(0, 80)}`);
      const y = await httpsGet({ port: HTTPS, host: `${Y}.test`, servername: `${Y}.test`, ca: ca.ca }).catch((e: Error) => ({ status: 0, body: e.message, subject: '' }));
      if (y.status !== 200 || y.body !== 'v1' || y.subject !== `${Y}.test`) bad.push(`${Y}.test: ${y.status} ${y.body.slice(0, 80)} ${y.subject}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    stop: async () => {
      stopping = true;
      await loop;
      return { rounds, bad };
    },
  };
}

/** After a failed attempt: served as before, nothing staged, no candidate left, the lease free. */
async function asBefore(configBefore: string, appsBefore: string): Promise<void> {
  expect(await cat('haproxy.cfg')).toBe(configBefore);
  expect(JSON.parse(await cat('apps.json'))).toEqual(JSON.parse(appsBefore));
  expect((await hostGet(HTTP, `${X}.test`)).body).toBe('v1');
  expect((await run('docker', ['inspect', `shipshape-lock-${X}`])).code, 'the lease is free').not.toBe(0);
  const colors = await runOk('docker', ['ps', '-a', '--filter', `label=shipshape.app=${X}`, '--format', '{{.Names}} {{.State}}']);
  expect(colors.split('\n').filter((l) => / running$/.test(l)).map((l) => l.split(' ')[0])).toHaveLength(1);
}

const cleanup = () => removeHostProxyAndApps(PROXY, [X, Y]);

describe('a failed deploy on the host proxy leaves every app served as before (issue 21)', () => {
  let config = '';
  let apps = '';
  beforeAll(async () => {
    tb = testbed();
    await cleanup();
    [img.v1, img.v2, img.v3] = [await buildTestApp(tb, 'v1', 'i21/app'), await buildTestApp(tb, 'v2', 'i21/app'), await buildTestApp(tb, 'v3', 'i21/app')];
    ca = await makeTestCa();
    yCert = await ca.issue([`${Y}.test`]);
    const [x, y] = await Promise.all([step(inputs(X, img.v1)), step(yInputs())]);
    expect(x.code, shown(x).slice(-3000)).toBe(0);
    expect(y.code, shown(y).slice(-3000)).toBe(0);
    expect(await ySubject()).toBe(`${Y}.test`);
    config = await cat('haproxy.cfg');
    apps = await cat('apps.json');
  }, 400_000);
  afterAll(async () => {
    await cleanup();
    ca?.close();
  }, 120_000);

  it('a changed health-path that the new version fails: the live check and version stay', async () => {
    const p = probe();
    const r = await step(inputs(X, img.v2, { 'health-path': '/missing' }));
    const { rounds, bad } = await p.stop();
    expect(r.code, shown(r).slice(-3000)).not.toBe(0);
    expect(shown(r)).toMatch(/did not pass the health check GET \/missing/);
    expect(bad, `${bad.length} of ${rounds} probes`).toEqual([]);
    await asBefore(config, apps);
  });

  it('changed hosts with a version that fails its gate: the old host keeps serving, the new one is not routed', async () => {
    const p = probe();
    const r = await step(inputs(X, img.v3, { hosts: `${X}-new.test` }));
    const { rounds, bad } = await p.stop();
    expect(r.code, shown(r).slice(-3000)).not.toBe(0);
    expect(bad, `${bad.length} of ${rounds} probes`).toEqual([]);
    expect((await hostGet(HTTP, `${X}-new.test`)).status).toBe(404);
    await asBefore(config, apps);
  });

  it('tls switched from off to acme while the CA refuses: no redirect, no other certificate, the old version serving', async () => {
    const p = probe();
    // pebble validates http-01 on its own port, where this proxy is not: it refuses the authorization.
    const r = await step(inputs(X, img.v2, { tls: 'acme', 'acme-directory': tb.acme.directory, 'acme-email': 'ops@i21.test' }));
    const { rounds, bad } = await p.stop();
    expect(r.code, shown(r).slice(-3000)).not.toBe(0);
    expect(shown(r)).toMatch(/ACME/);
    expect(bad, `${bad.length} of ${rounds} probes`).toEqual([]);
    expect((await hostGet(HTTP, `${X}.test`)).status).toBe(200);
    await asBefore(config, apps);
  });

  it('SIGKILL at the gate after a route change, then the post step alone: the old routes are back', async () => {
    const p = probe();
    const files = await newRunnerFiles();
    let killed = false;
    const ins = inputs(X, img.v3, { hosts: `${X}-moved.test`, 'health-timeout': '120' });
    const main = await step(ins, {
      files,
      onSpawn: (pid) =>
        void (async () => {
          for (let i = 0; i < 1500 && !killed; i++) {
            const state = await readFile(files.state, 'utf8').catch(() => '');
            if ([...state.matchAll(/"phase":"(\w+)"/g)].at(-1)?.[1] === 'gated') {
              // Really staged: the candidate's backend is in the running config, the live routes unchanged.
              expect(await cat('haproxy.cfg')).toContain(`backend stage-${X}`);
              killed = true;
              process.kill(pid, 'SIGKILL');
              return;
            }
            await new Promise((r) => setTimeout(r, 100));
          }
        })(),
    });
    expect(killed, shown(main).slice(-3000)).toBe(true);
    expect(await postRuns({ entry: 'deploy', env: env() }, main)).toBe(true);
    const post = await runAction({ entry: 'deploy', inputs: ins, env: env(), files: main.files, postState: main.state, timeoutMs: 120_000 });
    const { rounds, bad } = await p.stop();
    expect(post.code, shown(post)).toBe(0);
    expect(bad, `${bad.length} of ${rounds} probes`).toEqual([]);
    expect((await hostGet(HTTP, `${X}-moved.test`)).status).toBe(404);
    await asBefore(config, apps);
  });

  it('a healthy deploy afterwards moves the app to its new host at the switch', async () => {
    const r = await step(inputs(X, img.v2, { hosts: `${X}-new.test` }));
    expect(r.code, shown(r).slice(-3000)).toBe(0);
    expect(await hostGet(HTTP, `${X}-new.test`)).toEqual({ status: 200, body: 'v2' });
    expect((await hostGet(HTTP, `${X}.test`)).status).toBe(404);
    expect(await cat('haproxy.cfg')).not.toContain(`backend stage-${X}`);
    expect(await ySubject()).toBe(`${Y}.test`);
  });
});
