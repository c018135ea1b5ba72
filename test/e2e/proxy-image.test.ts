import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, HEALTH_PATH } from '../support/deploy-apps.js';
import { hostGet, httpGet } from '../support/deploy-load.js';
import { removeApp, removeHostProxyAndApps, sshDeployInputs } from '../support/deploy-settings.js';
import { run, runOk } from '../support/process.js';
import { runAction, type ActionRun } from '../support/run-action.js';
import { testbed, type Testbed } from '../support/testbed.js';

// Issue 24 through dist/index.js: proxy images derived from the testbed's HAProxy image that the official
// image's shape used to hide. One without the entrypoint script (HAProxy would run without -W, and every
// reload would do nothing) deploys on the host proxy and on the app's own one; one without bash is
// refused naming proxy-image and leaves no proxy behind; a changed proxy-image is reported, not ignored.
const PLAIN = `pi-haproxy-plain:${process.pid}`;
const NOBASH = `pi-haproxy-nobash:${process.pid}`;
const HOST_PROXY = `pi-host-proxy-${process.pid}`;
const NOBASH_HOST_PROXY = `pi-host-proxy-nb-${process.pid}`;
const [HP_APP, OWN_APP, NB_OWN, NB_HOST] = ['pi-hp', 'pi-own', 'pi-nb-own', 'pi-nb-host'];
const HTTP = 18960;
const HTTPS = 18961;
const OWN_PORT = 18962;
const NB_PORT = 18963;
const NB_HTTP = 18964;
const NB_HTTPS = 18965;
let tb: Testbed;
let v1: string;
let v2: string;

