import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import * as os from 'node:os';

const CHUNK = 1 << 20;

/**
 * sha256 of a file read in 1 MiB chunks with synchronous reads: for many small files this is several
 * times faster than stream reads, whose every open/read/close is a thread-pool round trip.
 */
export function hashFileSync(absPath: string, buffer: Buffer = Buffer.allocUnsafe(CHUNK)): string {
  const fd = openSync(absPath, 'r');
  try {
    const hash = createHash('sha256');
    for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, n));
    return `sha256:${hash.digest('hex')}`;
  } finally {
    closeSync(fd);
  }
}

// Same loop as hashFileSync, as CommonJS source so it also runs from a bundle (no worker file to ship).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(${CHUNK});
const out = [];
try {
  for (const file of workerData) {
    const fd = openSync(file, 'r');
    try {
      const hash = createHash('sha256');
      for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, n));
      out.push('sha256:' + hash.digest('hex'));
    } finally { closeSync(fd); }
  }
  parentPort.postMessage({ digests: out });
} catch (e) { parentPort.postMessage({ error: e.message }); }
`;

/** Below this many bytes, and this many files, a worker's start-up costs more than it saves. */
const PARALLEL_THRESHOLD = 64 * 1024 * 1024;
const PARALLEL_FILES = 2000;

function hashInWorker(files: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    // node:worker_threads only when there is enough to hash: a no-change rerun hashes nothing
    const { Worker } = process.getBuiltinModule('node:worker_threads');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: files });
    worker.once('message', (m: { digests?: string[]; error?: string }) => (m.error ? reject(new Error(m.error)) : resolve(m.digests!)));
    worker.once('error', reject);
  });
}

/**
 * Content digests of the files, in order; spread over threads (one per core, up to 4: this one and
 * workers) when there are many bytes or many files (their opens and reads are most of the time then).
 */
export async function hashFiles(files: { absPath: string; size: number }[]): Promise<string[]> {
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const threads = Math.min(4, os.availableParallelism?.() ?? os.cpus().length);
  if ((total < PARALLEL_THRESHOLD && files.length < PARALLEL_FILES) || threads < 2) {
    const buffer = Buffer.allocUnsafe(CHUNK);
    return files.map((f) => hashFileSync(f.absPath, buffer));
  }
  // Largest first onto the least-loaded share (counting a file's open as 64 kB), so the shares end up about even.
  const shares = Array.from({ length: threads }, () => ({ cost: 0, indexes: [] as number[] }));
  const order = files.map((_, i) => i).sort((a, b) => files[b].size - files[a].size);
  for (const i of order) {
    const share = shares.reduce((min, s) => (s.cost < min.cost ? s : min));
    share.cost += files[i].size + 65536;
    share.indexes.push(i);
  }
  const digests = new Array<string>(files.length);
  const [own, ...others] = shares;
  const inWorkers = Promise.all(
    others.map(async (share) => {
      if (share.indexes.length === 0) return;
      const result = await hashInWorker(share.indexes.map((i) => files[i].absPath));
      share.indexes.forEach((fileIndex, k) => (digests[fileIndex] = result[k]));
    }),
  );
  inWorkers.catch(() => {});
  // this thread hashes one share while the workers hash theirs
  const buffer = Buffer.allocUnsafe(CHUNK);
  for (const i of own.indexes) digests[i] = hashFileSync(files[i].absPath, buffer);
  await inWorkers;
  return digests;
}
