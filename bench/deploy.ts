// Deploy benchmark: shipshape's blue-green swap (HAProxy runtime API) under ab load, with and
// without keep-alive, next to a naive stop-then-start replacement in the same run.
// Alone: `npm run bench -- deploy`.
import { deploy, type DeployResult } from '../src/deploy/index.js';
import { APP_PORT, buildTestApp } from '../test/support/deploy-apps.js';
import { abLoad, waitForBody, type LoadResult } from '../test/support/deploy-load.js';
import { memoryLogger, removeApp, sshSettings } from '../test/support/deploy-settings.js';
import { runOk } from '../test/support/process.js';
import type { BenchContext, BenchRow } from './bench-context.js';

const APP = 'deploy-bench';
const PORT = 18088;
const NAIVE = 'deploy-bench-naive';
const NAIVE_PORT = 18089;
const MIN_REQUESTS = 2000;

/**
 * Runs `fn` while ab loads 127.0.0.1:port for its whole duration (bounded: 60 s, 500,000 requests),
 * then stops ab; `ms` is fn's wall time.
 */
async function loaded<T>(port: number, keepAlive: boolean, fn: () => Promise<T>): Promise<{ value: T; load: LoadResult; ms: number }> {
  const load = abLoad(port, { requests: 500000, seconds: 60, keepAlive });
  await new Promise((r) => setTimeout(r, 300));
  const start = Date.now();
  const value = await fn();
  const ms = Date.now() - start;
  await new Promise((r) => setTimeout(r, 300));
  load.stop();
  return { value, load: await load.done, ms };
}

// ab -r keeps going after connection errors and counts every failed attempt, so failed can exceed complete.
const counts = (l: LoadResult) =>
  `${l.failed} failed, ${l.non2xx} non-2xx of ${l.complete} requests${l.complete < MIN_REQUESTS ? ` (fewer than the ${MIN_REQUESTS} target)` : ''}`;

export async function benchDeploy(ctx: BenchContext): Promise<BenchRow[]> {
  const tb = ctx.testbed;
  await removeApp(APP);
  await runOk('docker', ['rm', '-f', NAIVE]).catch(() => '');
  ctx.log('deploy bench: building app images v1, v2');
  const v1 = await buildTestApp(tb, 'v1', 'deploy-bench/app');
  const v2 = await buildTestApp(tb, 'v2', 'deploy-bench/app');
  const settings = sshSettings(tb, APP, PORT, { soakSeconds: 2 });
  const run = (image: string, id: string) => deploy(settings, { image, owner: { id }, logger: memoryLogger(), mask: () => {} });
  const rows: BenchRow[] = [];
  try {
    await run(v1, 'bench-v1');
    await waitForBody(PORT, 'v1\n');
    ctx.log('deploy bench: swap v1 → v2 under plain load');
    const plain = await loaded(PORT, false, () => run(v2, 'bench-v2'));
    ctx.log('deploy bench: swap v2 → v1 under keep-alive load');
    const keep = await loaded(PORT, true, () => run(v1, 'bench-v1-again'));
    const r: DeployResult = plain.value;
    rows.push(
      { name: 'deploy: new container healthy → proxy routes to it', seconds: (r.switchMs ?? 0) / 1000, note: 'HAProxy runtime API, one exec over ssh://' },
      { name: 'deploy: health gate (start → healthy)', seconds: r.timings.health / 1000 },
      { name: 'deploy: total excluding pull (incl. 2 s soak)', seconds: (plain.ms - r.timings.pull) / 1000, note: `pull ${r.timings.pull} ms` },
      { name: 'deploy: swap under load, new connection per request', seconds: plain.ms / 1000, note: counts(plain.load) },
      { name: 'deploy: swap under load, keep-alive (ab -k)', seconds: keep.ms / 1000, note: counts(keep.load) },
    );

    ctx.log('deploy bench: naive stop-then-start under plain and keep-alive load');
    await runOk('docker', ['pull', '-q', v1]);
    await runOk('docker', ['pull', '-q', v2]);
    const naiveRun = async (image: string) => {
      await runOk('docker', ['rm', '-f', NAIVE]);
      await runOk('docker', ['run', '-d', '--name', NAIVE, '-p', `127.0.0.1:${NAIVE_PORT}:${APP_PORT}`, image]);
    };
    await naiveRun(v1);
    await waitForBody(NAIVE_PORT, 'v1\n');
    const naivePlain = await loaded(NAIVE_PORT, false, async () => {
      await naiveRun(v2);
      await waitForBody(NAIVE_PORT, 'v2\n');
    });
    const naiveKeep = await loaded(NAIVE_PORT, true, async () => {
      await naiveRun(v1);
      await waitForBody(NAIVE_PORT, 'v1\n');
    });
    rows.push(
      { name: 'naive stop-then-start: replace under load, new connections', seconds: naivePlain.ms / 1000, note: counts(naivePlain.load) },
      { name: 'naive stop-then-start: replace under load, keep-alive', seconds: naiveKeep.ms / 1000, note: counts(naiveKeep.load) },
    );
  } finally {
    await runOk('docker', ['rm', '-f', NAIVE]).catch(() => '');
    await removeApp(APP);
  }
  return rows;
}
