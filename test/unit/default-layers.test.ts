import { describe, expect, it } from 'vitest';
import { planLayers } from '../../src/builder/layers.js';
import type { ContextFile } from '../../src/fingerprint/index.js';
import { silentLogger } from '../../src/log.js';

const file = (p: string): ContextFile => ({ path: p, type: 'file', mode: 0o644, size: 1, absPath: `/ctx/${p}`, digest: `sha256:${p}` }) as ContextFile;

const FILES = [
  'node_modules/a/index.js',
  'packages/web/node_modules/b/index.js',
  '.venv/lib/python3.11/site-packages/x.py',
  'vendor/github.com/x/y.go',
  'public/img/logo.PNG',
  'public/fonts/a.woff2',
  'package.json',
  'package-lock.json',
  'requirements-dev.txt',
  'go.sum',
  'src/index.js',
  'src/vendor/notes.txt',
  'packages/web/package.json',
  'README.md',
].map(file);

const plan = (groups: string[], files = FILES) =>
  planLayers({ files, excludedDirs: [], groups, platformFiles: new Map(), workdir: '/app', epoch: 0 }, silentLogger).common;
const filesOf = (layer: { entries: { path: string; type: string }[] }) => layer.entries.filter((e) => e.type === 'file').map((e) => e.path);

describe('default layers', () => {
  it('puts dependency trees, assets and manifests in their own layers before the source', () => {
    const layers = plan([]);
    expect(layers.map((l) => [l.group, filesOf(l)])).toEqual([
      ['default: node_modules', ['app/node_modules/a/index.js', 'app/packages/web/node_modules/b/index.js']],
      ['default: python virtualenv', ['app/.venv/lib/python3.11/site-packages/x.py']],
      ['default: vendor', ['app/vendor/github.com/x/y.go']],
      ['default: assets', ['app/public/fonts/a.woff2', 'app/public/img/logo.PNG']],
      ['default: dependency manifests', ['app/go.sum', 'app/package-lock.json', 'app/package.json', 'app/requirements-dev.txt']],
      ['default: source', ['app/README.md', 'app/packages/web/package.json', 'app/src/index.js', 'app/src/vendor/notes.txt']],
    ]);
  });

  it('is deterministic (file order does not matter) and skips empty groups silently', () => {
    expect(plan([], [...FILES].reverse()).map((l) => l.key)).toEqual(plan([]).map((l) => l.key));
    const warnings: string[] = [];
    const only = planLayers({ files: [file('src/a.js')], excludedDirs: [], groups: [], platformFiles: new Map(), workdir: '/app', epoch: 0 }, { ...silentLogger, warning: (m: string) => void warnings.push(m) }).common;
    expect(only.map((l) => l.group)).toEqual(['default: source']);
    expect(warnings).toEqual([]);
  });

  it('is replaced by the `layers` input', () => {
    expect(plan(['node_modules']).map((l) => l.group)).toEqual(['node_modules', 'rest']);
  });
});
