// The fingerprint short-circuit as a user sees it: the whole action (dist/index.js on Node 24, main then
// post, as a runner runs it) on a 10,000-file context, first run (build + push) then a no-change rerun
// (fingerprint hit); the rerun's target is ≤ 0.30x the first run.
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { runActionWithPost } from '../test/support/run-action.js';
import type { BenchContext, BenchRow } from './bench-context.js';

async function tenThousandFiles(root: string): Promise<void> {
  for (let d = 0; d < 100; d++) {
    const dir = path.join(root, `pkg${d}`, 'src');
    await mkdir(dir, { recursive: true });
    await Promise.all(
      Array.from({ length: 100 }, (_, f) => writeFile(path.join(dir, `m${f}.js`), `export const v${d}_${f} = ${d * 100 + f};\n`.repeat(8))),
    );
  }
}

export async function benchRerun(ctx: BenchContext): Promise<BenchRow[]> {
  const context = path.join(ctx.workDir, 'ctx');
  await tenThousandFiles(context);
  const inputs = {
    context,
    image: `${ctx.testbed.registries.anon}/bench/rerun-${Date.now().toString(36)}`,
    base: ctx.testbed.baseImage,
    cmd: 'sh',
    'cache-dir': path.join(ctx.workDir, 'cache'),
  };
  const timed = async () => {
    const start = performance.now();
    const { main, post } = await runActionWithPost({ inputs, env: { SOURCE_DATE_EPOCH: '1700000000' } });
    if (main.code !== 0 || post.code !== 0) throw new Error(`action failed:\n${main.stdout.slice(-3000)}\n${post.stdout.slice(-2000)}`);
    return { seconds: (performance.now() - start) / 1000, hit: main.outputs['cache-hit'] };
  };
  const first = await timed();
  const rerun = await timed();
  ctx.log(`rerun: first ${first.seconds.toFixed(2)} s, no-change ${rerun.seconds.toFixed(2)} s (cache-hit ${rerun.hit})`);
  return [
    { name: 'action (main+post), 10,000-file context: first run (build + push)', seconds: first.seconds },
    {
      name: 'action (main+post), 10,000-file context: no-change rerun (fingerprint hit)',
      seconds: rerun.seconds,
      note: `cache-hit=${rerun.hit}; ${(rerun.seconds / first.seconds).toFixed(2)}x the first run (target ≤ 0.30x)`,
    },
  ];
}
