import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyToLayout, makeAppLayout, startRegistryProcess, type RegistryProcess } from '../../bench/push.js';
import { RegistryClient, RegistryError } from '../../src/registry/index.js';
import { CountingProxy } from '../support/counting-proxy.js';
import { runOk } from '../support/process.js';
import { testbed } from '../support/testbed.js';

// Our own registry process (not the shared testbed one), so killing it disturbs nobody.
const PORT = 5391;
const tb = testbed();
let work: string;
let app: string;
let registry: RegistryProcess | undefined;

async function startRegistry(): Promise<void> {
  registry = await startRegistryProcess(path.join(work, 'registry'), PORT);
}

function killRegistry(): void {
  registry?.stop('SIGKILL');
  registry = undefined;
}

beforeAll(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'push-faults-'));
  await startRegistry();
  const base = path.join(work, 'base');
  app = path.join(work, 'app');
  await copyToLayout(tb.baseImage, base);
  // 5 MB incompressible: big enough to be cut mid-upload and to get progress lines.
  await makeAppLayout(base, app, { files: { 'data.bin': randomBytes(5 * 1024 * 1024) } });
});

afterAll(async () => {
  killRegistry();
  await fs.rm(work, { recursive: true, force: true });
});

const BIG = 3 * 1024 * 1024;

describe('push faults', () => {
  it('the registry is killed mid-upload and restarted: the push retries with a new upload and succeeds', async () => {
    const proxy = await new CountingProxy(`127.0.0.1:${PORT}`).start();
    const lines: string[] = [];
    try {
      let killed = false;
      proxy.hooks.onBodyChunk = (_req, bytes) => {
        if (!killed && bytes > BIG) {
          killed = true;
          killRegistry();
          setTimeout(() => void startRegistry(), 500);
        }
        return undefined;
      };
      // One upload at a time: a SIGKILL while another blob is being committed can corrupt that blob in the
      // registry's storage (it then answers 500 for it forever) — a registry fault no client can repair.
      const client = new RegistryClient(proxy.address, { concurrency: 1, retry: { attempts: 8, baseDelayMs: 250 }, logger: { info: (m) => lines.push(m), warning: (m) => lines.push(m), debug() {} } });
      const result = await client.pushLayout(app, 'faults/killed', { tags: ['v1'] });
      expect(killed).toBe(true);
      expect(lines.some((l) => /retry \d+\/7/.test(l))).toBe(true);
      // The interrupted blob was restarted with a fresh POST, never resumed with PATCH.
      expect(proxy.count('PATCH', /./)).toBe(0);
      expect(proxy.count('POST', /\/blobs\/uploads\/$/)).toBeGreaterThan(5);
      // Progress lines for the 5 MB layer and the summary line.
      expect(lines.some((l) => /: \d+% of 5\.0 MB/.test(l)), lines.join('\n')).toBe(true);
      expect(lines.at(-1)).toMatch(/blobs \d+ pushed, 0 mounted, \d+ skipped; [\d.]+ MB sent/);
      const raw = JSON.parse(await runOk('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://127.0.0.1:${PORT}/faults/killed:v1`]));
      expect(raw.manifests).toHaveLength(2);
      expect(result.digest).toBe(JSON.parse(await fs.readFile(path.join(app, 'index.json'), 'utf8')).manifests[0].digest);
    } finally {
      await proxy.stop();
      if (!registry) await startRegistry();
    }
  });

  it('with no retries left the push fails clearly, and a rerun uploads only what is missing', async () => {
    const proxy = await new CountingProxy(`127.0.0.1:${PORT}`).start();
    try {
      // Cut every connection that carries more than 3 MB: the big layer cannot get through.
      proxy.hooks.onBodyChunk = (_req, bytes) => (bytes > BIG ? 'drop' : undefined);
      const client = new RegistryClient(proxy.address, { retry: { attempts: 2, baseDelayMs: 10 } });
      const err = await client.pushLayout(app, 'faults/dropped', { tags: ['v1'] }).catch((e: unknown) => e as Error);
      expect(err).toBeInstanceOf(RegistryError);
      expect(String(err)).toMatch(/registry 127\.0\.0\.1:\d+: upload layer \d+ of linux\/amd64 \(sha256:[a-f0-9]{64}\): (socket hang up|.*ECONNRESET|.*EPIPE|answered 502) \(gave up after 2 attempts over [\d.]+ s; check that the registry is up and reachable\)/);

      proxy.hooks = {};
      proxy.reset();
      const rerun = await client.pushLayout(app, 'faults/dropped', { tags: ['v1'] });
      // The small blobs made it the first time; only the big layer is sent again.
      expect(rerun.blobs.pushed).toBe(1);
      expect(rerun.blobs.skipped).toBe(4);
      expect(proxy.blobBytes()).toBeGreaterThan(5 * 1024 * 1024);
      expect(proxy.blobBytes()).toBeLessThan(5 * 1024 * 1024 + 64 * 1024);
    } finally {
      await proxy.stop();
    }
  });
});
