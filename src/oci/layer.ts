import { closeSync, createWriteStream, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
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

const READ_CHUNK = 256 * 1024;

/**
 * A file's bytes in chunks, read synchronously (a build reads thousands of small files, and a
 * thread-pool round trip per open/read/close would dominate); each chunk is a fresh buffer because
 * gzip may still hold the previous one. Fails if the size differs from the scanned size.
 */
function* fileChunks(sourcePath: string, size: number): Generator<Buffer> {
  const fd = openSync(sourcePath, 'r');
  try {
    let read = 0;
    while (read < size) {
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK, size - read));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      read += n;
      yield n === chunk.length ? chunk : chunk.subarray(0, n);
    }
    if (read !== size || readSync(fd, Buffer.alloc(1), 0, 1, null) !== 0) {
      throw new Error(`${sourcePath} changed size during the build (expected ${size} bytes)`);
    }
  } finally {
    closeSync(fd);
  }
}

async function* tarChunks(entries: LayerEntry[], epoch: number): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    const name = entry.type === 'dir' ? `${entry.path.replace(/\/$/, '')}/` : entry.path;
    yield encodeHeader({ name, type: entry.type, mode: entry.mode, size: entry.size, mtime: epoch, uid: 0, gid: 0, linkTarget: entry.linkTarget });
    if (entry.type !== 'file') continue;
    yield* fileChunks(entry.sourcePath!, entry.size);
    yield padding(entry.size);
  }
  yield END_OF_ARCHIVE;
}

/**
 * Streams `entries` (written in the given order; use sortEntries) as tar → gzip into `destFile`.
 * Every header has uid/gid 0 and mtime `epoch`; the gzip header has no name and mtime 0. Deflated on
 * all cores (parallel-gzip.ts); each file is read once, and the tar and the gzip are hashed as they stream.
 * Ownership is always root, also when the image sets a `user`: modes are normalized to 0644/0755 so
 * any user can read (and run) the app, and the app cannot rewrite its own code (as with Docker COPY
 * without --chown). An app that needs a writable dir should use a volume or /tmp.
 */
export async function writeLayer(entries: LayerEntry[], epoch: number, destFile: string): Promise<WrittenLayer> {
  const tarHash = new HashingStream();
  const gzHash = new HashingStream();
  await pipeline(
    Readable.from(tarChunks(entries, epoch), { objectMode: false }),
    tarHash,
    new ParallelGzip(GZIP_LEVEL),
    gzHash,
    createWriteStream(destFile),
  );
  return { mediaType: MediaType.ociLayerGzip, digest: gzHash.digest(), size: gzHash.size, diffId: tarHash.digest() };
}
