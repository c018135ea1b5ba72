import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { digestHex, HashingStream } from '../oci/digest.js';

/** A record of an app layer built before, keyed by what it was built from. */
export interface LayerRecord {
  digest: string;
  diffId: string;
  size: number;
}

const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * A content-addressed blob directory (`<dir>/sha256/<hex>`). Every blob is written to a unique
 * temp name and renamed into place, and verified (digest and size) on every use; a corrupt blob is
 * removed and fetched again. Two processes sharing the directory at once cannot corrupt it: the
 * worst case is both downloading the same blob and one rename replacing the other's identical file.
 */
export class BlobCache {
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(readonly dir: string) {}

  blobPath(digest: string): string {
    return path.join(this.dir, 'sha256', digestHex(digest));
  }

  private tempPath(digest: string): string {
    return path.join(this.dir, 'tmp', `${digestHex(digest).slice(0, 16)}.${process.pid}.${randomBytes(4).toString('hex')}`);
  }

  /** Whether the cached file exists and hashes to `digest` with `size` bytes (size < 0: any). */
  async verify(digest: string, size: number): Promise<boolean> {
    const file = this.blobPath(digest);
    const st = await fs.stat(file).catch(() => undefined);
    if (!st || (size >= 0 && st.size !== size)) return false;
    const hasher = new HashingStream();
    await pipeline(createReadStream(file), hasher, async function* (source) {
      for await (const _ of source) void _;
    });
    return hasher.digest() === digest;
  }

  /** Path of the verified blob, fetching it (once, even when asked concurrently) when missing or corrupt. */
  ensure(digest: string, size: number, fetch: () => Promise<Readable | NodeJS.ReadableStream>): Promise<string> {
    const running = this.inFlight.get(digest);
    if (running) return running;
    const job = this.ensureUncoalesced(digest, size, fetch).finally(() => this.inFlight.delete(digest));
    this.inFlight.set(digest, job);
    return job;
  }

  private async ensureUncoalesced(digest: string, size: number, fetch: () => Promise<Readable | NodeJS.ReadableStream>): Promise<string> {
    const file = this.blobPath(digest);
    if (await this.verify(digest, size)) {
      await this.touch(digest);
      return file;
    }
    await fs.rm(file, { force: true });
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.mkdir(path.join(this.dir, 'tmp'), { recursive: true });
    const temp = this.tempPath(digest);
    const hasher = new HashingStream();
    try {
      await pipeline(await fetch(), hasher, createWriteStream(temp));
      const got = hasher.digest();
      if (got !== digest || (size >= 0 && hasher.size !== size)) {
        throw new Error(`blob ${digest} fetched with the wrong content (got ${got}, ${hasher.size} bytes; expected ${size} bytes)`);
      }
      await fs.rename(temp, file);
    } finally {
      await fs.rm(temp, { force: true });
    }
    return file;
  }

  /** Puts an existing file whose digest the caller computed into the cache (hard link, copy where links fail). */
  async store(sourceFile: string, digest: string): Promise<void> {
    await fs.mkdir(path.join(this.dir, 'sha256'), { recursive: true });
    await fs.mkdir(path.join(this.dir, 'tmp'), { recursive: true });
    const temp = this.tempPath(digest);
    try {
      await linkOrCopy(sourceFile, temp);
      await fs.rename(temp, this.blobPath(digest));
    } finally {
      await fs.rm(temp, { force: true });
    }
  }

  /** Hard-links (copies where a link fails) the cached blob to `destPath`. */
  async linkInto(digest: string, destPath: string): Promise<void> {
    await fs.rm(destPath, { force: true });
    await this.touch(digest);
    await linkOrCopy(this.blobPath(digest), destPath);
  }

  async getLayerRecord(key: string): Promise<LayerRecord | undefined> {
    try {
      return JSON.parse(await fs.readFile(path.join(this.dir, 'layers', key), 'utf8')) as LayerRecord;
    } catch {
      return undefined;
    }
  }

  async putLayerRecord(key: string, record: LayerRecord): Promise<void> {
    const file = path.join(this.dir, 'layers', key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await fs.writeFile(temp, JSON.stringify(record));
    await fs.rename(temp, file);
  }

  /**
   * Evicts by age and size across everything the directory holds, never by "not used by this build":
   * a job that ships two services shares the directory, and each build's base blobs must survive the
   * other's prune. A blob's mtime is its last use (ensure and linkInto touch it; the Actions cache keeps
   * mtimes). Blobs unused for `maxAgeMs` go, then the least recently used until the directory is under
   * `maxBytes`; `keep` (the blobs of the build that just ran) always stays. Layer records pointing at
   * removed blobs and temp files left by dead runs go too.
   */
  async prune(policy: PrunePolicy): Promise<{ removed: number; bytes: number; keptBytes: number }> {
    const { keep, maxAgeMs = DEFAULT_MAX_AGE_MS, maxBytes = DEFAULT_MAX_BYTES, now = Date.now() } = policy;
    const blobDir = path.join(this.dir, 'sha256');
    const blobs: { name: string; size: number; usedAt: number }[] = [];
    for (const name of await fs.readdir(blobDir).catch(() => [] as string[])) {
      const st = await fs.stat(path.join(blobDir, name)).catch(() => undefined);
      if (st) blobs.push({ name, size: st.size, usedAt: st.mtimeMs });
    }
    blobs.sort((a, b) => b.usedAt - a.usedAt);
    let total = 0;
    const doomed: typeof blobs = [];
    for (const blob of blobs) {
      const kept = keep.has(`sha256:${blob.name}`);
      if (kept || (now - blob.usedAt <= maxAgeMs && total + blob.size <= maxBytes)) total += blob.size;
      else doomed.push(blob);
    }
    let bytes = 0;
    for (const blob of doomed) {
      await fs.rm(path.join(blobDir, blob.name), { force: true });
      bytes += blob.size;
    }
    const gone = new Set(doomed.map((b) => `sha256:${b.name}`));
    const layerDir = path.join(this.dir, 'layers');
    for (const name of await fs.readdir(layerDir).catch(() => [] as string[])) {
      const record = await this.getLayerRecord(name);
      if (!record || gone.has(record.digest)) await fs.rm(path.join(layerDir, name), { force: true });
    }
    const tempDir = path.join(this.dir, 'tmp');
    for (const name of await fs.readdir(tempDir).catch(() => [] as string[])) {
      const st = await fs.stat(path.join(tempDir, name)).catch(() => undefined);
      if (st && now - st.mtimeMs > STALE_TEMP_MS) await fs.rm(path.join(tempDir, name), { force: true });
    }
    return { removed: doomed.length, bytes, keptBytes: total };
  }

  /** Marks a blob used now (its mtime), for the age/size prune; a blob another process just removed is no error. */
  private async touch(digest: string): Promise<void> {
    const now = new Date();
    await fs.utimes(this.blobPath(digest), now, now).catch(() => {});
  }
}

export interface PrunePolicy {
  /** blobs that stay whatever their age (the build that just ran) */
  keep: Set<string>;
  maxAgeMs?: number;
  maxBytes?: number;
  now?: number;
}

/** GitHub evicts cache entries unused for 7 days; a blob unused that long is as stale here. */
export const DEFAULT_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** Room for a few bases of a few hundred MB each, well under a repository's 10 GB Actions cache. */
export const DEFAULT_MAX_BYTES = 4 * 1024 ** 3;

export async function linkOrCopy(source: string, dest: string): Promise<void> {
  try {
    await fs.link(source, dest);
  } catch {
    await fs.copyFile(source, dest);
  }
}
