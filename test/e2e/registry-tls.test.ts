// HTTPS to a registry is verified by default: a server whose certificate does not chain to a trusted CA is
// refused; trusting its CA (NODE_EXTRA_CA_CERTS, as a runner with a private CA would) makes it work.
import { mkdtemp, writeFile } from 'node:fs/promises';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRaw } from '../../src/registry/http.js';
import { makeTlsMaterial, type TlsMaterial } from '../support/deploy-tls.js';
import { run } from '../support/process.js';
import { repoRoot } from '../support/run-action.js';

let tls: TlsMaterial;
let server: https.Server;
let url: string;

beforeAll(async () => {
  tls = await makeTlsMaterial();
  server = https.createServer({ cert: tls.serverCert, key: tls.serverKey }, (_req, res) => {
    res.writeHead(200, { 'Docker-Distribution-API-Version': 'registry/2.0', 'Content-Type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/v2/`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('registry HTTPS', () => {
  it('refuses a certificate that does not chain to a trusted CA', async () => {
    const error = await sendRaw('GET', new URL(url), {}).then(
      () => undefined,
      (e: NodeJS.ErrnoException) => e,
    );
    expect(error?.code).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER_CERT/);
  });

  it('accepts it once its CA is trusted through NODE_EXTRA_CA_CERTS', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'registry-tls-'));
    const ca = path.join(dir, 'ca.pem');
    await writeFile(ca, tls.ca);
    const script = path.join(repoRoot, 'test/support/https-get.ts');
    const r = await run(path.join(repoRoot, 'node_modules/.bin/tsx'), [script, url], { env: { ...process.env, NODE_EXTRA_CA_CERTS: ca } });
    expect(r.stdout.trim(), r.stderr).toBe('200');
  });
});
