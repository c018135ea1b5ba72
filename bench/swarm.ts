// Swarm benchmark: a start-first rolling update of 3 replicas on the testbed's three-node swarm, under
// ab load (16 clients) through the app's HAProxy service, with and without keep-alive. Alone: `npm run bench -- swarm`.
import { deploy, type DeployResult } from '../src/deploy/index.js';
import { buildTestApp } from '../test/support/deploy-apps.js';
import { underLoad, type LoadResult } from '../test/support/deploy-load.js';
import { memoryLogger } from '../test/support/deploy-settings.js';
import { removeSwarmApp, swarmSettings } from '../test/support/deploy-swarm.js';
import type { BenchContext, BenchRow } from './bench-context.js';

const APP = 'swarm-bench';
const PORT = 18915;
const REPLICAS = 3;
const MIN_REQUESTS = 2000;

const counts = (l: LoadResult) =>
  `${l.failed} failed, ${l.non2xx} non-2xx of ${l.complete} requests${l.complete < MIN_REQUESTS ? ` (fewer than the ${MIN_REQUESTS} target)` : ''}`;

export async function benchSwarm(ctx: BenchContext): Promise<BenchRow[]> {
  const tb = ctx.testbed;
  const host = tb.swarm.nodes[0]!.address;
  await removeSwarmApp(tb, APP);
  ctx.log('swarm bench: building app images v1, v2');
  const v1 = await buildTestApp(tb, 'v1', 'swarm-bench/app');
  const v2 = await buildTestApp(tb, 'v2', 'swarm-bench/app');
  const settings = swarmSettings(tb, APP, PORT, REPLICAS);
  const run = (image: string, id: string) => deploy(settings, { image, owner: { id }, logger: memoryLogger(), mask: () => {} });
  try {
    await run(v1, 'swarm-bench-v1');
    const ms = (r?: DeployResult) => (r?.swarm?.update_ms ?? 0) / 1000;
    // Two updates under each load (v1 → v2 → v1): one update on this machine is too short for 2,000 requests.
    const twice = async (tag: string) => {
      const first = await run(v2, `swarm-bench-${tag}-v2`);
      await run(v1, `swarm-bench-${tag}-v1`);
      return first;
    };
    ctx.log('swarm bench: updates v1 → v2 → v1 under plain load');
    const plain = await underLoad(PORT, false, () => twice('plain'), { address: host, seconds: 300, concurrency: 16 });
    ctx.log('swarm bench: updates v1 → v2 → v1 under keep-alive load');
    const keep = await underLoad(PORT, true, () => twice('keep'), { address: host, seconds: 300, concurrency: 16 });
    for (const o of [plain, keep]) if (o.error) throw o.error;
    return [
      { name: `swarm: rolling update of ${REPLICAS} replicas (start-first), new connection per request`, seconds: ms(plain.value), note: `over two updates: ${counts(plain.load)}` },
      { name: `swarm: rolling update of ${REPLICAS} replicas (start-first), keep-alive (ab -k)`, seconds: ms(keep.value), note: `over two updates: ${counts(keep.load)}` },
    ];
  } finally {
    await removeSwarmApp(tb, APP);
  }
}
