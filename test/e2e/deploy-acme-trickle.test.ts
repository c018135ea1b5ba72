import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterApp } from '../support/deploy-app-images.js';
import { HEALTH_PATH } from '../support/deploy-apps.js';
import { hostGet } from '../support/deploy-load.js';
import { removeHostProxyAndApps, sshDeployInputs } from '../support/deploy-settings.js';
import { makeTestCa } from '../support/host-proxy-tls.js';
import { runAction } from '../support/run-action.js';
import { testbed, type Testbed } from '../support/testbed.js';

// Issue 24: every wait on ACME ends. A directory that sends its headers, then one byte a second (never
// silent long enough for the idle timeout): the order's deadline (9 peer waits: 27 s here) fails the
// step with one clear line, the request is destroyed then, the process exits, the live version serves.
const PROXY = 'i24-acme-hp';
const APP = 'i24-acme-trickle';
const HOST = 'a.i24-trickle.test';
const HTTP_PORT = 18243;
const HTTPS_PORT = 18244;
const PEER_SECONDS = 3;
let tb: Testbed;
const img = { v1: '', v2: '' };
const dir = mkdtempSync(join(tmpdir(), 'i24-acme-'));
let server: https.Server;
let directory = '';
/** When each connection to the trickling directory opened and closed (ms since the epoch). */
const connections: { opened: number; closed?: number }[] = [];

const inputs = (image: string, tls: Record<string, string>) => {
  const { 'public-port': _unused, ...connection } = sshDeployInputs(tb, APP, 1);
  return { ...connection, image, 'health-path': HEALTH_PATH, 'soak-seconds': '1', hosts: HOST, 'http-port': `127.0.0.1:${HTTP_PORT}`, 'https-port': `127.0.0.1:${HTTPS_PORT}`, ...tls };
};
const env = { SHIPSHAPE_HOST_PROXY_NAME: PROXY, NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'), SHIPSHAPE_PEER_TIMEOUT_SECONDS: String(PEER_SECONDS) };

describe('a trickling ACME directory', () => {
  beforeAll(async () => {
    tb = testbed();
    await removeHostProxyAndApps(PROXY, [APP]);
    const ca = await makeTestCa();
    const leaf = await ca.issue(['127.0.0.1']);
    writeFileSync(join(dir, 'ca.pem'), ca.ca);
    ca.close();
    const body = JSON.stringify({ newNonce: 'https://127.0.0.1/nonce', newAccount: 'https://127.0.0.1/account', newOrder: 'https://127.0.0.1/order' }).repeat(10);
    server = https.createServer({ cert: leaf.certPem, key: leaf.keyPem }, (req, res) => {
      const c: { opened: number; closed?: number } = { opened: Date.now() };
      connections.push(c);
      res.writeHead(200, { 'content-type': 'application/json' });
      let i = 0;
      const timer = setInterval(() => res.write(body[i++ % body.length]!), 1000);
      (req.socket as Socket).on('close', () => {
        clearInterval(timer);
        c.closed = Date.now();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    directory = `https://127.0.0.1:${(server.address() as { port: number }).port}/dir`;
    [img.v1, img.v2] = await Promise.all([counterApp(tb, 'i24/acme', 'v1'), counterApp(tb, 'i24/acme', 'v2')]);
  }, 240_000);
  afterAll(async () => {
    server?.closeAllConnections();
    server?.close();
    rmSync(dir, { recursive: true, force: true });
    await removeHostProxyAndApps(PROXY, [APP]);
  }, 120_000);

  it('the deploy fails at the deadline with one clear line, the request is torn down, the step exits, v1 keeps serving', async () => {
    const first = await runAction({ entry: 'deploy', inputs: inputs(img.v1, { tls: 'off' }), env, timeoutMs: 300_000 });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(await hostGet(HTTP_PORT, HOST)).toEqual({ status: 200, body: 'v1' });

    let failedAt = 0;
    const r = await runAction({
      entry: 'deploy',
      inputs: inputs(img.v2, { tls: 'acme', 'acme-directory': directory }),
      env,
      timeoutMs: 300_000,
      onSpawn: (_pid, output) => {
        const poll = setInterval(() => {
          if (/::error::.*ACME/.test(output())) {
            failedAt = Date.now();
            clearInterval(poll);
          }
        }, 50);
        poll.unref();
      },
    });
    const ended = Date.now();
    // Seen by the poll, or (the process ended within one poll of its error) just now.
    if (failedAt === 0 && /::error::.*ACME/.test(r.stdout)) failedAt = ended;
    const out = r.stdout + r.stderr;
    expect(r.code, out).not.toBe(0);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors, out).toHaveLength(1);
    const deadline = PEER_SECONDS * 9;
    expect(errors[0]).toMatch(new RegExp(`ACME \\(${directory.replace(/[./]/g, '\\$&')}\\) did not issue a certificate for ${HOST.replace(/\./g, '\\.')} within ${deadline} s; check that`));
    expect(errors[0]).not.toMatch(/ACME \([^)]*\): ACME \(/);
    // The process ended right after its error (it used to stay up as long as the trickle lasted).
    expect(failedAt).toBeGreaterThan(0);
    expect(ended - failedAt).toBeLessThan(10_000);
    // The directory's connection was destroyed at the deadline, not left trickling.
    expect(connections.length).toBeGreaterThan(0);
    for (const c of connections) {
      expect(c.closed, 'a connection to the directory was left open').toBeDefined();
      expect(c.closed! - c.opened).toBeLessThan((deadline + 5) * 1000);
    }
    expect(await hostGet(HTTP_PORT, HOST)).toEqual({ status: 200, body: 'v1' });
  }, 620_000);
});
