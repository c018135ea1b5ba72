import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterApp } from '../support/deploy-app-images.js';
import { pebbleRoot, pointName, servedCertificate } from '../support/acme.js';
import { HEALTH_PATH } from '../support/deploy-apps.js';
import { removeHostProxyAndApps, sshDeployInputs } from '../support/deploy-settings.js';
import { httpsGet } from '../support/host-proxy-tls.js';
import { run } from '../support/process.js';
import { runAction, type ActionRun } from '../support/run-action.js';
import { testbed, type Testbed } from '../support/testbed.js';

// tls: acme through dist/index.js as a runner runs the deploy entry, on the real host proxy, against
// pebble: pebble validates each challenge by fetching it through the host proxy's HTTP port. Trust for
// the directory comes only from NODE_EXTRA_CA_CERTS (the testbed's directory CA).
const PROXY = 'i12b-hp';
const A = 'i12b-acme-web';
const C = 'i12b-acme-short';
const HOST_A = 'a.i12b-deploy.test';
const HOST_C = 'c.i12b-deploy.test';
const FAIL = 'fail.i12b-deploy.test';
const HTTPS_PORT = 18584;
let tb: Testbed;
const img: Record<'v1' | 'v2' | 'v3', string> = { v1: '', v2: '', v3: '' };

const env = () => ({ NODE_EXTRA_CA_CERTS: tb.acme.directoryCaPath, SHIPSHAPE_HOST_PROXY_NAME: PROXY });
const connection = (app: string) => {
  const { 'public-port': _unused, ...rest } = sshDeployInputs(tb, app, 1);
  return rest;
};
const inputs = (app: string, image: string, hosts: string, directory: string) => ({
  ...connection(app),
  image,
  'health-path': HEALTH_PATH,
  'soak-seconds': '1',
  hosts,
  tls: 'acme',
  'acme-email': 'ops@i12b.test',
  'acme-directory': directory,
  'http-port': `127.0.0.1:${tb.acme.httpPort}`,
  'https-port': `127.0.0.1:${HTTPS_PORT}`,
});
const deploy = (app: string, image: string, hosts: string, directory: string, clock: Record<string, string> = {}) =>
  runAction({ inputs: inputs(app, image, hosts, directory), env: { ...env(), ...clock }, entry: 'deploy', timeoutMs: 400_000 });
const out = (r: ActionRun) => r.stdout + r.stderr;
const served = async (host: string, roots: string) => httpsGet({ port: HTTPS_PORT, host, servername: host, ca: await pebbleRoot(roots) });
const cleanup = () => removeHostProxyAndApps(PROXY, [A, C]);
/**
 * The clock offset that has the action decide (src/clock.ts, SHIPSHAPE_CLOCK_OFFSET_MS) just after the
 * certificate of `host`, served now, is due: two thirds into its lifetime. No waiting on real time.
 */
async function clockWhenDue(host: string, roots: string): Promise<Record<string, string>> {
  const c = await servedCertificate(HTTPS_PORT, host, await pebbleRoot(roots));
  const from = Date.parse(c.validFrom);
  const due = Date.parse(c.validTo) - (Date.parse(c.validTo) - from) / 3;
  return { SHIPSHAPE_CLOCK_OFFSET_MS: String(Math.max(0, Math.ceil(due - Date.now() + 1500))) };
}

