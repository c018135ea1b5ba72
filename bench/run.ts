// `npm run bench`: every figure in one run, shipshape next to its peers on the same machine and testbed.
// `npm run bench -- build push` runs only the named parts.
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { testbed } from '../test/support/testbed.js';
import { benchAcme } from './acme.js';
import { benchAttest } from './attest.js';
import type { BenchContext, BenchRow } from './bench-context.js';
import { benchBuild } from './build.js';
import { benchDeploy } from './deploy.js';
import { benchHostProxy } from './host-proxy.js';
import { benchPush } from './push.js';
import { benchRealistic } from './realistic.js';
import { benchRerun } from './rerun.js';
import { benchSwarm } from './swarm.js';

const parts: Record<string, (ctx: BenchContext) => Promise<BenchRow[]>> = {
  build: benchBuild,
  push: benchPush,
  rerun: benchRerun,
  deploy: benchDeploy,
  'host-proxy': benchHostProxy,
  swarm: benchSwarm,
  realistic: benchRealistic,
  attest: benchAttest,
  acme: benchAcme,
};

const wanted = process.argv.slice(2).filter((a) => a in parts);
const tb = testbed();
const table: string[] = ['| part | measure | seconds | note |', '|---|---|---:|---|'];
for (const name of wanted.length ? wanted : Object.keys(parts)) {
  const workDir = await mkdtemp(path.join(os.tmpdir(), `shipshape-bench-${name}-`));
  console.log(`\n==> bench ${name}`);
  try {
    const rows = await parts[name]({ testbed: tb, workDir, log: (m) => console.log(`  ${m}`) });
    for (const r of rows) table.push(`| ${name} | ${r.name} | ${r.seconds.toFixed(3)} | ${r.note ?? ''} |`);
  } catch (error) {
    // one part failing (a deploy's soak under heavy load) still leaves the other parts' figures
    console.error(error);
    table.push(`| ${name} | failed | | ${String((error as Error).message ?? error).split('\n')[0].slice(0, 300).replace(/\|/g, '/')} |`);
    process.exitCode = 1;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
console.log(`\n${table.join('\n')}`);
