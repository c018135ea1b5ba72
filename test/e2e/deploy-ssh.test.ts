import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, DeployError, rollback, settleDeploy, type DeployJournal, type DeployResult } from '../../src/deploy/index.js';
import { buildTestApp } from '../support/deploy-apps.js';
import { httpGet, killOwnSshSession, underLoad as underLoadOf, waitForBody } from '../support/deploy-load.js';
import { memoryLogger, readHostStateFile, removeApp, sshSettings } from '../support/deploy-settings.js';
import { run, runOk } from '../support/process.js';
import { testbed, type Testbed } from '../support/testbed.js';

const APP = 'deploy-e2e';
const PORT = 18080;
const SECRET = 'deploy-e2e-secret-value';
let tb: Testbed;
const images: Record<'v1' | 'v2' | 'v3' | 'v4', string> = { v1: '', v2: '', v3: '', v4: '' };

const req = (image: string, id: string, logger = memoryLogger()) => ({ image, owner: { id, runUrl: `https://ci.example/run/${id}` }, logger, mask: () => {} });

const underLoad = <T>(keepAlive: boolean, fn: () => Promise<T>) => underLoadOf(PORT, keepAlive, fn);

const colorState = async (color: string) =>
  (await runOk('docker', ['inspect', '--format', '{{.State.Status}}', `${APP}-${color}`]).catch(() => 'absent')).trim();

