import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../support/deploy-settings.js';
import { EngineClient } from '../../src/deploy/engine/client.js';
import { Docker } from '../../src/deploy/engine/docker.js';
import { unixTransport } from '../../src/deploy/engine/transport.js';
import { CONFIG_DIR, CONFIG_FILE } from '../../src/deploy/haproxy.js';
import { NETWORK } from '../../src/deploy/core/spec.js';
import { ACME_MAP, appBackend, hostProxyConfig, MAP_FILE, type HostApp } from '../../src/deploy/placements/host-proxy/config.js';
import { ensureHostProxy, hostProxyVolume, reloadHostProxy } from '../../src/deploy/placements/host-proxy/container.js';
import { hostGet } from '../support/deploy-load.js';
import { longestLine, manyApps, startBackgroundApps } from '../support/host-proxy-maps.js';
import { run, runOk } from '../support/process.js';
import { testbed } from '../support/testbed.js';

// The host proxy's config for 200 apps and 1,000 host names (half with TLS, every tenth app with a path
// prefix) in the real HAProxy image: `haproxy -c` passes, no line nears HAProxy's 64 words, and the
// proxy routes by the maps — three of the apps have a container of their own, the other 197 share one (DNS aliases).
const tb = testbed();
const PROXY = 'sc-scale-proxy';
const HTTP = 18490;
const apps = manyApps(200, 1000);
// app 000: TLS; app 001: plain; app 005: plain with the prefix /svc5.
const real = [apps[0]!, apps[1]!, apps[5]!];
const added: HostApp = { app: 'sc-app-new', route: { hosts: ['sc-app-new.test'], tls: 'off' }, containerPort: 8080, healthPath: '/', live: 'blue' };
const BACKGROUND = 'sc-scale-bg';
const containers = [...real, added].map((a) => `${a.app}-blue`).concat(BACKGROUND);
const transport = unixTransport(tb.dockerSocket);
let docker: Docker;

const cleanup = async () => {
  await run('docker', ['rm', '-f', PROXY, ...containers]);
  await run('docker', ['volume', 'rm', hostProxyVolume(PROXY)]);
};
const get = (host: string, path: string) => hostGet(HTTP, host, path);
async function until(host: string, path: string, status: number): Promise<{ status: number; body: string }> {
  let r = { status: 0, body: '' };
  for (let i = 0; i < 100 && r.status !== status; i++) {
    r = await get(host, path).catch(() => r);
    if (r.status !== status) await new Promise((res) => setTimeout(res, 200));
  }
  return r;
}
const mapFiles = async () => (await runOk('docker', ['exec', PROXY, 'ls', CONFIG_DIR])).split('\n').filter((f) => MAP_FILE.test(f)).sort();

beforeAll(async () => {
  docker = new Docker(await new EngineClient(transport).connect());
  await cleanup();
  await docker.ensureNetwork(NETWORK);
  for (const a of [...real, added]) {
    const body = a.app.replace(/^sc-/, '');
    await runOk('docker', ['run', '-d', '--name', `${a.app}-blue`, '--network', NETWORK, tb.baseImage, 'sh', '-c', `mkdir -p /www/x && echo ${body} > /www/index.html && echo ${body}-x > /www/x/index.html && exec httpd -f -p 8080 -h /www`]);
  }
  await startBackgroundApps(BACKGROUND, apps.filter((a) => !real.includes(a)), { image: tb.proxyImage, network: NETWORK });
}, 60_000);

afterAll(async () => {
  transport.close();
  await cleanup();
});

describe('host proxy at scale, in the HAProxy image', () => {
  it('200 apps and 1,000 host names: haproxy -c passes, no line over 64 words; routed by Host and longest prefix, TLS hosts redirected', async () => {
    const files = hostProxyConfig(apps, { tls: true, staged: apps.slice(10, 13) });
    expect(longestLine(files.config)).toBeLessThanOrEqual(64);
    expect(files.config.split('\n').length).toBeLessThan(200 * 20);
    const control = await ensureHostProxy(docker, { name: PROXY, image: tb.proxyImage, platform: `${docker.api.os}/${docker.api.arch}`, httpPort: { address: '127.0.0.1', port: HTTP }, httpsPort: { address: '127.0.0.1', port: HTTP + 1 }, config: () => files, logger: memoryLogger() });
    const check = await run('docker', ['exec', PROXY, 'haproxy', '-c', '-f', `${CONFIG_DIR}/${CONFIG_FILE}`]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout + check.stderr).toMatch(/Configuration file is valid/);
    expect(check.stdout + check.stderr).not.toMatch(/too many words|truncating/);
    expect(await mapFiles()).toEqual(Object.keys(files.maps).sort());

    expect(await until('sc-app-001-3.test', '/', 200)).toEqual({ status: 200, body: 'app-001' });
    expect(await get('SC-APP-001-0.test.:80', '/x/')).toEqual({ status: 200, body: 'app-001-x' });
    expect(await until('sc-app-005-4.test', '/svc5/x/', 200)).toEqual({ status: 200, body: 'app-005-x' });
    expect(await get('sc-app-005-4.test', '/svc5')).toEqual({ status: 200, body: 'app-005' });
    expect((await get('sc-app-005-4.test', '/svc5x/')).status).toBe(404);
    expect((await get('sc-app-005-4.test/svc5', '/x/')).status).toBe(404);
    expect((await get('sc-app-005-4.test', '/')).body).toContain('No app on this proxy serves this host and path');
    expect((await get('nobody.test', '/')).status).toBe(404);
    expect(await until('sc-app-199-4.test', '/', 200)).toEqual({ status: 200, body: 'bg' });
    expect(await get('sc-app-195-0.test', '/svc195/a')).toEqual({ status: 200, body: 'bg' });
    expect((await get('sc-app-195-0.test', '/a')).status).toBe(404);
    // A TLS app's host (and any of the 500) is redirected; ACME challenges are not.
    expect((await get('sc-app-000-2.test', '/')).status).toBe(301);
    expect((await get('sc-app-198-4.test', '/')).status).toBe(301);
    await control.runtime(`add map ${ACME_MAP} tok1 tok1.key`);
    expect(await get('sc-app-000-2.test', '/.well-known/acme-challenge/tok1')).toEqual({ status: 200, body: 'tok1.key' });
    // A staged backend is checked, never routed.
    expect(await control.runtime('show stat')).toContain('stage-sc-app-010');

    // A reload with one app removed and one added: routed as the new maps say, the old maps removed.
    const next = [...apps.filter((a) => a.app !== 'sc-app-001'), added];
    const nextFiles = hostProxyConfig(next, { tls: true });
    await reloadHostProxy(docker, control, nextFiles, { fresh: [appBackend(added.app)] });
    expect(await until('sc-app-new.test', '/', 200)).toEqual({ status: 200, body: 'app-new' });
    expect((await get('sc-app-001-3.test', '/')).status).toBe(404);
    expect(await get('sc-app-005-4.test', '/svc5/x/')).toEqual({ status: 200, body: 'app-005-x' });
    expect(await mapFiles()).toEqual(Object.keys(nextFiles.maps).sort());
    expect(await control.runtime('show stat')).not.toContain('stage-sc-app-010');
  }, 180_000);
});