const deployStep = (inputs: Record<string, string>, proxy = HOST_PROXY) => runAction({ entry: 'deploy', inputs, env: { SHIPSHAPE_HOST_PROXY_NAME: proxy } });
const own = (app: string, port: number, image: string, proxyImage: string, more: Record<string, string> = {}) => ({
  ...sshDeployInputs(tb, app, port),
  image,
  'proxy-image': proxyImage,
  'health-path': HEALTH_PATH,
  'soak-seconds': '1',
  ...more,
});
const routed = (app: string, image: string, proxyImage: string, ports = { http: HTTP, https: HTTPS }) => ({
  ...own(app, OWN_PORT, image, proxyImage),
  hosts: `${app}.test`,
  tls: 'off',
  'http-port': `127.0.0.1:${ports.http}`,
  'https-port': `127.0.0.1:${ports.https}`,
});
const shown = (r: ActionRun) => `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
const ok = (r: ActionRun) => expect(r.code, shown(r).slice(-4000)).toBe(0);
const exists = async (name: string) => (await run('docker', ['inspect', name])).code === 0;
const inspect = async (name: string, format: string) => (await runOk('docker', ['inspect', '--format', format, name])).trim();

/** The pid of the proxy's current worker, from its runtime API. */
async function workerPid(container: string): Promise<string> {
  const info = await runOk('docker', ['exec', container, 'bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/9999; echo "show info" >&3; cat <&3']);
  const pid = /^Pid: (\d+)$/m.exec(info)?.[1];
  if (!pid) throw new Error(`no Pid in the show info of ${container}: ${info.slice(0, 300)}`);
  return pid;
}

async function buildProxyImage(tag: string, lines: string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pi-proxy-image-'));
  try {
    writeFileSync(join(dir, 'Dockerfile'), [`FROM ${tb.proxyImage}`, ...lines, ''].join('\n'));
    await runOk('docker', ['build', '-q', '-t', tag, dir], { timeoutMs: 120_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const cleanup = async () => {
  await removeHostProxyAndApps(HOST_PROXY, [HP_APP]);
  await removeHostProxyAndApps(NOBASH_HOST_PROXY, [NB_HOST]);
  for (const app of [OWN_APP, NB_OWN]) await removeApp(app);
};

describe('what the proxy image needs (issue 24)', () => {
  beforeAll(async () => {
    tb = testbed();
    await cleanup();
    await buildProxyImage(PLAIN, ['ENTRYPOINT []', 'CMD ["haproxy", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]']);
    await buildProxyImage(NOBASH, ['USER root', 'RUN rm /bin/bash', 'USER haproxy']);
    // The images are what the tests say: one runs its command as given, one has no bash.
    expect(await inspect(PLAIN, '{{json .Config.Entrypoint}}')).toBe('null');
    expect((await run('docker', ['run', '--rm', '--entrypoint', 'bash', NOBASH, '-c', 'true'])).code).not.toBe(0);
    [v1, v2] = [await buildTestApp(tb, 'v1', 'pi/app'), await buildTestApp(tb, 'v2', 'pi/app')];
  }, 300_000);
  afterAll(async () => {
    await cleanup();
    await run('docker', ['rmi', '-f', PLAIN, NOBASH]);
  }, 120_000);

  it('an image without the entrypoint script: the host proxy runs HAProxy master-worker and its reloads take effect', async () => {
    // A new app is staged by a hitless reload: without -W the reload never started a new worker.
    ok(await deployStep(routed(HP_APP, v1, PLAIN)));
    expect(await hostGet(HTTP, `${HP_APP}.test`)).toEqual({ status: 200, body: 'v1' });
    expect(await inspect(HOST_PROXY, '{{json .Config.Entrypoint}} {{json .Config.Cmd}}')).toBe('["haproxy"] ["-W","-db","-f","/usr/local/etc/haproxy/haproxy.cfg"]');
    ok(await deployStep(routed(HP_APP, v2, PLAIN)));
    expect(await hostGet(HTTP, `${HP_APP}.test`)).toEqual({ status: 200, body: 'v2' });
  }, 240_000);

  it('a changed proxy-image is reported, naming the input, both images and what to do; the running proxy keeps serving', async () => {
    const r = await deployStep(routed(HP_APP, v1, tb.proxyImage));
    ok(r);
    expect(shown(r)).toContain(
      `::warning::input 'proxy-image' is "${tb.proxyImage}", but the proxy ${HOST_PROXY} runs "${PLAIN}"; a deploy does not replace a running proxy, so this one goes on with "${PLAIN}". To use "${tb.proxyImage}", remove ${HOST_PROXY} on the host (docker rm -f ${HOST_PROXY}; this drops the open connections of every app on this host) and deploy again`,
    );
    expect(await inspect(HOST_PROXY, '{{.Config.Image}}')).toBe(PLAIN);
    expect(await hostGet(HTTP, `${HP_APP}.test`)).toEqual({ status: 200, body: 'v1' });
  }, 240_000);

  it('an image without the entrypoint script: the app’s own proxy applies a changed health path by its reload', async () => {
    ok(await deployStep(own(OWN_APP, OWN_PORT, v1, PLAIN)));
    const before = await workerPid(`${OWN_APP}-proxy`);
    ok(await deployStep(own(OWN_APP, OWN_PORT, v2, PLAIN, { 'health-path': '/' })));
    expect((await httpGet(OWN_PORT)).body.trim()).toBe('v2');
    // The reload started a new worker (with the new check): without -W, SIGUSR2 left the old one running.
    expect(await workerPid(`${OWN_APP}-proxy`)).not.toBe(before);
    expect(await inspect(`${OWN_APP}-proxy`, '{{json .Config.Entrypoint}}')).toBe('["haproxy"]');
  }, 240_000);

  it('an image without bash is refused for the app’s own proxy, naming proxy-image and bash; no proxy is left', async () => {
    const r = await deployStep(own(NB_OWN, NB_PORT, v1, NOBASH));
    expect(r.code).not.toBe(0);
    expect(shown(r)).toMatch(new RegExp(`Input 'proxy-image': "${NOBASH}" cannot run bash in ${NB_OWN}-proxy \\(exit 126: bash is missing: [^\\n]*executable file not found[^\\n]*shipshape reaches HAProxy's runtime API through bash[^\\n]*; removed ${NB_OWN}-proxy, which this deploy had created`));
    expect(await exists(`${NB_OWN}-proxy`)).toBe(false);
    expect(await exists(`shipshape-lock-${NB_OWN}`)).toBe(false);
  }, 240_000);

  it('an image without bash is refused for the host proxy, naming proxy-image and bash; no proxy is left', async () => {
    const r = await deployStep(routed(NB_HOST, v1, NOBASH, { http: NB_HTTP, https: NB_HTTPS }), NOBASH_HOST_PROXY);
    expect(r.code).not.toBe(0);
    expect(shown(r)).toMatch(new RegExp(`Input 'proxy-image': "${NOBASH}" cannot run bash in ${NOBASH_HOST_PROXY} \\(exit 126: bash is missing: [^\\n]*; removed ${NOBASH_HOST_PROXY}, which this deploy had created`));
    expect(await exists(NOBASH_HOST_PROXY)).toBe(false);
    // Its port is free again: a retry with an image that has bash creates the proxy from scratch.
    ok(await deployStep(routed(NB_HOST, v1, tb.proxyImage, { http: NB_HTTP, https: NB_HTTPS }), NOBASH_HOST_PROXY));
    expect(await hostGet(NB_HTTP, `${NB_HOST}.test`)).toEqual({ status: 200, body: 'v1' });
  }, 240_000);
});
