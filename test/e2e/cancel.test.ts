// A canceled job: the runner sends SIGTERM to the main step, then runs the post step (`post-if: always()`).
// The record must say `canceled`, a held deploy lock must be released, a candidate that never went live
// removed, and the live color must keep serving.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildRecord } from '../../src/record/schema.js';
import { httpGet } from '../support/deploy-load.js';
import { removeApp } from '../support/deploy-settings.js';
import { run } from '../support/process.js';
import { newRunnerFiles, repoRoot, runAction, type ActionRun, type RunnerFiles } from '../support/run-action.js';
import { testbed, type Testbed } from '../support/testbed.js';

const APP = 'cancel-e2e';
const PORT = 18190;
const REPO = `cancel-e2e/web-${Date.now().toString(36)}`;

let tb: Testbed;
let work: string;

function inputs(registry: string, over: Record<string, string> = {}): Record<string, string> {
  return {
    context: work,
    image: `${registry}/${REPO}`,
    base: tb.baseImage,
    cmd: 'httpd -f -p 8080 -h /app/public',
    'cache-dir': path.join(work, '..', `${path.basename(work)}-cache`),
    ...over,
  };
}

const deployInputs = (): Record<string, string> => ({
  'deploy-host': tb.ssh.url,
  'ssh-private-key': tb.ssh.privateKey,
  'ssh-known-hosts': tb.ssh.knownHosts,
  app: APP,
  'proxy-image': tb.proxyImage,
  'public-port': `127.0.0.1:${PORT}`,
  'health-path': '/healthz',
  'health-timeout': '20',
  'soak-seconds': '0',
});

/** Runs main, sends SIGTERM as soon as `ready` holds (`what` names that moment), then runs post with main's state. */
async function cancelWhen(what: string, ready: (files: RunnerFiles) => boolean | Promise<boolean>, ins: Record<string, string>): Promise<{ main: ActionRun; post: ActionRun }> {
  const files = await newRunnerFiles();
  let sent = false;
  const main = await runAction({
    inputs: ins,
    env: { SOURCE_DATE_EPOCH: '1700000000' },
    files,
    timeoutMs: 120_000,
    onSpawn: (pid) => {
      const poll = async (): Promise<void> => {
        const end = Date.now() + 110_000;
        while (!sent && Date.now() < end) {
          if (await ready(files)) {
            sent = true;
            process.kill(pid, 'SIGTERM');
          } else await new Promise((r) => setTimeout(r, 50));
        }
      };
      void poll();
    },
  });
  expect(sent, `main never reached ${what}:\n${main.stdout.slice(-3000)}`).toBe(true);
  const post = await runAction({ inputs: ins, env: { SOURCE_DATE_EPOCH: '1700000000' }, files: main.files, postState: main.state });
  return { main, post };
}

/** The deploy phase main last saved to GITHUB_STATE (what the post step would read). */
async function savedPhase(files: RunnerFiles): Promise<string | undefined> {
  const text = await readFile(files.state, 'utf8').catch(() => '');
  return [...text.matchAll(/"phase":"(\w+)"/g)].at(-1)?.[1];
}

async function recordOf(run: ActionRun): Promise<BuildRecord> {
  const state = JSON.parse(run.state.shipshape ?? '{}') as { recordPath?: string };
  expect(state.recordPath, 'main saved the record path in GITHUB_STATE').toBeDefined();
  return JSON.parse(await readFile(state.recordPath!, 'utf8')) as BuildRecord;
}

beforeAll(async () => {
  tb = testbed();
  work = await mkdtemp(path.join(os.tmpdir(), 'shipshape-cancel-e2e-'));
  await cp(path.join(repoRoot, 'examples/app'), work, { recursive: true });
  await removeApp(APP);
});

afterAll(async () => {
  await removeApp(APP);
  await rm(work, { recursive: true, force: true });
  await rm(path.join(work, '..', `${path.basename(work)}-cache`), { recursive: true, force: true });
});

describe('cancellation (SIGTERM) then the post step', () => {
  it('mid-push: the record says canceled', async () => {
    // A registry front that forwards everything but never answers blob upload starts: the push hangs there.
    const [host, port] = tb.registries.anon.split(':');
    const stalled: http.ServerResponse[] = [];
    const front = http.createServer((req, res) => {
      if (req.method === 'POST' && /\/blobs\/uploads\/$/.test(req.url ?? '')) {
        stalled.push(res);
        return;
      }
      const upstream = http.request({ host, port: Number(port), method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
    try {
      const registry = `127.0.0.1:${(front.address() as AddressInfo).port}`;
      // Cancel once the push hangs: the front holds an upload start.
      const { main, post } = await cancelWhen('a stalled blob upload', () => stalled.length > 0, inputs(registry));
      expect(main.code).not.toBe(0);
      expect(post.code, post.stdout).toBe(0);
      const record = await recordOf(main);
      expect(record.status).toBe('canceled');
      expect(record.finished_at).toBeDefined();
    } finally {
      for (const res of stalled) res.destroy();
      await new Promise<void>((r) => front.close(() => r()));
    }
  });

  it('mid-deploy: the lock is released, the candidate removed, and the live color still serves', async () => {
    await writeFile(path.join(work, 'public/version.txt'), 'live');
    const live = await runAction({ inputs: { ...inputs(tb.registries.anon), ...deployInputs() }, env: { SOURCE_DATE_EPOCH: '1700000000' } });
    expect(live.code, live.stdout.slice(-3000)).toBe(0);
    expect((await httpGet(PORT, '/version.txt')).body).toBe('live');
    const liveColor = live.outputs.color;

    // The next version never becomes healthy (it lacks /healthz), so the deploy sits in the health gate.
    await writeFile(path.join(work, 'public/version.txt'), 'candidate');
    await rm(path.join(work, 'public/healthz'));
    // Cancel once main saved the phase `gated`: the lease is held and the candidate is in its health gate,
    // which it cannot pass.
    const { main, post } = await cancelWhen('the health gate', async (files) => (await savedPhase(files)) === 'gated', { ...inputs(tb.registries.anon), ...deployInputs() });
    expect(main.stdout).not.toMatch(/Switched/);
    expect(main.code).not.toBe(0);
    expect(post.code, post.stdout).toBe(0);
    expect((await recordOf(main)).status).toBe('canceled');

    const lock = await run('docker', ['inspect', `shipshape-lock-${APP}`]);
    expect(lock.code, 'the lease container is gone').not.toBe(0);
    const candidateColor = liveColor === 'blue' ? 'green' : 'blue';
    const candidate = await run('docker', ['inspect', '--format', '{{.Config.Image}}', `${APP}-${candidateColor}`]);
    expect(candidate.code === 0 ? candidate.stdout : 'removed').not.toContain(REPO);
    expect((await httpGet(PORT, '/version.txt')).body).toBe('live');

    // The next deploy takes the lease and completes.
    await writeFile(path.join(work, 'public/healthz'), 'ok');
    const next = await runAction({ inputs: { ...inputs(tb.registries.anon), ...deployInputs() }, env: { SOURCE_DATE_EPOCH: '1700000000' } });
    expect(next.code, next.stdout.slice(-3000)).toBe(0);
    expect((await httpGet(PORT, '/version.txt')).body).toBe('candidate');
  });
});
