import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOk } from './process.js';

/** A throwaway CA (openssl) that issues server certificates for DNS names (and IPv4 addresses). */
export async function makeTestCa(): Promise<{ ca: string; issue: (names: string[], o?: { days?: number }) => Promise<{ certPem: string; keyPem: string }>; close: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'i12a-ca-'));
  const f = (n: string) => join(dir, n);
  const ossl = (...args: string[]) => runOk('openssl', args);
  await ossl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=i12a-test-ca', '-keyout', f('ca.key'), '-out', f('ca.pem'));
  let n = 0;
  return {
    ca: readFileSync(f('ca.pem'), 'utf8'),
    issue: async (names, o = {}) => {
      const id = `leaf${n++}`;
      writeFileSync(f(`${id}.ext`), `subjectAltName=${names.map((h) => (/^\d+(\.\d+){3}$/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(',')}\nextendedKeyUsage=serverAuth\n`);
      await ossl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${names[0]}`, '-keyout', f(`${id}.key`), '-out', f(`${id}.csr`));
      await ossl('x509', '-req', '-in', f(`${id}.csr`), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', String(o.days ?? 2), '-extfile', f(`${id}.ext`), '-out', f(`${id}.pem`));
      return { certPem: readFileSync(f(`${id}.pem`), 'utf8'), keyPem: readFileSync(f(`${id}.key`), 'utf8') };
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * GET over TLS to 127.0.0.1:port with SNI `servername` and Host `host`, verifying the chain against
 * `ca` and the name against `servername`. Without `servername` no SNI is sent: the chain is still
 * verified, the name not (the proxy's default certificate names no host).
 */
export function httpsGet(o: { port: number; host: string; servername?: string; ca: string; path?: string; agent?: https.Agent }): Promise<{ status: number; body: string; subject: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      { host: '127.0.0.1', port: o.port, path: o.path ?? '/', headers: { host: o.host }, servername: o.servername ?? '', ca: o.ca, timeout: 5000, agent: o.agent ?? false, ...(o.servername ? {} : { checkServerIdentity: () => undefined }) },
      (res) => {
        const subject = (res.socket as import('node:tls').TLSSocket).getPeerCertificate().subject?.CN;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: body.trim(), subject: String(subject ?? '') }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}
