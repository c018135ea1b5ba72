import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { HashingStream } from './digest.js';
import { MediaType } from './media-types.js';
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

async function* tarChunks(entries: LayerEntry[], epoch: number): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    const name = entry.type === 'dir' ? `${entry.path.replace(/\/$/, '')}/` : entry.path;
    yield encodeHeader({ name, type: entry.type, mode: entry.mode, size: entry.size, mtime: epoch, uid: 0, gid: 0, linkTarget: entry.linkTarget });
    if (entry.type !== 'file') continue;
    let written = 0;
    for await (const chunk of createReadStream(entry.sourcePath!, { highWaterMark: 256 * 1024 })) {
      written += (chunk as Buffer).length;
      if (written > entry.size) break;
      yield chunk as Buffer;
    }
    if (written !== entry.size) {
      throw new Error(`${entry.sourcePath} changed size during the build (expected ${entry.size} bytes, read ${written})`);
    }
    yield padding(entry.size);
  }
  yield END_OF_ARCHIVE;
}

/**
 * Streams `entries` (written in the given order; use sortEntries) as tar → gzip into `destFile`.
 * Every header has uid/gid 0 and mtime `epoch`; Node's gzip header has no name and mtime 0.
 */
export async function writeLayer(entries: LayerEntry[], epoch: number, destFile: string): Promise<WrittenLayer> {
  const tarHash = new HashingStream();
  const gzHash = new HashingStream();
  await pipeline(
    Readable.from(tarChunks(entries, epoch), { objectMode: false }),
    tarHash,
    createGzip({ level: GZIP_LEVEL }),
    gzHash,
    createWriteStream(destFile),
  );
  return { mediaType: MediaType.ociLayerGzip, digest: gzHash.digest(), size: gzHash.size, diffId: tarHash.digest() };
}
