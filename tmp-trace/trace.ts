import { mkdir, writeFile, readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { runAction } from '../test/support/run-action.js';
import { testbed } from '../test/support/testbed.js';
const tb = testbed();
const work = '/tmp/trace-work';
const root = path.join(work, 'ctx');
await mkdir(path.join(root, 'src'), { recursive: true });
const packages: Record<string, unknown> = { '': { name: 'bench', version: '1.0.0' } };
for (let i = 0; i < 300; i++) packages[`node_modules/pkg-${i}`] = { version: `1.${i}.0`, resolved: `https://registry.npmjs.org/pkg-${i}/-/pkg-${i}-1.${i}.0.tgz`, integrity: `sha512-${Buffer.alloc(64, i).toString('base64')}`, license: 'MIT' };
await writeFile(path.join(root, 'package-lock.json'), JSON.stringify({ name: 'bench', lockfileVersion: 3, packages }));
await Promise.all(Array.from({ length: 500 }, (_, i) => writeFile(path.join(root, 'src', `m${i}.js`), `export const v${i} = ${i};\n`.repeat(20))));
const image = `${tb.registries.anon}/trace/attest-${Date.now().toString(36)}`;
const attest = process.argv[2] !== 'off';
for (let n = 0; n < 4; n++) {
  await writeFile(path.join(root, 'src', 'changed.js'), `export const n = ${n};\n`);
  const trace = `/tmp/trace-${n}.txt`;
  await rm(trace, { force: true });
  const inputs = { context: root, image, base: tb.baseImage, cmd: 'sh', 'cache-dir': path.join(work, 'cache'), 'oci-layout': path.join(work, 'layout'), sbom: String(attest), provenance: String(attest) };
  const t = performance.now();
  const r = await runAction({ inputs, env: { SOURCE_DATE_EPOCH: '1700000000', SHIPSHAPE_TRACE: trace } });
  const rec = JSON.parse(await readFile(r.outputs['record-path'], 'utf8'));
  console.log(n, r.code, ((performance.now() - t) / 1000).toFixed(3), JSON.stringify(rec.timings));
}
