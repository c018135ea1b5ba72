import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildImage, resolveBase, type ImageSource } from '../../src/builder/index.js';
import { BlobCache } from '../../src/cache/blob-cache.js';
import { scanContext } from '../../src/fingerprint/index.js';
import { silentLogger } from '../../src/log.js';
import { writeLayer } from '../../src/oci/layer.js';
import { LayoutWriter, REF_NAME_ANNOTATION } from '../../src/oci/layout.js';
import { LayoutReader } from '../../src/oci/layout-reader.js';
import { MediaType } from '../../src/oci/media-types.js';
import { parsePlatform } from '../../src/oci/platform.js';
import { parseReference } from '../../src/oci/reference.js';
import { buildSettings } from '../support/build-settings.js';
import { useTempDirs } from './build-helpers.js';

const tempDir = useTempDirs('shipshape-shared-cache-');

/** A one-platform base layout whose single layer holds `content`, read through a fetch-counting source. */
async function makeBase(dir: string, content: string): Promise<ImageSource & { fetched: string[]; layer: string }> {
  const layout = await LayoutWriter.open(dir);
  const file = path.join(dir, '..', `${path.basename(dir)}.bin`);
  await fs.writeFile(file, content);
  const temp = layout.tempPath('layer');
  const layer = await writeLayer([{ path: 'bin/tool', type: 'file', mode: 0o755, size: content.length, sourcePath: file }], 0, temp);
  await layout.adoptFile(temp, layer.digest);
  const config = await layout.writeJson(
    { architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [layer.diffId] }, history: [] },
    MediaType.ociConfig,
  );
  const manifest = await layout.writeJson(
    { schemaVersion: 2, mediaType: MediaType.ociManifest, config, layers: [{ mediaType: MediaType.ociLayerGzip, digest: layer.digest, size: layer.size }] },
    MediaType.ociManifest,
  );
  const index = await layout.writeJson(
    { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [{ ...manifest, platform: { os: 'linux', architecture: 'amd64' } }] },
    MediaType.ociIndex,
  );
  await layout.finish([{ ...index, annotations: { [REF_NAME_ANNOTATION]: '1' } }]);
  const reader = new LayoutReader(dir);
  const fetched: string[] = [];
  return {
    fetched,
    layer: layer.digest,
    getManifest: (repo, ref) => reader.getManifest(repo, ref),
    fetchBlob: (repo, digest) => {
      fetched.push(digest);
      return reader.fetchBlob(repo, digest);
    },
  };
}

/** One service's build as buildStep runs it: build through the shared cache, then prune it. */
async function buildService(dir: string, name: string, source: ImageSource, cacheDir: string, run: number): Promise<void> {
  const context = path.join(dir, `ctx-${name}`);
  await fs.mkdir(context, { recursive: true });
  await fs.writeFile(path.join(context, 'app.txt'), `${name} run ${run}\n`);
  const settings = buildSettings(context, path.join(dir, `out-${name}-${run}`), {
    image: parseReference(`127.0.0.1:5000/i9/${name}`),
    base: parseReference(`example.test/${name}-base:1`),
    platforms: [parsePlatform('linux/amd64')],
    cacheDir,
  });
  const base = await resolveBase(source, settings.base!, settings.platforms);
  const cache = new BlobCache(cacheDir);
  const scan = await scanContext(context, settings.ignoreFile);
  const result = await buildImage({ settings, scan, base, epoch: 0, annotations: [], cache, logger: silentLogger });
  await cache.prune({ keep: new Set(result.layers.map((l) => l.digest)) });
}

describe('one blob cache directory shared by two services with different bases', () => {
  it('downloads no base blob twice over alternating builds', async () => {
    const dir = await tempDir();
    const web = await makeBase(path.join(dir, 'base-web'), 'web runtime');
    const worker = await makeBase(path.join(dir, 'base-worker'), 'worker runtime');
    const cacheDir = path.join(dir, 'cache');
    for (let run = 0; run < 3; run++) {
      await buildService(dir, 'web', web, cacheDir, run);
      await buildService(dir, 'worker', worker, cacheDir, run);
    }
    expect(web.fetched.filter((d) => d === web.layer)).toHaveLength(1);
    expect(worker.fetched.filter((d) => d === worker.layer)).toHaveLength(1);
  });

  it('downloads no base blob twice over concurrent builds', async () => {
    const dir = await tempDir();
    const web = await makeBase(path.join(dir, 'base-web'), 'web runtime');
    const worker = await makeBase(path.join(dir, 'base-worker'), 'worker runtime');
    const cacheDir = path.join(dir, 'cache');
    for (let run = 0; run < 3; run++) {
      await Promise.all([buildService(dir, 'web', web, cacheDir, run), buildService(dir, 'worker', worker, cacheDir, run)]);
    }
    expect(web.fetched.filter((d) => d === web.layer)).toHaveLength(1);
    expect(worker.fetched.filter((d) => d === worker.layer)).toHaveLength(1);
  });

  it('still evicts by size, least recently used first, keeping what the last build used', async () => {
    const dir = await tempDir();
    const web = await makeBase(path.join(dir, 'base-web'), 'web runtime');
    const worker = await makeBase(path.join(dir, 'base-worker'), 'worker runtime');
    const cacheDir = path.join(dir, 'cache');
    await buildService(dir, 'web', web, cacheDir, 0);
    await buildService(dir, 'worker', worker, cacheDir, 0);
    const cache = new BlobCache(cacheDir);
    const webLayer = web.layer;
    const old = new Date(Date.now() - 60_000);
    await fs.utimes(cache.blobPath(webLayer), old, old);
    const pruned = await cache.prune({ keep: new Set([worker.layer]), maxBytes: 1 });
    expect(pruned.removed).toBeGreaterThan(0);
    expect(await cache.verify(worker.layer, -1)).toBe(true);
    expect(await cache.verify(webLayer, -1)).toBe(false);
  });
});
