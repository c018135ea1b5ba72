import * as http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../src/deploy/engine/client.js';
import { Docker } from '../../src/deploy/engine/docker.js';
import { unixTransport } from '../../src/deploy/engine/transport.js';
import { checkCertificate } from '../../src/settings/certificate.js';
import { DEFAULT_CERT_PATH, installCertificate, readCertificate, removeCertificate } from '../../src/deploy/placements/host-proxy/certs.js';
import { hostProxyConfig } from '../../src/deploy/placements/host-proxy/config.js';
import { ensureHostProxy, hostProxyVolume, reloadHostProxy } from '../../src/deploy/placements/host-proxy/container.js';
import { NETWORK } from '../../src/deploy/core/spec.js';
import { silentLogger } from '../../src/log.js';
import { makeTestCa, httpsGet } from '../support/host-proxy-tls.js';
import { run, runOk } from '../support/process.js';
import { testbed } from '../support/testbed.js';

// Provided certificates on the real host proxy: stored, loaded through the runtime API without a
// reload (the worker pid stays), picked by SNI and verified by the client; no SNI gets the default one.
const tb = testbed();
const proxy = `i12a-cert-proxy-${process.pid}`;
const appc = 'i12a-cert-a-blue';
const HTTP = 18637;
const HTTPS = 18638;
const ca = await makeTestCa();
const transport = unixTransport(tb.dockerSocket);

afterAll(async () => {
  transport.close();
  await run('docker', ['rm', '-f', proxy, appc]);
  await run('docker', ['volume', 'rm', hostProxyVolume(proxy)]);
  ca.close();
});

describe('host proxy certificates', () => {
  it('loads a provided certificate without a reload, served for its names by SNI; no SNI gets the default; removed again', async () => {
    const docker = new Docker(await new EngineClient(transport).connect());
    await run('docker', ['rm', '-f', proxy, appc]);
    await run('docker', ['volume', 'rm', hostProxyVolume(proxy)]);
    await docker.ensureNetwork(NETWORK);
    await runOk('docker', ['run', '-d', '--name', appc, '--network', NETWORK, tb.baseImage, 'sh', '-c', 'mkdir -p /www && echo app-a > /www/index.html && exec httpd -f -p 8080 -h /www']);
    const apps = [{ app: 'i12a-cert-a', route: { hosts: ['i12a-a.test'], tls: 'provided' as const }, containerPort: 8080, healthPath: '/', live: 'blue' as const }];
    const control = await ensureHostProxy(docker, {
      name: proxy,
      image: tb.proxyImage,
      platform: 'linux/amd64',
      httpPort: { address: '127.0.0.1', port: HTTP },
      httpsPort: { address: '127.0.0.1', port: HTTPS },
      config: () => hostProxyConfig(apps, { tls: true }),
      logger: silentLogger,
    });
    const pid = /^Pid: (\d+)$/m.exec(await control.runtime('show info'))?.[1];
    const pair = await ca.issue(['i12a-a.test', 'www.i12a-a.test']);
    const ctx = { docker, control };
    const info = await installCertificate(ctx, 'i12a-cert-a', pair);
    expect(info.names).toEqual(['i12a-a.test', 'www.i12a-a.test']);
    expect(await readCertificate(ctx, 'i12a-cert-a')).toEqual(info);
    // Stored 0600 for HAProxy's user only.
    const file = '/usr/local/etc/haproxy/tls-app-i12a-cert-a.pem';
    expect((await run('docker', ['exec', proxy, 'bash', '-c', '[ -O "$1" ] && [ -r "$1" ]', 'x', file])).code).toBe(0);
    expect((await run('docker', ['exec', '-u', '4242', proxy, 'bash', '-c', '[ -r "$1" ]', 'x', file])).code).not.toBe(0);
    expect(/^Pid: (\d+)$/m.exec(await control.runtime('show info'))?.[1]).toBe(pid);

    let res = { status: 0, body: '', subject: '' };
    for (let i = 0; i < 50 && res.status !== 200; i++) {
      res = await httpsGet({ port: HTTPS, host: 'i12a-a.test', servername: 'i12a-a.test', ca: ca.ca }).catch(() => res);
      if (res.status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(res).toEqual({ status: 200, body: 'app-a', subject: 'i12a-a.test' });
    expect(await httpsGet({ port: HTTPS, host: 'www.i12a-a.test', servername: 'www.i12a-a.test', ca: ca.ca, path: '/nope' })).toMatchObject({ status: 404 });
    // No SNI: the default certificate (verified against itself), still routed by Host.
    const def = (await docker.getFile(proxy, DEFAULT_CERT_PATH))!;
    const defCert = def.slice(0, def.indexOf('-----END CERTIFICATE-----') + 25);
    expect(await httpsGet({ port: HTTPS, host: 'i12a-a.test', ca: defCert })).toMatchObject({ status: 200, body: 'app-a', subject: 'shipshape default certificate' });
    // HTTP is redirected to HTTPS for an app with TLS.
    const plain = await new Promise<{ status?: number; location?: string }>((resolve, reject) =>
      http.get({ host: '127.0.0.1', port: HTTP, path: '/x', headers: { host: 'i12a-a.test' }, timeout: 5000 }, (r) => (r.resume(), resolve({ status: r.statusCode, location: r.headers.location }))).on('error', reject),
    );
    expect(plain).toEqual({ status: 301, location: 'https://i12a-a.test/x' });

    // A renewed certificate replaces the loaded one in place.
    const renewed = await ca.issue(['i12a-a.test', 'www.i12a-a.test'], { days: 1 });
    const info2 = await installCertificate(ctx, 'i12a-cert-a', renewed);
    expect(info2.notAfter < info.notAfter || info2.notAfter === info.notAfter).toBe(true);
    expect((await httpsGet({ port: HTTPS, host: 'i12a-a.test', servername: 'i12a-a.test', ca: ca.ca })).status).toBe(200);
    expect(/^Pid: (\d+)$/m.exec(await control.runtime('show info'))?.[1]).toBe(pid);

    // A reload (the app set changed) loads the same certificate from the crt-list file.
    await reloadHostProxy(docker, control, hostProxyConfig(apps, { tls: true }));
    expect((await httpsGet({ port: HTTPS, host: 'i12a-a.test', servername: 'i12a-a.test', ca: ca.ca })).status).toBe(200);

    await removeCertificate(ctx, 'i12a-cert-a');
    expect(await readCertificate(ctx, 'i12a-cert-a')).toBeUndefined();
    await expect(httpsGet({ port: HTTPS, host: 'i12a-a.test', servername: 'i12a-a.test', ca: ca.ca })).rejects.toThrow();
  }, 120_000);

  it('refuses a key that does not match, a certificate missing a host, and an expired one, naming the input', async () => {
    const a = await ca.issue(['i12a-a.test']);
    const b = await ca.issue(['i12a-b.test']);
    expect(() => checkCertificate({ certPem: a.certPem, keyPem: b.keyPem }, ['i12a-a.test'], new Date())).toThrow(/^Input 'tls-certificate-key': does not match the certificate/);
    expect(() => checkCertificate(a, ['i12a-a.test', 'i12a-b.test'], new Date())).toThrow(/^Input 'tls-certificate': does not cover i12a-b.test from 'hosts'/);
    expect(() => checkCertificate(a, ['i12a-a.test'], new Date(Date.now() + 5 * 86_400_000))).toThrow(/^Input 'tls-certificate': expired on /);
    expect(checkCertificate(a, ['i12a-a.test'], new Date()).pem).not.toMatch(/\n\n/);
  }, 60_000);
});
