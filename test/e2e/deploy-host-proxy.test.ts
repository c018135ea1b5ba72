import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, HEALTH_PATH } from '../support/deploy-apps.js';
import { hostGet, httpGet } from '../support/deploy-load.js';
import { removeHostProxyAndApps, sshDeployInputs } from '../support/deploy-settings.js';
import { httpsLoad } from '../support/host-load.js';
import { httpsGet, makeTestCa } from '../support/host-proxy-tls.js';
import { run } from '../support/process.js';
import { runAction, type ActionRun } from '../support/run-action.js';
import { testbed, type Testbed } from '../support/testbed.js';

// Issue 12 through dist/index.js like a runner: apps i12a-a.test and i12a-b.test on one host proxy (its
// own name here, so other tests' proxies are untouched), with provided certificates from a test CA
// that every client verifies; an old-style app on its own public-port beside them.
const PROXY = `i12a-host-proxy-${process.pid}`;
const [A, B, C, D, OLD] = ['i12a-a', 'i12a-b', 'i12a-c', 'i12a-d', 'i12a-old'];
const HTTP = 18680;
const HTTPS = 18681;
const OLD_PORT = 18682;
const env = { SHIPSHAPE_HOST_PROXY_NAME: PROXY };
let tb: Testbed;
let v1: string;
let v2: string;
let ca: Awaited<ReturnType<typeof makeTestCa>>;
let certs: Record<string, { certPem: string; keyPem: string }>;

