import { X509Certificate } from 'node:crypto';
import { hostGet } from '../support/deploy-load.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../src/deploy/engine/client.js';
import { Docker } from '../../src/deploy/engine/docker.js';
import { unixTransport } from '../../src/deploy/engine/transport.js';
import { CONFIG_DIR, ProxyControl } from '../../src/deploy/haproxy.js';
import { accountKeyFile } from '../../src/deploy/placements/host-proxy/acme-due.js';
import { ACME_APPS_FILE } from '../../src/deploy/placements/host-proxy/acme.js';
import { writeInitialCertificates } from '../../src/deploy/placements/host-proxy/certs.js';
import { ACME_MAP, hostProxyConfig } from '../../src/deploy/placements/host-proxy/config.js';
import { putHostProxyFiles } from '../../src/deploy/placements/host-proxy/files.js';
import { chainVerifies, obtainInProcess, pebbleRoot, pointName } from '../support/acme.js';
import { httpsGet } from '../support/host-proxy-tls.js';
import { run, runOk } from '../support/process.js';
import { testbed } from '../support/testbed.js';

// obtainCertificate against the real host proxy HAProxy and a real ACME CA (pebble): the proxy answers
// the HTTP-01 challenge itself from its runtime-API map; pebble fetches it through the proxy's HTTP port.
const tb = testbed();
const net = `i12b-acme-net-${process.pid}`;
const PROXY = 'i12b-acme-proxy';
const names = ['i12b-acme-a-blue', PROXY];
const HOST = 'a.i12b-acme.test';
const HTTPS_PORT = 18583;
const FAIL_HOST = 'fail.i12b-acme.test';
const transport = unixTransport(tb.dockerSocket);
let docker: Docker;

const get = (host: string, path: string) => hostGet(tb.acme.httpPort, host, path);

const stored = () => docker.getFile(PROXY, `${CONFIG_DIR}/tls-app-i12b-acme-a.pem`);
const serial = (pem: string) => new X509Certificate(pem).serialNumber;
const mapEntries = async () => (await new ProxyControl(docker, PROXY).runtime(`show map ${ACME_MAP}`)).trim();

beforeAll(async () => {
  docker = new Docker(await new EngineClient(transport).connect());
  await run('docker', ['rm', '-f', ...names]);
  await runOk('docker', ['network', 'create', net]);
  await runOk('docker', ['run', '-d', '--name', 'i12b-acme-a-blue', '--network', net, tb.baseImage, 'sh', '-c', 'mkdir -p /www && echo app-a > /www/index.html && exec httpd -f -p 8080 -h /www']);
  const cfg = hostProxyConfig([{ app: 'i12b-acme-a', route: { hosts: [HOST, `www.${HOST}`, FAIL_HOST], tls: 'acme' }, containerPort: 8080, healthPath: '/', live: 'blue' }], { tls: true });
  await runOk('docker', ['create', '--name', PROXY, '--network', net, '-p', `127.0.0.1:${tb.acme.httpPort}:8080`, '-p', `127.0.0.1:${HTTPS_PORT}:8443`, tb.proxyImage, 'haproxy', '-W', '-db', '-f', `${CONFIG_DIR}/haproxy.cfg`]);
  await putHostProxyFiles(docker, PROXY, cfg);
  await docker.putFile(PROXY, CONFIG_DIR, 'acme.map', '');
  await writeInitialCertificates(docker, PROXY, { uid: 0, gid: 0 });
  await runOk('docker', ['start', PROXY]);
  // A TLS app's plain HTTP is redirected to HTTPS (challenges excepted).
  let a = { status: 0, body: '' };
  for (let i = 0; i < 50 && a.status !== 301; i++) {
    a = await get(HOST, '/').catch(() => a);
    if (a.status !== 301) await new Promise((r) => setTimeout(r, 200));
  }
  expect(a.status).toBe(301);
}, 120_000);

afterAll(async () => {
  transport.close();
  await pointName(FAIL_HOST, undefined).catch(() => undefined);
  await run('docker', ['rm', '-f', ...names]);
  await run('docker', ['network', 'rm', net]);
});