describe('deploy with tls: acme (pebble through the host proxy)', () => {
  beforeAll(async () => {
    tb = testbed();
    await cleanup();
    [img.v1, img.v2, img.v3] = await Promise.all([counterApp(tb, 'i12b/web', 'v1'), counterApp(tb, 'i12b/web', 'v2'), counterApp(tb, 'i12b/web', 'v3')]);
  }, 240_000);
  afterAll(async () => {
    await pointName(FAIL, undefined).catch(() => undefined);
    await cleanup();
  }, 120_000);

  it('the first deploy obtains a certificate before the switch; it is served for the host, verified against pebble\'s root', async () => {
    const r = await deploy(A, img.v1, HOST_A, tb.acme.directory);
    expect(r.code, out(r)).toBe(0);
    expect(out(r)).toContain(`ACME: ${HOST_A} validated`);
    expect(out(r)).toContain('new account key stored on the host');
    expect(await served(HOST_A, tb.acme.roots)).toMatchObject({ status: 200, body: 'v1' });
    expect(r.outputs.url).toBe(`https://${HOST_A}:${HTTPS_PORT}/`);
    expect(r.summary).toMatch(new RegExp(`certificate for .*${HOST_A.replace(/\./g, '\\.')}.* until `));
  }, 420_000);

  it('the second deploy reuses the stored certificate (no new order)', async () => {
    const before = await servedCertificate(HTTPS_PORT, HOST_A, await pebbleRoot(tb.acme.roots));
    const r = await deploy(A, img.v2, HOST_A, tb.acme.directory);
    expect(r.code, out(r)).toBe(0);
    expect(out(r)).toContain(`ACME: reusing the stored certificate of ${A}`);
    expect(out(r)).not.toContain('ACME: ordering');
    expect(await served(HOST_A, tb.acme.roots)).toMatchObject({ status: 200, body: 'v2' });
    expect((await servedCertificate(HTTPS_PORT, HOST_A, await pebbleRoot(tb.acme.roots))).serial).toBe(before.serial);
  }, 420_000);

  it('a wrong ACME directory fails the deploy with what it answered; the live color keeps serving', async () => {
    const wrong = tb.acme.directory.replace(/\/dir$/, '/not-a-directory');
    const r = await deploy(A, img.v3, `${HOST_A}, www.${HOST_A}`, wrong);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(new RegExp(`::error::.*ACME \\(${wrong.replace(/[./]/g, '\\$&')}\\) is not an ACME directory: it answered HTTP 404`));
    expect(await served(HOST_A, tb.acme.roots)).toMatchObject({ status: 200, body: 'v2' });
  }, 420_000);

  it('a failing challenge fails the deploy with the CA\'s own problem detail; the live color keeps serving', async () => {
    await pointName(FAIL, '127.0.0.2');
    try {
      const r = await deploy(A, img.v3, `${HOST_A}, ${FAIL}`, tb.acme.directory);
      expect(r.code).not.toBe(0);
      expect(r.stdout).toMatch(new RegExp(`::error::.*validation of ${FAIL.replace(/\./g, '\\.')} failed: .*127\\.0\\.0\\.2.*connection refused`, 'i'));
      expect(await served(HOST_A, tb.acme.roots)).toMatchObject({ status: 200, body: 'v2' });
    } finally {
      await pointName(FAIL, undefined);
    }
  }, 420_000);

  it('a certificate past two thirds of its (short) lifetime is renewed by the next deploy', async () => {
    const first = await deploy(C, img.v1, HOST_C, tb.acme.shortDirectory);
    expect(first.code, out(first)).toBe(0);
    const before = await servedCertificate(HTTPS_PORT, HOST_C, await pebbleRoot(tb.acme.shortRoots));
    expect(Date.parse(before.validTo) - Date.parse(before.validFrom)).toBeLessThanOrEqual((tb.acme.shortLifetimeSeconds + 1) * 1000);
    const r = await deploy(C, img.v2, HOST_C, tb.acme.shortDirectory, await clockWhenDue(HOST_C, tb.acme.shortRoots));
    expect(r.code, out(r)).toBe(0);
    expect(out(r)).toContain('the stored certificate is due');
    expect(out(r)).toContain('using the account key kept on the host');
    const after = await servedCertificate(HTTPS_PORT, HOST_C, await pebbleRoot(tb.acme.shortRoots));
    expect(after.serial).not.toBe(before.serial);
    expect(await served(HOST_C, tb.acme.shortRoots)).toMatchObject({ status: 200, body: 'v2' });
  }, 420_000);

  it('renew: true renews only the due certificate, touches nothing else, and lists both with expiry and a warning', async () => {
    const ids = async () => (await run('docker', ['ps', '-q', '--no-trunc', '--filter', `name=i12b-acme-`])).stdout.split('\n').sort().join(',');
    const containersBefore = await ids();
    const aBefore = await servedCertificate(HTTPS_PORT, HOST_A, await pebbleRoot(tb.acme.roots));
    const clock = await clockWhenDue(HOST_C, tb.acme.shortRoots);
    const cBefore = await servedCertificate(HTTPS_PORT, HOST_C, await pebbleRoot(tb.acme.shortRoots));
    const { app: _app, ...conn } = connection(A);
    const r = await runAction({ inputs: { ...conn, renew: 'true', image: '' }, env: { ...env(), ...clock }, entry: 'deploy', timeoutMs: 400_000 });
    expect(r.code, out(r)).toBe(0);
    expect(out(r)).toContain(`renew on `);
    expect(out(r)).toContain(`${C} renewed, ${A} reused`);
    expect((await servedCertificate(HTTPS_PORT, HOST_A, await pebbleRoot(tb.acme.roots))).serial).toBe(aBefore.serial);
    const cAfter = await servedCertificate(HTTPS_PORT, HOST_C, await pebbleRoot(tb.acme.shortRoots));
    expect(cAfter.serial).not.toBe(cBefore.serial);
    // Nothing else: the same containers run, both apps still answer.
    expect(await ids()).toBe(containersBefore);
    expect(await served(HOST_A, tb.acme.roots)).toMatchObject({ status: 200, body: 'v2' });
    // The summary lists both certificates with their names and expiry; the short-lived one warns.
    expect(r.summary).toContain('## shipshape renew succeeded');
    expect(r.summary).toMatch(new RegExp(`Certificate \`${A}\` \\| \`${HOST_A.replace(/\./g, '\\.')}\` — reused, expires `));
    expect(r.summary).toMatch(new RegExp(`Certificate \`${C}\` \\| \`${HOST_C.replace(/\./g, '\\.')}\` — renewed, expires .*⚠️ the certificate of ${C}`));
    expect(out(r)).toMatch(new RegExp(`::warning::the certificate of ${C} \\(${HOST_C.replace(/\./g, '\\.')}\\) expires in 0 days`));
  }, 420_000);
});