const inputs = (app: string, image: string, more: Record<string, string> = {}) => ({
  ...sshDeployInputs(tb, app, OLD_PORT),
  image,
  'health-path': HEALTH_PATH,
  'soak-seconds': '1',
  hosts: `${app}.test`,
  'http-port': `127.0.0.1:${HTTP}`,
  'https-port': `127.0.0.1:${HTTPS}`,
  ...(certs[app] && { tls: 'provided', 'tls-certificate': certs[app]!.certPem, 'tls-certificate-key': certs[app]!.keyPem }),
  ...more,
});
const deployStep = (i: Record<string, string>) => runAction({ entry: 'deploy', inputs: i, env });
// The ::add-mask:: lines carry the secrets themselves: never in the test's output.
const shown = (r: ActionRun) => `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
const ok = (r: ActionRun) => expect(r.code, shown(r).slice(-4000)).toBe(0);
const get = (app: string) => httpsGet({ port: HTTPS, host: `${app}.test`, servername: `${app}.test`, ca: ca.ca });
const cleanup = () => removeHostProxyAndApps(PROXY, [A, B, C, D, OLD]);

describe('many apps on one host proxy (issue 12)', () => {
  beforeAll(async () => {
    tb = testbed();
    await cleanup();
    [v1, v2] = [await buildTestApp(tb, 'v1', 'i12a/app'), await buildTestApp(tb, 'v2', 'i12a/app')];
    ca = await makeTestCa();
    certs = { [A]: await ca.issue([`${A}.test`]), [B]: await ca.issue([`${B}.test`]) };
  }, 240_000);
  afterAll(async () => {
    await cleanup();
    ca?.close();
  }, 120_000);

  it('deploys two new-style apps and an old-style one at the same moment: all routes present, served with verified certificates', async () => {
    const [a, b, old] = await Promise.all([deployStep(inputs(A, v1)), deployStep(inputs(B, v1)), runAction({ entry: 'deploy', env, inputs: { ...sshDeployInputs(tb, OLD, OLD_PORT), image: v1, 'health-path': HEALTH_PATH, 'soak-seconds': '1' } })]);
    [a, b, old].forEach(ok);
    expect(a.outputs.url).toBe(`https://${A}.test:${HTTPS}/`);
    expect(old.outputs.url).toBe('');
    expect(await get(A)).toEqual({ status: 200, body: 'v1', subject: `${A}.test` });
    expect(await get(B)).toEqual({ status: 200, body: 'v1', subject: `${B}.test` });
    expect((await httpGet(OLD_PORT)).body.trim()).toBe('v1');
    // Unknown host: the proxy's 404 page, no app's response.
    const unknown = await httpsGet({ port: HTTPS, host: 'nobody.test', ca: ca.ca }).catch(() => undefined);
    const def = unknown ?? (await httpsGet({ port: HTTPS, host: 'nobody.test', ca: await defaultCert() }));
    expect(def.status).toBe(404);
    expect(def.body).toContain('No app on this proxy serves this host and path');
    const record = JSON.parse(await readFile(a.outputs['record-path']!, 'utf8'));
    expect(record.deploy.route).toMatchObject({ hosts: [`${A}.test`], tls: 'provided', url: a.outputs.url, proxy: PROXY, certificate: { names: [`${A}.test`] } });
    expect(JSON.stringify(record)).not.toContain('PRIVATE KEY');
    expect(a.summary).toContain(`| Route | \`${A}.test\` · TLS provided<br>certificate for ${A}.test until`);
    // Only ever as a mask: no other line of the log carries the key.
    expect(shown(a).includes(certs[A]!.keyPem.split('\n')[1]!)).toBe(false);
  }, 300_000);

  it('swaps A v1 → v2 under HTTPS load on A and B (keep-alive and not): 0 failed, B always v1', async () => {
    const loads = [A, B].flatMap((app) => [true, false].map((keepAlive) => ({ app, keepAlive, load: httpsLoad({ port: HTTPS, host: `${app}.test`, ca: ca.ca, keepAlive }) })));
    const swap = await deployStep(inputs(A, v2));
    const results = await Promise.all(loads.map(async (l) => ({ ...l, r: await l.load.stop() })));
    ok(swap);
    for (const { app, keepAlive, r } of results) {
      expect(r.failed, `${app} keepAlive=${keepAlive}: ${r.errors.join('; ')}`).toBe(0);
      expect(r.complete).toBeGreaterThan(20);
      if (app === B) expect(Object.keys(r.bodies)).toEqual(['v1']);
      else expect(Object.keys(r.bodies).every((k) => k === 'v1' || k === 'v2')).toBe(true);
    }
    expect((await get(A)).body).toBe('v2');
  }, 300_000);

  it('adds C and removes it under HTTPS load on A and B: 0 failed; C routed while it is there, a 404 after', async () => {
    const loads = [A, B].flatMap((app) => [true, false].map((keepAlive) => ({ app, keepAlive, load: httpsLoad({ port: HTTPS, host: `${app}.test`, ca: ca.ca, keepAlive }) })));
    const add = await deployStep(inputs(C, v1));
    ok(add);
    const c = await plainGet(`${C}.test`);
    const rm = await runAction({ entry: 'deploy', env, inputs: { ...sshDeployInputs(tb, C, OLD_PORT), image: v1, remove: 'true' } });
    const results = await Promise.all(loads.map(async (l) => ({ ...l, r: await l.load.stop() })));
    ok(rm);
    expect(c).toEqual({ status: 200, body: 'v1' });
    expect((await plainGet(`${C}.test`)).status).toBe(404);
    for (const { app, keepAlive, r } of results) {
      expect(r.failed, `${app} keepAlive=${keepAlive}: ${r.errors.join('; ')}`).toBe(0);
      expect(r.complete).toBeGreaterThan(20);
    }
    for (const name of [`${C}-blue`, `${C}-green`, `shipshape-state-${C}`]) expect((await run('docker', ['inspect', name])).code).not.toBe(0);
    expect((await run('docker', ['volume', 'inspect', `shipshape-state-${C}`])).code).not.toBe(0);
    const record = JSON.parse(await readFile(rm.outputs['record-path']!, 'utf8'));
    expect(record.deploy.removed).toContain(`${C}-blue`);
    expect((await get(A)).body).toBe('v2');
    expect((await get(B)).body).toBe('v1');
  }, 300_000);

  it('refuses a mismatched key naming the input, and other ports for the host proxy naming the input; nothing changes', async () => {
    const bad = await deployStep(inputs(A, v1, { 'tls-certificate-key': certs[B]!.keyPem }));
    expect(bad.code).not.toBe(0);
    expect(shown(bad)).toContain("Input 'tls-certificate-key': does not match the certificate in 'tls-certificate'");
    expect(shown(bad).includes(certs[B]!.keyPem.split('\n')[1]!)).toBe(false);
    const ports = await deployStep(inputs(A, v1, { 'http-port': `127.0.0.1:${HTTP + 10}` }));
    expect(ports.code).not.toBe(0);
    expect(shown(ports)).toMatch(/Input 'http-port': "127\.0\.0\.1:18690" differs from 127\.0\.0\.1:18680/);
    expect((await get(A)).body).toBe('v2');
    expect((await httpGet(OLD_PORT)).body.trim()).toBe('v1');
  }, 300_000);

  it('rolls A back to v1 with rollback: true (B untouched), and routes a path prefix to D with the prefix stripped', async () => {
    const back = await deployStep({ ...inputs(A, v2), rollback: 'true' });
    ok(back);
    expect((await get(A)).body).toBe('v1');
    expect((await get(B)).body).toBe('v1');
    const d = await deployStep(inputs(D, v2, { 'path-prefix': '/d' }));
    ok(d);
    expect(d.outputs.url).toBe(`http://${D}.test:${HTTP}/d`);
    // /d/ reaches D as / (its index page): stripped; outside the prefix the proxy's 404 answers.
    expect(await plainGet(`${D}.test`, '/d/')).toEqual({ status: 200, body: 'v2' });
    expect((await plainGet(`${D}.test`, '/')).status).toBe(404);
    expect((await get(A)).body).toBe('v1');
  }, 300_000);
});

async function defaultCert(): Promise<string> {
  const pem = (await run('docker', ['exec', PROXY, 'bash', '-c', 'while IFS= read -r l; do printf "%s\\n" "$l"; done </usr/local/etc/haproxy/tls-default.pem'])).stdout;
  return pem.slice(0, pem.indexOf('-----END CERTIFICATE-----') + 25);
}

/** GET / over plain HTTP with a Host (node:http; fetch would set Host from the URL). */
const plainGet = (host: string, path = '/') => hostGet(HTTP, host, path);
