import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo-root.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

describe('runtime dependencies', () => {
  it('are each imported by the action (none declared and unused; tests use devDependencies; a module path into the package counts)', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const text = sources(path.join(repoRoot, 'src')).map((f) => readFileSync(f, 'utf8')).join('\n');
    const unused = Object.keys(pkg.dependencies).filter((name) => !new RegExp(`(from |import\\()'((\\.\\./)+node_modules/)?${name.replace('/', '\\/')}(/[^']*)?'`).test(text));
    expect(unused).toEqual([]);
  });
});
