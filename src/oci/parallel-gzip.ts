import { availableParallelism } from 'node:os';
import { Transform, type TransformCallback } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { crc32 } from 'node:zlib';

/**
 * gzip on all cores, pigz's way: the input is cut into BLOCK-sized blocks, each deflated on its own
 * (with the previous block's last 32 KiB as dictionary, so the ratio stays close to one stream) and
 * ended with a sync flush, so the raw deflate outputs concatenate into one valid stream; a final
 * empty block and the gzip trailer (CRC-32 and size, computed here in order) close it. The bytes
 * depend only on the input, the level and BLOCK — never on the number of workers or their timing.
 * Node's zlib has no multi-threaded deflate and no npm package does this on worker threads with a
 * fixed block layout, hence this module.
 */
export const BLOCK = 256 * 1024;
const WINDOW = 32 * 1024;

// The worker is evaluated from this string (`eval: true`) so it works the same from sources (tsx,
// vitest) and from the single-file ncc bundle, which has no separate worker file to point at.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const zlib = require('node:zlib');
// buf = [dictionary (WINDOW bytes, used when dictLength > 0)][data]; given back with the output
parentPort.on('message', ({ id, buf, window, dictLength, length, level }) => {
  try {
    const view = Buffer.from(buf);
    const data = view.subarray(window, window + length);
    const opts = { level, finishFlush: zlib.constants.Z_SYNC_FLUSH };
    if (dictLength > 0) opts.dictionary = view.subarray(window - dictLength, window);
    const out = zlib.deflateRawSync(data, opts);
    // an exact-size copy, handed over rather than cloned
    const copy = new Uint8Array(out.length);
    copy.set(out);
    parentPort.postMessage({ id, buf, out: copy }, [buf, copy.buffer]);
  } catch (e) {
    parentPort.postMessage({ id, buf, error: String((e && e.message) || e) }, [buf]);
  }
});
`;

interface Task {
  resolve: (r: { out: Buffer; buf: ArrayBuffer }) => void;
  reject: (e: Error) => void;
}

/** A fixed set of deflate worker threads, shared by every layer being written; idle workers never keep the process alive. */
export class DeflatePool {
  private readonly workers: { worker: Worker; pending: Map<number, Task> }[] = [];
  private nextId = 0;

  constructor(readonly size: number = Math.max(1, Math.min(availableParallelism(), 8))) {}

  /**
   * Deflates `length` bytes at offset WINDOW of `buf` (the `dictLength` bytes before them are the
   * dictionary). `buf` is handed to a worker and comes back with the result, to be reused.
   */
  deflate(buf: ArrayBuffer, dictLength: number, length: number, level: number): Promise<{ out: Buffer; buf: ArrayBuffer }> {
    const slot = this.pick();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (slot.pending.size === 0) slot.worker.ref();
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, buf, window: WINDOW, dictLength, length, level }, [buf]);
    });
  }

  /** Ends the workers (tests; a build leaves them idle and unreferenced). */
  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.worker.terminate()));
  }

  private pick() {
    if (this.workers.length < this.size) {
      // no inherited execArgv (a loader the parent runs under, tsx in tests, would load in every worker);
      // a small young generation: the worker allocates little but in big buffers, and a 16 MB default
      // nursery let each worker hold tens of MB of dead ones. A small old generation too: what each
      // deflate call leaves (its zlib stream object) is promoted, and without a limit a worker grew by
      // 40–50 MB over a 1 GB layer before collecting it. Its live heap is 4–8 MB; 16 leaves room.
      const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 } });
      const slot = { worker, pending: new Map<number, Task>() };
      const settle = (id: number, fn: (t: Task) => void) => {
        const task = slot.pending.get(id);
        if (!task) return;
        slot.pending.delete(id);
        if (slot.pending.size === 0) worker.unref();
        fn(task);
      };
      worker.on('message', (m: { id: number; buf: ArrayBuffer; out?: Uint8Array; error?: string }) =>
        settle(m.id, (t) => (m.error !== undefined ? t.reject(new Error(`deflate worker: ${m.error}`)) : t.resolve({ out: Buffer.from(m.out!.buffer, m.out!.byteOffset, m.out!.byteLength), buf: m.buf }))),
      );
      const fail = (e: Error) => {
        for (const id of [...slot.pending.keys()]) settle(id, (t) => t.reject(e));
        const at = this.workers.indexOf(slot);
        if (at >= 0) this.workers.splice(at, 1);
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`deflate worker exited (code ${code})`)));
      worker.unref();
      this.workers.push(slot);
      return slot;
    }
    return this.workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }
}

let shared: DeflatePool | undefined;
export const sharedDeflatePool = (): DeflatePool => (shared ??= new DeflatePool());

// ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=unix, as zlib writes it for level 6 without a name
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03]);
// a final, empty fixed-Huffman block
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

/**
 * A Transform from bytes to gzip, deflating blocks on the pool. At most `2 × pool size` blocks are in
 * flight and their buffers are reused, so memory stays a few MB whatever the input size.
 */
export class ParallelGzip extends Transform {
  /** WINDOW bytes of dictionary (the previous block's tail), then up to BLOCK bytes of input. */
  private block = new Uint8Array(WINDOW + BLOCK);
  private filled = 0;
  private dictLength = 0;
  private crc = 0;
  private total = 0;
  private readonly free: ArrayBuffer[] = [];
  private readonly inFlight: Promise<{ out: Buffer; buf: ArrayBuffer }>[] = [];
  private readonly maxInFlight: number;

  constructor(
    private readonly level: number,
    private readonly pool: DeflatePool = sharedDeflatePool(),
  ) {
    super();
    this.maxInFlight = pool.size * 2;
    this.push(GZIP_HEADER);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.crc = crc32(chunk, this.crc);
    this.total += chunk.length;
    this.fill(chunk).then(() => done(), done);
  }

  override _flush(done: TransformCallback): void {
    (async () => {
      if (this.filled > 0) this.cut();
      while (this.inFlight.length > 0) await this.emitOldest();
      const trailer = Buffer.alloc(8);
      trailer.writeUInt32LE(this.crc >>> 0, 0);
      trailer.writeUInt32LE(this.total % 2 ** 32, 4);
      this.push(Buffer.concat([FINAL_BLOCK, trailer]));
    })().then(() => done(), done);
  }

  private async fill(chunk: Buffer): Promise<void> {
    for (let at = 0; at < chunk.length; ) {
      const n = Math.min(BLOCK - this.filled, chunk.length - at);
      this.block.set(chunk.subarray(at, at + n), WINDOW + this.filled);
      this.filled += n;
      at += n;
      if (this.filled === BLOCK) {
        this.cut();
        // in order, and only as many as keep the workers busy
        while (this.inFlight.length >= this.maxInFlight) await this.emitOldest();
      }
    }
  }

  private async emitOldest(): Promise<void> {
    const { out, buf } = await this.inFlight.shift()!;
    this.free.push(buf);
    this.push(out);
  }

  /** Sends the current block to the pool; the next one starts with its tail as dictionary. */
  private cut(): void {
    const next = new Uint8Array(this.free.pop() ?? new ArrayBuffer(WINDOW + BLOCK));
    const end = WINDOW + this.filled;
    const tail = Math.min(WINDOW, this.filled + this.dictLength);
    next.set(this.block.subarray(end - tail, end), WINDOW - tail);
    const job = this.pool.deflate(this.block.buffer as ArrayBuffer, this.dictLength, this.filled, this.level);
    job.catch(() => {}); // awaited in order later; not an unhandled rejection meanwhile
    this.inFlight.push(job);
    this.block = next;
    this.dictLength = tail;
    this.filled = 0;
  }
}
