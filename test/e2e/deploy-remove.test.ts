// Issue 21: `remove: true` works from what the host already runs and through the machine: it needs only
// the app and the connection inputs (a custom proxy-image is not pulled again under its default name),
// and a remove killed mid-way is completed by the post step alone. Through dist/index.js.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, HEALTH_PATH } from '../support/deploy-apps.js';
import { hostGet, httpGet } from '../support/deploy-load.js';
import { removeHostProxyAndApps, sshDeployInputs } from '../support/deploy-settings.js';
import { run, runOk } from '../support/process.js';
import { newRunnerFiles, postRuns, runAction, type ActionRun } from '../support/run-action.js';
import { testbed, type Testbed } from '../support/testbed.js';

const OWN = 'i21-rm-own';
const ROUTED = 'i21-rm-routed';
const PORT = 18790;
const HTTP = 18791;
const PROXY = 'i21-rm-hp';
const env = { SHIPSHAPE_HOST_PROXY_NAME: PROXY };
let tb: Testbed;
let v1 = '';

const shown = (r: ActionRun) => `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
/** The connection inputs and the app: what the README asks a remove workflow for (no image, no proxy-image). */
const connection = (app: string) => {
  const { 'proxy-image': _default, 'public-port': _port, ...rest } = sshDeployInputs(tb, app, PORT);
  return rest;
};
const exists = async (...args: string[]) => (await run('docker', args)).code === 0;
const cleanup = () => removeHostProxyAndApps(PROXY, [OWN, ROUTED]);

describe('remove: true (issue 21)', () => {
  beforeAll(async () => {
    tb = testbed();
    await cleanup();
    v1 = await buildTestApp(tb, 'v1', 'i21-rm/app');
    // The default proxy-image (haproxy:lts) cannot be pulled here: a remove that pulls it fails.
    expect(await exists('image', 'inspect', 'haproxy:lts')).toBe(false);
  }, 240_000);
  afterAll(cleanup, 120_000);

  it('with only the app and the connection inputs, on a host whose proxy runs a custom proxy-image', async () => {
    const deployed = await runAction({ entry: 'deploy', env, inputs: { ...sshDeployInputs(tb, OWN, PORT), image: v1, 'health-path': HEALTH_PATH, 'soak-seconds': '0' } });
    expect(deployed.code, shown(deployed).slice(-3000)).toBe(0);
    expect((await httpGet(PORT)).body).toBe('v1\n');
    const removed = await runAction({ entry: 'deploy', env, inputs: { ...connection(OWN), remove: 'true' } });
    expect(removed.code, shown(removed).slice(-3000)).toBe(0);
    expect(shown(removed)).not.toMatch(/pull/i);
    for (const name of [`${OWN}-proxy`, `${OWN}-blue`, `shipshape-state-${OWN}`, `shipshape-lock-${OWN}`]) expect(await exists('inspect', name), name).toBe(false);
    const record = JSON.parse(await readFile(removed.outputs['record-path']!, 'utf8'));
    expect(record.deploy.removed).toEqual(expect.arrayContaining([`${OWN}-proxy`, `${OWN}-blue`, `volume shipshape-state-${OWN}`]));
  });

  it('killed while removing: the post step alone completes it and frees the lease', async () => {
    const inputs = { ...connection(ROUTED), 'proxy-image': tb.proxyImage, hosts: `${ROUTED}.test`, 'http-port': `127.0.0.1:${HTTP}`, 'https-port': `127.0.0.1:${HTTP + 1}` };
    const deployed = await runAction({ entry: 'deploy', env, inputs: { ...inputs, image: v1, 'health-path': HEALTH_PATH, 'soak-seconds': '0' } });
    expect(deployed.code, shown(deployed).slice(-3000)).toBe(0);
    expect(await hostGet(HTTP, `${ROUTED}.test`)).toEqual({ status: 200, body: 'v1' });
    // The test holds the host proxy's lock, so the remove waits inside its `removing` phase: a kill there is certain.
    const expires = new Date(Date.now() + 600_000).toISOString();
    await runOk('docker', ['create', '--name', `shipshape-lock-${PROXY}`, '--label', 'shipshape.lock.holder=the-test', '--label', `shipshape.lock.expires-at=${expires}`, tb.proxyImage, 'true']);
    const files = await newRunnerFiles();
    let killed = false;
    const main = await runAction({
      entry: 'deploy',
      env,
      files,
      inputs: { ...inputs, remove: 'true' },
      timeoutMs: 240_000,
      onSpawn: (pid) =>
        void (async () => {
          for (let i = 0; i < 1500 && !killed; i++) {
            const state = await readFile(files.state, 'utf8').catch(() => '');
            if ([...state.matchAll(/"phase":"(\w+)"/g)].at(-1)?.[1] === 'removing') {
              killed = true;
              process.kill(pid, 'SIGKILL');
              return;
            }
            await new Promise((r) => setTimeout(r, 100));
          }
        })(),
    });
    expect(killed, shown(main).slice(-3000)).toBe(true);
    expect(await exists('inspect', `shipshape-lock-${ROUTED}`), 'the killed remove held the app lease').toBe(true);
    await runOk('docker', ['rm', '-f', `shipshape-lock-${PROXY}`]);
    expect(await postRuns({ entry: 'deploy', env }, main)).toBe(true);
    const post = await runAction({ entry: 'deploy', env, inputs: { ...inputs, remove: 'true' }, files: main.files, postState: main.state, timeoutMs: 120_000 });
    expect(post.code, shown(post)).toBe(0);
    expect(post.stdout).toMatch(new RegExp(`Released the deploy lock of ${ROUTED}`));
    expect((await hostGet(HTTP, `${ROUTED}.test`)).status).toBe(404);
    for (const name of [`${ROUTED}-blue`, `shipshape-state-${ROUTED}`, `shipshape-lock-${ROUTED}`]) expect(await exists('inspect', name), name).toBe(false);
    expect(await exists('volume', 'inspect', `shipshape-state-${ROUTED}`)).toBe(false);
  });
});
