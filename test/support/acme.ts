import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { join } from 'node:path';
import { run } from './process.js';
import { repoRoot } from './repo-root.js';
import { testbed } from './testbed.js';

const tb = testbed();

/** GET over HTTPS from a testbed ACME endpoint, verified against the directories' own CA. */
export function acmeGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca: readFileSync(tb.acme.directoryCaPath), timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
  });
}

/** The issuing root of a pebble (it makes a new one each start): what a client of the issued certificates trusts. */
export async function pebbleRoot(rootsUrl: string): Promise<string> {
  const r = await acmeGet(rootsUrl);
  if (r.status !== 200) throw new Error(`${rootsUrl} answered ${r.status}`);
  return r.body;
}

/** Whether the chain (leaf first) leads to `rootPem`, each certificate signed by the next. */
export function chainVerifies(chainPem: string, rootPem: string): boolean {
  const certs = [...chainPem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)].map((m) => new X509Certificate(m[0]));
  const all = [...certs, new X509Certificate(rootPem)];
  return certs.length > 0 && certs.every((c, i) => c.verify(all[i + 1]!.publicKey));
}

/** Points one name of the mock DNS at `ip` (every other name stays 127.0.0.1); `undefined` clears it. */
export async function pointName(host: string, ip: string | undefined): Promise<void> {
  const [path, body] = ip ? ['/add-a', { host: `${host}.`, addresses: [ip] }] : ['/clear-a', { host: `${host}.` }];
  const res = await fetch(`${tb.acme.dnsManagement}${path}`, { method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`challtestsrv ${path} answered ${res.status}`);
}

export interface ObtainRun {
  action?: 'obtained' | 'renewed' | 'reused';
  certPem?: string;
  names?: string[];
  notBefore?: string;
  notAfter?: string;
  error?: string;
  name?: string;
  log: string[];
}

/** obtainCertificate in its own process (test/support/acme-obtain.ts), trusting what `extraCa` names (null: no extra CA). */
export async function obtainInProcess(
  a: { container: string; app: string; hosts: string[]; directory: string; email?: string; now?: string },
  extraCa: string | null = tb.acme.directoryCaPath,
): Promise<ObtainRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (extraCa) env.NODE_EXTRA_CA_CERTS = extraCa;
  else delete env.NODE_EXTRA_CA_CERTS;
  const r = await run(join(repoRoot, 'node_modules/.bin/tsx'), [join(repoRoot, 'test/support/acme-obtain.ts'), JSON.stringify({ socket: tb.dockerSocket, ...a })], { env, timeoutMs: 240_000 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as ObtainRun;
  } catch {
    throw new Error(`acme-obtain printed no result (exit ${r.code}): ${r.stdout.slice(-500)} ${r.stderr.slice(-1500)}`);
  }
}

/** The certificate 127.0.0.1:port serves for SNI `servername`, verified against `ca` and the name. */
export function servedCertificate(port: number, servername: string, ca: string): Promise<{ serial: string; validTo: string; validFrom: string }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername, ca, timeout: 5000 }, () => {
      const c = socket.getPeerCertificate();
      socket.end();
      resolve({ serial: c.serialNumber, validTo: c.valid_to, validFrom: c.valid_from });
    });
    socket.on('timeout', () => socket.destroy(new Error(`timeout: TLS to 127.0.0.1:${port}`)));
    socket.on('error', reject);
  });
}
