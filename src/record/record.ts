import { randomBytes } from 'node:crypto';
import { access, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { errorMessage } from '../log.js';
import { githubContext, recordSource } from './context.js';
import { RECORD_SCHEMA, type BuildRecord, type RecordKind, type RecordStatus } from './schema.js';
import { scrubString, scrubValue } from './scrub.js';

export * from './schema.js';

const TIME_WIDTH = 9; // base36 ms: 9 digits last until the year 5188
const RANDOM_WIDTH = 10;
const RANDOM_SPACE = 36n ** BigInt(RANDOM_WIDTH);

let lastTime = -1;
let lastRandom = 0n;

/** A sortable id: 9 base36 digits of milliseconds then 10 random base36 digits (ULID-style, lowercase).
 * Within one millisecond the random part is incremented, so ids made by one process sort in creation order. */
export function newRecordId(now: number = Date.now()): string {
  if (!Number.isInteger(now) || now < 0) throw new Error(`record id: invalid time ${now}`);
  let random: bigint;
  if (now === lastTime && lastRandom + 1n < RANDOM_SPACE) {
    random = lastRandom + 1n;
  } else {
    random = BigInt('0x' + randomBytes(8).toString('hex')) % RANDOM_SPACE;
  }
  lastTime = now;
  lastRandom = random;
  return now.toString(36).padStart(TIME_WIDTH, '0') + random.toString(36).padStart(RANDOM_WIDTH, '0');
}

/** The time an id was made, in ms since the epoch. */
export function recordIdTime(id: string): number {
  return parseInt(id.slice(0, TIME_WIDTH), 36);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Writes `text` to a temp file beside `path` (flushed to disk when `durable`), then renames it over `path`:
 * a reader (or a killed process) sees the previous complete file or the new one, never half of one. */
async function writeAtomically(path: string, text: string, durable: boolean): Promise<void> {
  const temp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'w', 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    // The rename alone survives a killed process; only the final state pays for surviving a machine crash.
    if (durable) await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
}

/**
 * Owns one record file. Every change is written (temp + rename, bursts coalesced into one write) and
 * scrubbed of `secrets`, so the file on disk is always complete and always safe to publish.
 */
export class RecordWriter {
  private current: BuildRecord;
  /** The last write scheduled, settled (never rejecting) once it has landed or failed. */
  private written: Promise<void> = Promise.resolve();
  /** The write not yet started, which will carry every change made before it starts. */
  private next: Promise<void> | undefined;
  private durableNext = false;

  private constructor(
    readonly path: string,
    record: BuildRecord,
    private readonly secrets: readonly string[],
  ) {
    this.current = scrubValue(record, secrets);
  }

  get id(): string {
    return this.current.id;
  }

  /** The record as last written (scrubbed). Change it through `update`. */
  get record(): BuildRecord {
    return this.current;
  }

  /** Creates `<dir>/<id>/record.json` with status `running`. */
  static async start(dir: string, kind: RecordKind, env: NodeJS.ProcessEnv, secrets: string[]): Promise<RecordWriter> {
    const id = newRecordId();
    const path = join(dir, id, 'record.json');
    await mkdir(dirname(path), { recursive: true });
    const writer = new RecordWriter(
      path,
      {
        schema: RECORD_SCHEMA,
        id,
        kind,
        status: 'running',
        source: recordSource(env),
        started_at: new Date().toISOString(),
        github: githubContext(env),
        timings: {},
      },
      secrets,
    );
    await writer.update(() => {});
    return writer;
  }

  /** Reopens a record written earlier (the post step finalizing what main left `running`). */
  static async resume(path: string, secrets: string[]): Promise<RecordWriter> {
    return new RecordWriter(path, await RecordWriter.load(path), secrets);
  }

  static async load(path: string): Promise<BuildRecord> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new Error(`build record ${path} is not readable JSON: ${errorMessage(error)}`);
    }
    const schema = (parsed as { schema?: unknown } | null)?.schema;
    if (schema !== RECORD_SCHEMA) {
      throw new Error(`build record ${path} has schema ${JSON.stringify(schema)}, expected ${RECORD_SCHEMA}`);
    }
    return parsed as BuildRecord;
  }

  /**
   * Applies `mutator` to a copy of the record, then rewrites the file. Changes apply in call order; the
   * writes coalesce (a change made while a write is under way goes out with the next one, which carries
   * every change made by then), and the promise settles once a write holding this change has landed.
   */
  update(mutator: (record: BuildRecord) => void, durable = false): Promise<void> {
    const draft = structuredClone(this.current);
    mutator(draft);
    this.current = scrubValue(draft, this.secrets);
    if (durable) this.durableNext = true;
    if (!this.next) {
      const next = this.written.then(async () => {
        this.next = undefined;
        const sync = this.durableNext;
        this.durableNext = false;
        await writeAtomically(this.path, JSON.stringify(this.current, null, 2) + '\n', sync);
      });
      this.next = next;
      // A failed write must not wedge later ones; the callers waiting on it still see the error.
      this.written = next.catch(() => {});
    }
    return this.next;
  }

  /** Settles once every change made so far is on disk (or its write failed). */
  flush(): Promise<void> {
    return this.written;
  }

  /**
   * Runs `fn` and adds its duration to `timings[phase]` (also when it throws). The rewrite is not waited
   * for: a timing is not worth a phase's latency, and the next awaited write (at the latest `finish`)
   * carries it, or fails the same way.
   */
  async time<T>(phase: string, fn: () => Promise<T>): Promise<T> {
    const startedAt = performance.now();
    try {
      return await fn();
    } finally {
      const elapsed = Math.round(performance.now() - startedAt);
      this.update((record) => {
        record.timings[phase] = (record.timings[phase] ?? 0) + elapsed;
      }).catch(() => {});
    }
  }

  /** Final status. `exitCode` defaults to 0 for succeeded and 1 for failed; canceled has none unless given. */
  async finish(status: RecordStatus, error?: unknown, exitCode?: number): Promise<void> {
    await this.update((record) => {
      record.status = status;
      record.finished_at = new Date().toISOString();
      const code = exitCode ?? (status === 'succeeded' ? 0 : status === 'failed' ? 1 : undefined);
      if (code !== undefined) record.exit_code = code;
      if (error !== undefined) record.error = scrubString(errorMessage(error), this.secrets);
    }, true);
  }
}

export type AbandonedOutcome = 'canceled' | 'died';

/**
 * For the post step: finalizes a record that main left `running` — `canceled` when the job was canceled,
 * `failed` with exit code -1 when main died. Returns the final record, or undefined when there was nothing
 * to do (no record at `path`, or main finished it).
 */
export async function settleRecord(path: string, secrets: string[], outcome: AbandonedOutcome): Promise<BuildRecord | undefined> {
  if (!(await exists(path))) return undefined;
  const writer = await RecordWriter.resume(path, secrets);
  if (writer.record.status !== 'running') return undefined;
  if (outcome === 'canceled') await writer.finish('canceled', 'the job was canceled before the step finished');
  else await writer.finish('failed', 'the main step ended without finishing the record (killed or crashed)', -1);
  return writer.record;
}
