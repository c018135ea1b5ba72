import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
// Type only: erased at run time (the linter runs as its own process under tsx, see the script for why),
// and it makes tsc check the script.
import type { Finding } from '../../scripts/lint-workflows.js';
import { markdownWorkflows } from '../../scripts/markdown-workflows.js';
import { repoRoot } from '../support/repo-root.js';

async function lint(...args: string[]): Promise<{ files: string[]; findings: Finding[]; stale: string[] }> {
  const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');
  const run = await promisify(execFile)(tsx, ['scripts/lint-workflows.ts', '--json', ...args], { cwd: repoRoot, timeout: 120_000 }).catch(
    (e: { stdout?: string; stderr?: string; code?: number }) => {
      if (e.code !== 1 || !e.stdout) throw new Error(`lint-workflows failed: ${e.stderr ?? e}`);
      return { stdout: e.stdout };
    },
  );
  return JSON.parse(run.stdout);
}

const yamlIn = (dir: string) =>
  readdirSync(path.join(repoRoot, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `${dir}/${f}`);

describe('workflow and action files, linted as GitHub reads them', () => {
  it('every workflow, example, test workflow and action file of the repository, and every workflow the docs show, passes', async () => {
    const { files, findings, stale } = await lint();
    const linted = new Set(files);
    const docs = ['README.md', ...readdirSync(path.join(repoRoot, 'docs')).map((f) => `docs/${f}`)];
    for (const file of [...yamlIn('.github/workflows'), ...yamlIn('examples'), ...yamlIn('test/fixtures/workflows'), 'action.yml', 'deploy/action.yml', ...docs]) {
      expect(linted.has(file), `${file} is linted`).toBe(true);
    }
    expect(findings.filter((f) => !f.known).map((f) => `${f.file}:${f.line}: ${f.message}`)).toEqual([]);
    // Each allowed finding is still there (else it must go from KNOWN) and belongs to a linted file.
    expect(stale).toEqual([]);
    for (const f of findings) expect(linted.has(f.file), f.file).toBe(true);
  });

  it('catches each deliberate fault, on its line', async () => {
    const broken = ['test/fixtures/workflows/broken/faults.yml', 'test/fixtures/workflows/broken/node12/action.yml', 'test/fixtures/workflows/broken/called.yml'];
    const { findings } = await lint(...broken);
    const at = (file: string, line: number) => findings.filter((f) => f.file === file && f.line === line).map((f) => f.message).join('\n');
    for (const file of broken) {
      const faultLines = readFileSync(path.join(repoRoot, file), 'utf8')
        .split('\n')
        .flatMap((text, i) => (/#\s*FAULT\b/.test(text) ? [i + 1] : []));
      expect(faultLines.length, file).toBeGreaterThan(0);
      for (const line of faultLines) expect(at(file, line), `${file}:${line} has no finding`).not.toBe('');
    }
    const [faults, node12, called] = broken;
    expect(at(faults, 7)).toMatch(/Unexpected value 'package'/); // GitHub's schema
    expect(at(faults, 11)).toMatch(/Value 'ubuntu-18\.04' is not valid/); // the hosted runner labels, made binding
    expect(at(faults, 17)).toMatch(/secrets\.DEPLOY-SSH-KEY, a name no repository, organization or environment secret can have/);
    expect(at(faults, 18)).toMatch(/Invalid action input 'plaforms'/); // our action.yml, read from the work tree
    expect(at(faults, 19)).toMatch(/job build requests 'packages: write' but is only allowed 'packages: none'/);
    expect(at(node12, 5)).toMatch(/runs\.using is node12/);
    expect(at(called, 7)).toMatch(/must not start with GITHUB_/);
    expect(at(called, 16)).toMatch(/runs in an environment and reads secrets\.ssh-private-key, a name no environment secret can have/);
    expect(at(called, 11), 'ubuntu-24.04-arm is a current label').toBe('');
    expect(findings.every((f) => !f.known)).toBe(true);
  });

  it('finds the complete workflows in Markdown, on their lines', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const blocks = markdownWorkflows(readme);
    expect(blocks.map((b) => /uses: (\S+)/.exec(b.text)?.[1])).toEqual(['actions/checkout@v5', 'shipshape/shipshape/.github/workflows/ship.yml@v1']);
    // A finding on block line n is README line n + lineOffset: the block's `jobs:` line is README's.
    for (const b of blocks) {
      const jobsLine = b.text.split('\n').indexOf('jobs:') + 1;
      expect(readme.split('\n')[jobsLine + b.lineOffset - 1]).toBe('jobs:');
    }
    expect(markdownWorkflows('```yaml\n        with:\n          image: x\n```\n')).toEqual([]); // a fragment is no workflow
  });
});
