import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from './build-helpers.js';
import { BlobCache } from '../../src/cache/blob-cache.js';
import { sha256Digest } from '../../src/oci/digest.js';

const tempDir = useTempDirs('blobcache-');

const blob = Buffer.from('layer bytes '.repeat(1000));
const digest = sha256Digest(blob);

function countingFetch(body: Buffer = blob) {
  const fetch = async () => {
    fetch.calls++;
    // split in chunks so concurrent fetches interleave
    return Readable.from([body.subarray(0, 100), body.subarray(100)]);
  };
  fetch.calls = 0;
  return fetch;
}

describe('BlobCache', () => {
  it('downloads once and verifies on every use', async () => {
    const cache = new BlobCache(await tempDir());
    const fetch = countingFetch();
    const file = await cache.ensure(digest, blob.length, fetch);
    expect(await fs.readFile(file)).toEqual(blob);
    await cache.ensure(digest, blob.length, fetch);
    expect(fetch.calls).toBe(1);
  });

  it('detects a corrupt cached blob, removes it and fetches again', async () => {
    const cache = new BlobCache(await tempDir());
    const fetch = countingFetch();
    const file = await cache.ensure(digest, blob.length, fetch);
    const corrupt = Buffer.from(blob);
    corrupt[5] ^= 0xff;
    await fs.writeFile(file, corrupt);
    expect(await cache.verify(digest, blob.length)).toBe(false);
    await cache.ensure(digest, blob.length, fetch);
    expect(fetch.calls).toBe(2);
    expect(await fs.readFile(file)).toEqual(blob);
  });

  it('rejects a fetch with the wrong content and leaves nothing behind', async () => {
    const dir = await tempDir();
    const cache = new BlobCache(dir);
    await expect(cache.ensure(digest, blob.length, countingFetch(Buffer.from('evil')))).rejects.toThrow(/fetched with the wrong content/);
    await expect(fs.stat(cache.blobPath(digest))).rejects.toThrow();
    expect(await fs.readdir(path.join(dir, 'tmp'))).toEqual([]);
  });

  it('serves concurrent ensures of the same blob, in one cache object and across two', async () => {
    const dir = await tempDir();
    const one = new BlobCache(dir);
    const two = new BlobCache(dir);
    const fetchOne = countingFetch();
    const fetchTwo = countingFetch();
    const paths = await Promise.all([
      one.ensure(digest, blob.length, fetchOne),
      one.ensure(digest, blob.length, fetchOne),
      two.ensure(digest, blob.length, fetchTwo),
      two.ensure(digest, blob.length, fetchTwo),
    ]);
    expect(new Set(paths).size).toBe(1);
    expect(fetchOne.calls).toBe(1);
    expect(fetchTwo.calls).toBeLessThanOrEqual(1);
    expect(await one.verify(digest, blob.length)).toBe(true);
  });

  it('links into a destination and prunes blobs unused for a week, and their records', async () => {
    const dir = await tempDir();
    const cache = new BlobCache(dir);
    await cache.ensure(digest, blob.length, countingFetch());
    const other = Buffer.from('other');
    const otherDigest = sha256Digest(other);
    await cache.ensure(otherDigest, other.length, async () => Readable.from([other]));
    await cache.putLayerRecord('k1', { digest: otherDigest, diffId: otherDigest, size: other.length });
    const dest = path.join(await tempDir(), 'blob');
    await cache.linkInto(digest, dest);
    expect(await fs.readFile(dest)).toEqual(blob);
    expect(await cache.prune({ keep: new Set([digest]) })).toEqual({ removed: 0, bytes: 0, keptBytes: blob.length + other.length });
    const weekLater = Date.now() + 8 * 24 * 3600 * 1000;
    const pruned = await cache.prune({ keep: new Set([digest]), now: weekLater });
    expect(pruned).toEqual({ removed: 1, bytes: other.length, keptBytes: blob.length });
    expect(await cache.getLayerRecord('k1')).toBeUndefined();
    expect(await cache.verify(digest, blob.length)).toBe(true);
  });
});
