// Smart default layers as a user meets them: no `layers` input, a Node-style app (node_modules with a
// lock file, incompressible assets, a src/ tree), the whole action (dist/index.js) run twice with one
// source file edited in between — the second push uploads only the source layer and the manifests.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildRecord } from '../../src/record/schema.js';
import { runAction, type ActionRun } from '../support/run-action.js';
import { testbed } from '../support/testbed.js';

const tb = testbed();
const image = `${tb.registries.anon}/i16-default-layers/app-${Date.now().toString(36)}`;
let work: string;
let context: string;

async function put(rel: string, data: string | Buffer): Promise<void> {
  await mkdir(path.dirname(path.join(context, rel)), { recursive: true });
  await writeFile(path.join(context, rel), data);
}

/** ~600 dependency files (~3 MB), a lock file, two incompressible images, 60 source files. */
async function realisticShapedApp(): Promise<void> {
  await put('package.json', JSON.stringify({ name: 'shaped', version: '1.0.0', dependencies: { left: '1.0.0' } }, null, 2));
  await put('package-lock.json', JSON.stringify({ name: 'shaped', lockfileVersion: 3, packages: {} }, null, 2));
  for (let p = 0; p < 30; p++) {
    await put(`node_modules/pkg${p}/package.json`, JSON.stringify({ name: `pkg${p}`, version: '1.0.0' }));
    for (let f = 0; f < 20; f++) await put(`node_modules/pkg${p}/lib/f${f}.js`, `module.exports = ${JSON.stringify(randomBytes(2500).toString('hex'))};\n`);
  }
  await put('node_modules/pkg0/node_modules/nested/index.js', 'module.exports = 1;\n');
  await put('public/img/hero.png', randomBytes(600_000));
  await put('public/fonts/body.woff2', randomBytes(200_000));
  await put('public/index.html', '<h1>shaped</h1>\n');
  for (let i = 0; i < 60; i++) await put(`src/m${i % 6}/file${i}.js`, `export const v${i} = ${i};\n`.repeat(30));
}

const recordOf = async (run: ActionRun) => JSON.parse(await readFile(run.outputs['record-path'], 'utf8')) as BuildRecord;

// The layer split alone: SBOM and provenance describe the new image, so they are new blobs on every edit
// (pushed next to it when enabled, the default).
const attestations = { sbom: 'false', provenance: 'false' };

async function ship(): Promise<{ run: ActionRun; record: BuildRecord }> {
  const run = await runAction({
    inputs: { context, image, tags: 'v1', base: tb.baseImage, platforms: 'linux/amd64,linux/arm64', cmd: 'sh', 'cache-dir': path.join(work, 'cache'), ...attestations },
    env: { SOURCE_DATE_EPOCH: '1700000000' },
  });
  expect(run.code, run.stdout.slice(-3000)).toBe(0);
  return { run, record: await recordOf(run) };
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'i16-default-layers-'));
  context = path.join(work, 'app');
  await realisticShapedApp();
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('default layers (no `layers` input)', () => {
  it('puts dependencies, assets and manifests before the source; a source edit pushes only the source layer and the manifests', async () => {
    const first = await ship();
    const appLayers = (r: BuildRecord) => (r.build?.layers ?? []).filter((l) => l.source !== 'base');
    expect(appLayers(first.record).map((l) => l.group)).toEqual([
      'default: node_modules',
      'default: assets',
      'default: dependency manifests',
      'default: source',
    ]);
    const byGroup = (r: BuildRecord, g: string) => appLayers(r).find((l) => l.group === g)!;
    expect(byGroup(first.record, 'default: node_modules').size).toBeGreaterThan(1_000_000);
    expect(byGroup(first.record, 'default: source').size).toBeLessThan(20_000);

    await put('src/m3/file3.js', 'export const v3 = "edited";\n');
    const second = await ship();
    expect(second.record.build?.cache_hit).toBe(false);
    const source = byGroup(second.record, 'default: source');
    expect(source.source).toBe('built');
    expect(source.digest).not.toBe(byGroup(first.record, 'default: source').digest);
    for (const l of appLayers(second.record).filter((l) => l.group !== 'default: source')) {
      expect(l, l.group).toMatchObject({ source: 'cache', digest: byGroup(first.record, l.group).digest });
    }
    // blobs: the source layer and one config per platform (its diff_ids changed); then the manifests
    const push = second.record.build!.push!;
    const platforms = Object.keys(second.record.build!.manifests!);
    expect(platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expect(push.pushed).toBe(1 + platforms.length);
    const manifestBytes = await Promise.all(
      [second.record.build!.index_digest!, ...Object.values(second.record.build!.manifests!)].map(async (d) => {
        const res = await fetch(`http://${tb.registries.anon}/v2/${image.split('/').slice(1).join('/')}/manifests/${d}`, {
          headers: { accept: 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json' },
        });
        expect(res.status).toBe(200);
        return (await res.arrayBuffer()).byteLength;
      }),
    );
    const sent = push.bytes_sent + manifestBytes.reduce((a, b) => a + b, 0);
    expect(push.bytes_sent).toBeGreaterThan(source.size);
    expect(sent).toBeLessThanOrEqual(source.size + 10_000);
  });
});
