import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveBase, type ImageSource } from '../../src/builder/index.js';
import { directoryDigestStore } from '../../src/cache/digest-store.js';
import { digestHex, sha256Digest } from '../../src/oci/digest.js';
import { LayoutWriter, REF_NAME_ANNOTATION } from '../../src/oci/layout.js';
import { LayoutReader } from '../../src/oci/layout-reader.js';
import { MediaType } from '../../src/oci/media-types.js';
import { parsePlatform } from '../../src/oci/platform.js';
import { parseReference } from '../../src/oci/reference.js';
import { useTempDirs } from './build-helpers.js';

const tempDir = useTempDirs('shipshape-base-documents-');

/** A two-platform base index (no layers), read through a source that counts its requests. */
async function makeBase(dir: string): Promise<ImageSource & { calls: string[] }> {
  const layout = await LayoutWriter.open(dir);
  const entries = [];
  for (const architecture of ['amd64', 'arm64']) {
    const config = await layout.writeJson({ architecture, os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [] }, history: [] }, MediaType.ociConfig);
    const manifest = await layout.writeJson({ schemaVersion: 2, mediaType: MediaType.ociManifest, config, layers: [] }, MediaType.ociManifest);
    entries.push({ ...manifest, platform: { os: 'linux', architecture } });
  }
  const index = await layout.writeJson({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: entries }, MediaType.ociIndex);
  await layout.finish([{ ...index, annotations: { [REF_NAME_ANNOTATION]: '1' } }]);
  const reader = new LayoutReader(dir);
  const calls: string[] = [];
  return {
    calls,
    getManifest: (repo, ref) => (calls.push(`manifest ${ref}`), reader.getManifest(repo, ref)),
    fetchBlob: (repo, digest) => (calls.push(`blob ${digest}`), reader.fetchBlob(repo, digest)),
  };
}

describe('the base documents store', () => {
  it('resolves a known base with the tag request alone, and treats a damaged or foreign file as a miss', async () => {
    const dir = await tempDir();
    const source = await makeBase(path.join(dir, 'base'));
    const storeDir = path.join(dir, 'base-documents');
    const store = directoryDigestStore(storeDir);
    const ref = parseReference('example.test/base:1');
    const platforms = [parsePlatform('linux/amd64'), parsePlatform('linux/arm64')];

    const first = await resolveBase(source, ref, platforms, store);
    expect(source.calls).toHaveLength(5); // the index, then per platform its manifest and its config
    source.calls.length = 0;
    const second = await resolveBase(source, ref, platforms, store);
    expect(source.calls).toEqual(['manifest 1']);
    expect(second.platforms).toEqual(first.platforms);

    // damaged: the config of one platform; and a file whose name is not its digest (copied in)
    const [amd, arm] = first.platforms;
    await fs.writeFile(path.join(storeDir, digestHex(amd.configDigest)), '{"architecture":"amd64","os":"linux"}');
    await fs.copyFile(path.join(storeDir, digestHex(amd.manifestDigest)), path.join(storeDir, digestHex(arm.manifestDigest)));
    source.calls.length = 0;
    const third = await resolveBase(source, ref, platforms, store);
    expect(third.platforms).toEqual(first.platforms);
    expect(source.calls.sort()).toEqual(['blob ' + amd.configDigest, 'manifest 1', 'manifest ' + arm.manifestDigest].sort());
    // and the damage was repaired by those fetches
    source.calls.length = 0;
    await resolveBase(source, ref, platforms, store);
    expect(source.calls).toEqual(['manifest 1']);
  });

  it('stores nothing that does not hash to its name, and a store it cannot write is only a miss', async () => {
    const dir = await tempDir();
    const store = directoryDigestStore(path.join(dir, 'docs'));
    await store.put('sha256:' + '0'.repeat(64), Buffer.from('not that'));
    expect(await fs.readdir(path.join(dir, 'docs')).catch(() => [])).toEqual([]);
    await fs.writeFile(path.join(dir, 'file'), 'x');
    const blocked = directoryDigestStore(path.join(dir, 'file', 'docs'));
    const bytes = Buffer.from('{}');
    await blocked.put(sha256Digest(bytes), bytes);
    expect(await blocked.get(sha256Digest(bytes))).toBeUndefined();
  });
});