describe('blue-green deploy over ssh:// (host key checked)', () => {
  beforeAll(async () => {
    tb = testbed();
    await removeApp(APP);
    for (const v of ['v1', 'v2', 'v3', 'v4'] as const) images[v] = await buildTestApp(tb, v);
  });
  afterAll(() => removeApp(APP));

  it('deploys v1 onto an empty host', async () => {
    const logger = memoryLogger();
    const r = await deploy(sshSettings(tb, APP, PORT), req(images.v1, 'run-v1', logger));
    expect(r).toMatchObject({ noop: false, color: 'blue', to: { color: 'blue', digest: images.v1 }, platform: 'linux/amd64' });
    expect(r.host).toBe('ssh://root@127.0.0.1:2222');
    expect(r.health.attempts.at(-1)?.ok).toBe(true);
    await waitForBody(PORT, 'v1\n');
    expect(JSON.stringify(r) + logger.lines.join('\n')).not.toContain(SECRET);
    const env = await runOk('docker', ['inspect', '--format', '{{json .Config.Env}}', `${APP}-blue`]);
    expect(env).toContain(`DEPLOY_SECRET=${SECRET}`);
  });

  it('swaps v1 → v2 under load without keep-alive: 0 failed, responses move to v2', async () => {
    const phases: string[] = [];
    const { value: r, error, load } = await underLoad(false, () => deploy(sshSettings(tb, APP, PORT), { ...req(images.v2, 'run-v2'), saveState: (j) => void phases.push(j.phase) }));
    expect(error).toBeUndefined();
    expect(r).toMatchObject({ color: 'green', previousColor: 'blue', from: { digest: images.v1 }, to: { digest: images.v2 } });
    // Ordering, not a stopwatch: gate passed, then one switch, then the soak, then the old color retired.
    expect(phases).toEqual(['locked', 'pulled', 'started', 'gated', 'switched', 'soaking', 'retired', 'done']);
    expect(r!.health.attempts.at(-1)?.ok).toBe(true);
    expect(load.complete).toBeGreaterThan(200);
    expect(load.failed).toBe(0);
    expect(load.non2xx).toBe(0);
    expect((await httpGet(PORT)).body).toBe('v2\n');
    expect(await colorState('blue')).toBe('exited');
  });

  it('swaps v2 → v1 → v2 under keep-alive load (ab -k): 0 failed', async () => {
    const { error, load } = await underLoad(true, async () => {
      await deploy(sshSettings(tb, APP, PORT), req(images.v1, 'run-k1'));
      expect((await httpGet(PORT)).body).toBe('v1\n');
      return deploy(sshSettings(tb, APP, PORT), req(images.v2, 'run-k2'));
    });
    expect(error).toBeUndefined();
    expect(load.raw).toMatch(/Keep-Alive requests:\s+[1-9]/);
    expect(load.failed).toBe(0);
    expect(load.non2xx).toBe(0);
    expect((await httpGet(PORT)).body).toBe('v2\n');
  });

  it('does nothing when the live color already runs the digest and is healthy', async () => {
    const r = await deploy(sshSettings(tb, APP, PORT), req(images.v2, 'run-noop'));
    expect(r).toMatchObject({ noop: true, color: 'green' });
  });

  it('rolls back to the previous digest while the rollback still soaks (old color stopped, not removed)', async () => {
    expect(await colorState('blue')).toBe('exited');
    const start = Date.now();
    let finished = false;
    const done = rollback(sshSettings(tb, APP, PORT, { soakSeconds: 3 }), { owner: { id: 'run-rollback' }, logger: memoryLogger(), mask: () => {} }).finally(() => {
      finished = true;
    });
    await waitForBody(PORT, 'v1\n', 30000);
    // The previous digest serves as soon as it is switched to: before the soak and retire finish.
    const servedBeforeTheCallEnded = !finished;
    const servingMs = Date.now() - start;
    const r = await done;
    console.log(`rollback: previous digest served after ${servingMs} ms; rollback call (with 3 s soak and retire) ${Date.now() - start} ms`);
    expect(servedBeforeTheCallEnded).toBe(true);
    expect(r).toMatchObject({ color: 'blue', to: { digest: images.v1 }, from: { digest: images.v2 } });
    expect((await httpGet(PORT)).body).toBe('v1\n');
    expect(await colorState('green')).toBe('exited');
    await deploy(sshSettings(tb, APP, PORT), req(images.v2, 'run-after-rollback'));
    expect((await httpGet(PORT)).body).toBe('v2\n');
  });

  it('refuses v3 whose health check answers 500: v2 keeps serving, 0 failed', async () => {
    const { error, load } = await underLoad(false, () => deploy(sshSettings(tb, APP, PORT, { healthTimeoutSeconds: 4 }), req(images.v3, 'run-v3')));
    expect(error).toBeInstanceOf(DeployError);
    const e = error as DeployError;
    expect(e.message).toMatch(/did not pass the health check GET \/cgi-bin\/health within 4 s/);
    expect(e.message).toMatch(/L7STS 500/);
    expect(e.message).toMatch(/last log lines:\n(.*\n)*app v3 starting/);
    expect(e.result?.lastLogLines?.length).toBeGreaterThan(0);
    expect(e.result).toMatchObject({ color: 'green', to: { color: 'blue', digest: images.v3 } });
    expect(e.result?.health?.attempts.length).toBeGreaterThan(2);
    expect(load.failed).toBe(0);
    expect(load.non2xx).toBe(0);
    expect((await httpGet(PORT)).body).toBe('v2\n');
    expect(await colorState('blue')).toBe('absent');
    expect(await colorState('green')).toBe('running');
  });

  it('reverts v4 that fails during the soak back to the warm v2: 0 failed, error gives the reason', async () => {
    const { error, load } = await underLoad(false, () => deploy(sshSettings(tb, APP, PORT, { soakSeconds: 12 }), req(images.v4, 'run-v4')));
    expect(error).toBeInstanceOf(DeployError);
    const e = error as DeployError;
    expect(e.message).toMatch(/reverted to green: soak failed/);
    expect(e.result?.rollbackReason).toMatch(/soak failed/);
    expect(load.failed).toBe(0);
    expect(load.non2xx).toBe(0);
    expect((await httpGet(PORT)).body).toBe('v2\n');
  });

  it('keeps serving when the new color crashes during the soak: the old color\'s backup twin takes over until the revert', async () => {
    await deploy(sshSettings(tb, APP, PORT, { soakSeconds: 1 }), req(images.v2, 'run-crash-base'));
    let killed: Promise<unknown> | undefined;
    const { error, load } = await underLoad(false, () =>
      deploy(sshSettings(tb, APP, PORT, { soakSeconds: 20 }), {
        ...req(images.v1, 'run-crash'),
        saveState: (j) => {
          // The candidate dies under traffic: in-flight and new requests must land on the draining old color.
          if (j.phase === 'soaking' && !killed) killed = runOk('docker', ['kill', `${APP}-${j.target}`]);
        },
      }),
    );
    await killed;
    expect(killed).toBeDefined();
    expect((error as DeployError).message).toMatch(/reverted to (blue|green): soak failed/);
    // A request the candidate was answering when it died may fail (at most ab's 4 in flight); every other
    // one, from the kill until the revert, is answered by the old color's twin (without it: hundreds fail).
    expect(load.failed).toBeLessThanOrEqual(4);
    expect(load.non2xx).toBeLessThanOrEqual(4);
    expect(load.complete).toBeGreaterThan(200);
    expect((await httpGet(PORT)).body).toBe('v2\n');
  });

  it('upgrades a proxy written by an older shipshape (no backup twins): reloaded once with them, then swaps under load, 0 failed', async () => {
    const proxy = `${APP}-proxy`;
    const stat = () => runOk('docker', ['exec', proxy, 'bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/9999; echo "show stat" >&3; cat <&3']);
    const file = '/usr/local/etc/haproxy/haproxy.cfg';
    const config = await runOk('docker', ['exec', proxy, 'cat', file]);
    expect(config).toMatch(/ server blue-bk /);
    // What an older proxy runs: the same config without the twins, loaded by a graceful reload.
    await runOk('docker', ['exec', '-u', '0', '-i', proxy, 'sh', '-c', `cat > ${file}`], { input: config.split('\n').filter((l) => !/ server \w+-bk /.test(l)).join('\n') });
    await runOk('docker', ['kill', '-s', 'USR2', proxy]);
    for (let i = 0; i < 50 && /-bk,/.test(await stat().catch(() => '-bk,')); i++) await new Promise((r) => setTimeout(r, 200));
    expect(await stat()).not.toMatch(/-bk,/);
    const live = (await httpGet(PORT)).body;
    const { error, load } = await underLoad(false, () => deploy(sshSettings(tb, APP, PORT, { soakSeconds: 2 }), req(live === 'v2\n' ? images.v1 : images.v2, 'run-upgrade')));
    expect(error).toBeUndefined();
    expect(load.failed).toBe(0);
    expect(load.non2xx).toBe(0);
    expect(await stat()).toMatch(/app,blue-bk,/);
    expect((await httpGet(PORT)).body).toBe(live === 'v2\n' ? 'v1\n' : 'v2\n');
    // Back to what was live, as the tests after this one expect (v1 deploys there are real swaps, not no-ops).
    await deploy(sshSettings(tb, APP, PORT, { soakSeconds: 1 }), req(live === 'v2\n' ? images.v2 : images.v1, 'run-upgrade-back'));
    expect((await httpGet(PORT)).body).toBe(live);
  });

  it('serialises two deploys at once through the lease: the second waits for the first', async () => {
    // One event log for both runs: B's first phase under the lease must come after A freed it.
    const events: string[] = [];
    const a = deploy(sshSettings(tb, APP, PORT), { ...req(images.v1, 'run-A'), saveState: (j) => void events.push(`A:${j.phase}`) });
    while (!events.includes('A:pulled')) await new Promise((r) => setTimeout(r, 20));
    const b = deploy(sshSettings(tb, APP, PORT), { ...req(images.v2, 'run-B'), saveState: (j) => void events.push(`B:${j.phase}`) });
    const [, rb]: DeployResult[] = await Promise.all([a, b]);
    expect(events.indexOf('B:locked')).toBeLessThan(events.indexOf('A:done'));
    expect(events.indexOf('A:done')).toBeLessThan(events.indexOf('B:pulled'));
    expect(rb.lock.broken).toBeUndefined();
    expect(rb.from?.digest).toBe(images.v1);
    expect((await httpGet(PORT)).body).toBe('v2\n');
  });

  it('survives the SSH connection being cut mid-deploy; the post step and the next deploy recover', async () => {
    let progress: DeployJournal | undefined;
    let killed: number[] = [];
    const settings = sshSettings(tb, APP, PORT, { soakSeconds: 3 });
    const cut = deploy(settings, {
      ...req(images.v1, 'run-cut'),
      saveState: (p) => {
        progress = p;
        if (p.phase === 'started' && killed.length === 0) killed = [-1];
      },
    });
    while (killed.length === 0) await new Promise((r) => setTimeout(r, 20));
    killed = await killOwnSshSession(2222);
    expect(killed.length).toBeGreaterThan(0);
    await expect(cut).rejects.toThrow(DeployError);
    await expect(cut).rejects.toThrow(/the SSH connection to ssh:\/\/root@127\.0\.0\.1:2222 was lost/);
    const live = await httpGet(PORT);
    expect(live.status).toBe(200);
    expect(['v1\n', 'v2\n']).toContain(live.body);
    expect(progress?.phase, 'the lease is still held').not.toBe('done');
    await settleDeploy(settings, progress!, memoryLogger());
    // The lease is free at once: nothing left to wait for or to break.
    expect((await run('docker', ['inspect', `shipshape-lock-${APP}`])).code).not.toBe(0);
    const r = await deploy(settings, req(images.v1, 'run-after-cut'));
    expect(r.lock.broken).toBeUndefined();
    await waitForBody(PORT, 'v1\n');
  });

  it('breaks an expired lease and notes it in the result', async () => {
    const past = new Date(Date.now() - 60000).toISOString();
    await runOk('docker', ['create', '--name', `shipshape-lock-${APP}`, '--label', 'shipshape.lock.holder=dead-run', '--label', `shipshape.lock.expires-at=${past}`, tb.proxyImage, 'true']);
    const r = await deploy(sshSettings(tb, APP, PORT), req(images.v2, 'run-after-expired'));
    expect(r.lock.broken).toMatch(/expired lease of dead-run/);
    expect((await httpGet(PORT)).body).toBe('v2\n');
  });

  it('keeps the history on the host (last historyLimit entries) and a restarted proxy comes back on the live color', async () => {
    await deploy(sshSettings(tb, APP, PORT, { historyLimit: 5 }), req(images.v1, 'run-history'));
    const state = JSON.parse(await readHostStateFile(tb, APP));
    expect(state.history).toHaveLength(5);
    expect(state.history.at(-1)).toMatchObject({ kind: 'deploy', outcome: 'live', image: images.v1, owner: 'run-history' });
    expect(state.colors[state.live].image).toBe(images.v1);
    expect(JSON.stringify(state)).not.toContain(SECRET);
    await runOk('docker', ['restart', '-t', '1', `${APP}-proxy`]);
    await waitForBody(PORT, 'v1\n', 15000);
  });
});
