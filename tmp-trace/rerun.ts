import { mkdir, writeFile, readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { runAction } from '../test/support/run-action.js';
import { testbed } from '../test/support/testbed.js';
const tb = testbed();
const work = '/tmp/trace-rerun';
const root = path.join(work, 'small');
for (let d = 0; d < 6; d++) {
  const dir = path.join(root, 'src', `mod${d}`);
  await mkdir(dir, { recursive: true });
  await Promise.all(Array.from({ length: d < 5 ? 50 : 48 }, (_, f) => writeFile(path.join(dir, `f${f}.js`), `export function f${d}_${f}(x) { return x + ${f}; }\n`.repeat(250))));
}
const image = `${tb.registries.anon}/trace/rerun-${Date.now().toString(36)}`;
const inputs = { context: root, image, base: tb.baseImage, cmd: 'sh', 'cache-dir': path.join(work, 'cache') };
const extra = process.argv[2] ? { [process.argv[2]]: "1" } : {};
for (let n = 0; n < 9; n++) {
  const trace = `/tmp/rerun-${n}.txt`;
  await rm(trace, { force: true });
  const t = performance.now();
  const main = await runAction({ inputs, env: { SOURCE_DATE_EPOCH: "1700000000", SHIPSHAPE_TRACE: trace, ...extra, ...(n === 6 && { NODE_OPTIONS: "--cpu-prof --cpu-prof-dir=/tmp/prof --cpu-prof-interval=100" }) } });
  const t1 = performance.now();
  const post = await runAction({ inputs, env: { SOURCE_DATE_EPOCH: '1700000000' }, files: main.files, postState: main.state });
  const t2 = performance.now();
  const rec = JSON.parse(await readFile(main.outputs['record-path'], 'utf8'));
  console.log(n, main.code, post.code, ((t1 - t) / 1000).toFixed(3), ((t2 - t1) / 1000).toFixed(3), JSON.stringify(rec.timings), JSON.stringify(main.state).slice(0, 300));
}