describe('ACME through the host proxy (pebble)', () => {
  const base = { container: PROXY, app: 'i12b-acme-a', hosts: [HOST], directory: tb.acme.directory, email: 'ops@i12b.test' };
  let first = '';

  it('a first obtain orders a certificate; pebble validated the challenge the proxy answered; the chain leads to pebble\'s root', async () => {
    const r = await obtainInProcess(base);
    expect(r.error, r.log.join('\n')).toBeUndefined();
    expect(r.action).toBe('obtained');
    expect(r.names).toEqual([HOST]);
    expect(r.log.join('\n')).toContain(`ACME: ${HOST} validated`);
    expect(r.log.join('\n')).toContain('new account key stored on the host');
    const perms = await runOk('docker', ['exec', PROXY, 'ls', '-l', `${CONFIG_DIR}/${accountKeyFile(tb.acme.directory)}`, `${CONFIG_DIR}/tls-app-i12b-acme-a.pem`]);
    expect(perms.trim().split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['-rw-------', '-rw-------']);
    expect(chainVerifies(r.certPem!, await pebbleRoot(tb.acme.roots))).toBe(true);
    expect(new X509Certificate(r.certPem!).checkHost(HOST)).toBe(HOST);
    // Stored on the host with its key; the challenge entry is gone from the map again.
    first = (await stored())!;
    expect(first).toContain('PRIVATE KEY');
    expect(await mapEntries()).toBe('');
    expect((await docker.getFile(PROXY, ACME_MAP))?.trim()).toBe('');
    // Loaded into the running proxy without a reload: served for its name, verified against pebble's root.
    const served = await httpsGet({ port: HTTPS_PORT, host: HOST, servername: HOST, ca: await pebbleRoot(tb.acme.roots) });
    expect(served).toMatchObject({ status: 200, body: 'app-a' });
    expect(JSON.parse((await docker.getFile(PROXY, `${CONFIG_DIR}/${ACME_APPS_FILE}`))!)).toEqual({ 'i12b-acme-a': { hosts: [HOST], directory: tb.acme.directory, email: 'ops@i12b.test' } });
  }, 240_000);

  it('a second obtain reuses the stored certificate: no new order', async () => {
    const r = await obtainInProcess(base);
    expect(r.error, r.log.join('\n')).toBeUndefined();
    expect(r.action).toBe('reused');
    expect(r.log.join('\n')).not.toContain('ordering');
    expect(serial(r.certPem!)).toBe(serial(first));
  }, 240_000);

  it('with the clock two thirds into the lifetime it renews, with the account key kept on the host', async () => {
    const key = await docker.getFile(PROXY, `${CONFIG_DIR}/${accountKeyFile(tb.acme.directory)}`);
    const leaf = new X509Certificate(first);
    const now = new Date(Date.parse(leaf.validTo) - (Date.parse(leaf.validTo) - Date.parse(leaf.validFrom)) / 3 + 60_000).toISOString();
    const r = await obtainInProcess({ ...base, now });
    expect(r.error, r.log.join('\n')).toBeUndefined();
    expect(r.action).toBe('renewed');
    expect(r.log.join('\n')).toContain('the stored certificate is due');
    expect(r.log.join('\n')).toContain('using the account key kept on the host');
    expect(serial(r.certPem!)).not.toBe(serial(first));
    expect(await docker.getFile(PROXY, `${CONFIG_DIR}/${accountKeyFile(tb.acme.directory)}`)).toBe(key);
    first = (await stored())!;
  }, 240_000);

  it('new names order a new certificate covering them all (the kept account, now without an e-mail)', async () => {
    const { email: _email, ...noEmail } = base;
    const r = await obtainInProcess({ ...noEmail, hosts: [HOST, `www.${HOST}`] });
    expect(r.log.join('\n')).toContain('using the account key kept on the host');
    expect(r.error, r.log.join('\n')).toBeUndefined();
    expect(r.action).toBe('renewed');
    expect(r.log.join('\n')).toContain(`does not cover www.${HOST}`);
    expect(new X509Certificate(r.certPem!).checkHost(`www.${HOST}`)).toBe(`www.${HOST}`);
    first = (await stored())!;
    // The renewed certificate replaced the old one in the running proxy (set + commit ssl cert).
    const served = await httpsGet({ port: HTTPS_PORT, host: `www.${HOST}`, servername: `www.${HOST}`, ca: await pebbleRoot(tb.acme.roots) });
    expect(served).toMatchObject({ status: 200, body: 'app-a' });
  }, 240_000);

  it('a wrong ACME directory fails with what it answered, naming it; the stored certificate stays', async () => {
    const wrong = tb.acme.directory.replace(/\/dir$/, '/no-such-directory');
    const r = await obtainInProcess({ ...base, hosts: ['new.i12b-acme.test'], directory: wrong });
    expect(r.name).toBe('AcmeError');
    expect(r.error).toContain(`ACME (${wrong})`);
    expect(r.error).toMatch(/is not an ACME directory: it answered HTTP 404/);
    expect(await stored()).toBe(first);
  }, 240_000);

  it('a failing challenge fails with the CA\'s own problem detail; the map is cleaned and the stored certificate stays', async () => {
    // The name resolves where nothing listens on the validation port: pebble cannot fetch the answer.
    await pointName(FAIL_HOST, '127.0.0.2');
    try {
      const r = await obtainInProcess({ ...base, hosts: [FAIL_HOST] });
      expect(r.name).toBe('AcmeError');
      expect(r.error).toContain(`validation of ${FAIL_HOST} failed`);
      expect(r.error).toMatch(/127\.0\.0\.2.*connection refused/i);
      expect(await mapEntries()).toBe('');
      expect((await docker.getFile(PROXY, ACME_MAP))?.trim()).toBe('');
      expect(await stored()).toBe(first);
    } finally {
      await pointName(FAIL_HOST, undefined);
    }
  }, 240_000);

  it('the directory\'s TLS is verified: without NODE_EXTRA_CA_CERTS naming its CA the obtain fails', async () => {
    const r = await obtainInProcess({ ...base, hosts: ['other.i12b-acme.test'] }, null);
    expect(r.name).toBe('AcmeError');
    expect(r.error).toContain(`ACME (${tb.acme.directory}): the directory could not be fetched: unable to verify the first certificate`);
  }, 240_000);
});
