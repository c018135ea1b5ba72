import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { runOk } from './process.js';

export interface TlsMaterial {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/** A throwaway CA, a server cert for IP 127.0.0.1 and a client cert, made with openssl. */
export async function makeTlsMaterial(): Promise<TlsMaterial> {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-tls-'));
  const f = (n: string) => join(dir, n);
  const ossl = (...args: string[]) => runOk('openssl', args);
  await ossl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=deploy-test-ca', '-keyout', f('ca.key'), '-out', f('ca.pem'));
  for (const [name, ext] of [
    ['server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n'],
    ['client', 'extendedKeyUsage=clientAuth\n'],
  ] as const) {
    writeFileSync(f(`${name}.ext`), ext);
    await ossl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=deploy-test-${name}`, '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`));
    await ossl('x509', '-req', '-in', f(`${name}.csr`), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', '1', '-extfile', f(`${name}.ext`), '-out', f(`${name}.pem`));
  }
  const r = (n: string) => readFileSync(f(n), 'utf8');
  return { ca: r('ca.pem'), serverCert: r('server.pem'), serverKey: r('server.key'), clientCert: r('client.pem'), clientKey: r('client.key') };
}

/**
 * A TLS endpoint on 127.0.0.1:port that requires a client certificate signed by the CA and
 * pipes to the local engine socket: a stand-in for `dockerd --tlsverify -H tcp://…` (only one
 * dockerd can run per machine, and the testbed's has no TCP listener).
 */
export async function startTlsForwarder(m: TlsMaterial, port: number, socketPath: string): Promise<{ close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ cert: m.serverCert, key: m.serverKey, ca: m.ca, requestCert: true, rejectUnauthorized: true }, (client) => {
    const engine = net.connect(socketPath);
    sockets.add(client);
    sockets.add(engine);
    client.pipe(engine).pipe(client);
    const end = () => {
      client.destroy();
      engine.destroy();
      sockets.delete(client);
      sockets.delete(engine);
    };
    client.on('error', end).on('close', end);
    engine.on('error', end).on('close', end);
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  return {
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
