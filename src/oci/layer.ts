import { createHash } from 'node:crypto';
import { closeSync, createWriteStream, openSync, readSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { HashingStream } from './digest.js';
import { MediaType } from './media-types.js';
import { ParallelGzip } from './parallel-gzip.js';
import { encodeHeader, END_OF_ARCHIVE, padding } from './tar.js';

/** One entry of a layer, already normalized: a path inside the image and where its bytes come from. */
export interface LayerEntry {
  /** Path inside the image without leading slash, e.g. `app/public/index.html`. */
  path: string;
  type: 'file' | 'dir' | 'symlink';
  mode: number;
  size: number;
  /** Where a file's content is read from. */
  sourcePath?: string;
  linkTarget?: string;
}

export interface WrittenLayer {
  mediaType: string;
  /** Digest of the compressed blob. */
  digest: string;
  size: number;
  /** Digest of the uncompressed tar (config rootfs.diff_ids). */
  diffId: string;
}

/** Fixed so the same tar always compresses to the same bytes (zlib's default level). */
export const GZIP_LEVEL = 6;

/** Sorts by path bytes, the order entries are written in. */
export function sortEntries(entries: LayerEntry[]): LayerEntry[] {
  return [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
}

/** The tar is assembled in one reused buffer of this size: a 1 GB layer allocates no 1 GB of garbage. */
const STAGE = 256 * 1024;

/**
 * Streams `entries` (written in the given order; use sortEntries) as tar → gzip into `destFile`.
 * Every header has uid/gid 0 and mtime `epoch`; the gzip header has no name and mtime 0. Deflated on
 * all cores (parallel-gzip.ts); each file is read once, and the tar and the gzip are hashed as they stream.
 * Ownership is always root, also when the image sets a `user`: modes are normalized to 0644/0755 so
 * any user can read (and run) the app, and the app cannot rewrite its own code (as with Docker COPY
 * without --chown). An app that needs a writable dir should use a volume or /tmp.
 */
export async function writeLayer(entries: LayerEntry[], epoch: number, destFile: string): Promise<WrittenLayer> {
  const tarHash = createHash('sha256');
  const gzHash = new HashingStream();
  const gzip = new ParallelGzip(GZIP_LEVEL);
  const written = pipeline(gzip, gzHash, createWriteStream(destFile));
  written.catch(() => {}); // awaited below; a failure also fails the pending write
  const stage = Buffer.allocUnsafe(STAGE);
  let used = 0;
  // Files are read synchronously straight into the stage (a build reads thousands of small files, and a
  // thread-pool round trip per open/read/close would dominate). The stage is reused once gzip has called
  // back for it: ParallelGzip has copied its bytes into a block by then.
  const flush = async (): Promise<void> => {
    if (used === 0) return;
    const bytes = stage.subarray(0, used);
    tarHash.update(bytes);
    used = 0;
    await new Promise<void>((resolve, reject) => gzip.write(bytes, (e) => (e ? reject(e) : resolve())));
  };
  const put = async (bytes: Buffer): Promise<void> => {
    for (let at = 0; at < bytes.length; ) {
      if (used === STAGE) await flush();
      const n = bytes.copy(stage, used, at, Math.min(bytes.length, at + STAGE - used));
      used += n;
      at += n;
    }
  };
  const putFile = async (sourcePath: string, size: number): Promise<void> => {
    const fd = openSync(sourcePath, 'r');
    try {
      let read = 0;
      while (read < size) {
        if (used === STAGE) await flush();
        const n = readSync(fd, stage, used, Math.min(STAGE - used, size - read), null);
        if (n === 0) break;
        used += n;
        read += n;
      }
      if (read !== size || readSync(fd, Buffer.alloc(1), 0, 1, null) !== 0) {
        throw new Error(`${sourcePath} changed size during the build (expected ${size} bytes)`);
      }
    } finally {
      closeSync(fd);
    }
  };
  try {
    for (const entry of entries) {
      const name = entry.type === 'dir' ? `${entry.path.replace(/\/$/, '')}/` : entry.path;
      await put(encodeHeader({ name, type: entry.type, mode: entry.mode, size: entry.size, mtime: epoch, uid: 0, gid: 0, linkTarget: entry.linkTarget }));
      if (entry.type !== 'file') continue;
      await putFile(entry.sourcePath!, entry.size);
      await put(padding(entry.size));
    }
    await put(END_OF_ARCHIVE);
    await flush();
    gzip.end();
  } catch (error) {
    gzip.destroy(error as Error);
    await written.catch(() => {});
    throw error;
  }
  await written;
  return { mediaType: MediaType.ociLayerGzip, digest: gzHash.digest(), size: gzHash.size, diffId: `sha256:${tarHash.digest('hex')}` };
}
