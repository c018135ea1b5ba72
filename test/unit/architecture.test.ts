// The structure the code promises (issue 21): pure cores import no adapter, no network and no input
// parser, and no module of src/ imports itself through a circle.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo-root.js';

const src = path.join(repoRoot, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

interface Edge {
  from: string;
  /** src-relative path of a source, or the package / node: specifier. */
  to: string;
  typeOnly: boolean;
}

/** Every import of every source: static (`import`/`export … from`) and dynamic (`import('…')`). */
function importGraph(): Edge[] {
  const edges: Edge[] = [];
  for (const file of sources(src)) {
    const text = readFileSync(file, 'utf8');
    const from = path.relative(src, file);
    const add = (spec: string, typeOnly: boolean) => {
      const to = spec.startsWith('.') ? path.relative(src, path.resolve(path.dirname(file), spec)).replace(/\.js$/, '.ts') : spec;
      edges.push({ from, to, typeOnly });
    };
    for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^'"]*?\s+from\s+'([^']+)'/gm)) add(m[3]!, !!m[2]);
    for (const m of text.matchAll(/^import\s+'([^']+)'/gm)) add(m[1]!, false);
    for (const m of text.matchAll(/import\(\s*'([^']+)'\s*\)/g)) add(m[1]!, false);
  }
  return edges;
}

// Node's network and process modules, and the packages that are network clients (GitHub's services, SSH, ACME).
const NETWORK = /^((node:)?(net|http|https|http2|tls|dgram|dns|child_process)|@actions\/.*|ssh2|acme-client|undici)$/;
/** The settings (src/settings/): every module there reads or checks inputs. */
const isInputParser = (to: string) => to.startsWith('settings/');

/** What a pure core may import: itself, the shared pure helpers, and settings as types only. */
function coreViolations(edges: Edge[], core: string, allowed: string[]): string[] {
  return edges
    .filter((e) => e.from.startsWith(core))
    .filter((e) => {
      if (e.to.startsWith(core) || allowed.includes(e.to)) return false;
      if (isInputParser(e.to)) return !e.typeOnly;
      if (e.to.endsWith('.ts')) return true;
      return NETWORK.test(e.to);
    })
    .map((e) => `${e.from} → ${e.to}${e.typeOnly ? ' (type)' : ''}`);
}

describe('architecture', () => {
  const edges = importGraph();

  it('reads the import graph it checks (the test can see a violation)', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges.some((e) => e.from === 'deploy/index.ts' && e.to.startsWith('deploy/placements/'))).toBe(true);
    const probe = (to: string, typeOnly = false) => coreViolations([{ from: 'deploy/core/x.ts', to, typeOnly }], 'deploy/core/', []);
    expect(probe('deploy/engine/docker.ts', true)).toHaveLength(1);
    expect(probe('node:https')).toHaveLength(1);
    expect(probe('settings/index.ts')).toHaveLength(1);
    expect(probe('settings/index.ts', true)).toHaveLength(0);
    expect(probe('tar')).toHaveLength(0);
  });

  it('the deploy core imports no adapter (engine, HAProxy, placements, Docker host), no network client and no input parser', () => {
    expect(coreViolations(edges, 'deploy/core/', ['log.ts', 'host-values.ts'])).toEqual([]);
  });

  it('the OCI core imports no adapter and no network client', () => {
    expect(coreViolations(edges, 'oci/', [])).toEqual([]);
  });

  it('docs/architecture.md names every folder of src/ and of the deploy, and every path it names exists', () => {
    const doc = readFileSync(path.join(repoRoot, 'docs/architecture.md'), 'utf8');
    const named = [...doc.matchAll(/(src\/[\w./*-]+)/g)].map((m) => m[1]!.replace(/[.,]$/, ''));
    const missing = named.filter((p) => !p.includes('*') && !existsSync(path.join(repoRoot, p)));
    expect(missing).toEqual([]);
    const folders = (dir: string) => readdirSync(path.join(src, dir), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `${path.join('src', dir, e.name)}/`);
    const deployFolders = [...folders('deploy'), ...folders('deploy/placements')].map((f) => f.replace('src/deploy/', '').replace('placements/', ''));
    expect(folders('').filter((f) => !doc.includes(`\`${f}\``)), 'src folders not in the doc').toEqual([]);
    expect(deployFolders.filter((f) => !doc.includes(f)), 'deploy folders not in the doc').toEqual([]);
  });

  it('has no import circle', () => {
    const next = new Map<string, string[]>();
    // Type-only imports count: a circle of types is still two modules that cannot be read apart.
    for (const e of edges) if (e.to.endsWith('.ts')) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const visit = (n: string, trail: string[]) => {
      if (state.get(n) === 'done') return;
      if (state.get(n) === 'open') {
        circles.push([...trail.slice(trail.indexOf(n)), n].join(' → '));
        return;
      }
      state.set(n, 'open');
      for (const m of next.get(n) ?? []) visit(m, [...trail, n]);
      state.set(n, 'done');
    };
    for (const n of next.keys()) visit(n, []);
    expect(circles).toEqual([]);
  });
});
