import { promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';

interface StatCacheEntry {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  digest: string;
}

const STAT_CACHE_VERSION = 1;
/** Entries modified this close to the scan are not cached: their mtime may not change on a later edit (git's "racily clean"). */
const RACY_MS = 3000;

/**
 * Remembers content digests by (size, mtime, ctime, inode) so unchanged files are not rehashed
 * between local runs. It only decides whether to hash: the digest recorded is always a content
 * digest, so the fingerprint never depends on mtimes.
 */
export class StatCache {
  private readonly next = new Map<string, StatCacheEntry>();
  /** Whether an entry was recorded anew: if not, and every previous entry was looked up, the file stays as it is. */
  private recorded = false;
  private constructor(
    private readonly file: string | undefined,
    private readonly previous: Map<string, StatCacheEntry>,
    private readonly startedMs: number,
  ) {}

  static async load(file: string | undefined): Promise<StatCache> {
    const previous = new Map<string, StatCacheEntry>();
    if (file) {
      try {
        const data = JSON.parse(await fs.readFile(file, 'utf8')) as { version: number; entries: Record<string, StatCacheEntry> };
        if (data.version === STAT_CACHE_VERSION) for (const [k, v] of Object.entries(data.entries)) previous.set(k, v);
      } catch {
        // missing or unreadable: start empty
      }
    }
    return new StatCache(file, previous, Date.now());
  }

  lookup(absPath: string, st: Stats): string | undefined {
    const e = this.previous.get(absPath);
    if (!e || e.size !== st.size || e.mtimeMs !== st.mtimeMs || e.ctimeMs !== st.ctimeMs || e.ino !== st.ino) return undefined;
    this.next.set(absPath, e);
    return e.digest;
  }

  record(absPath: string, st: Stats, digest: string): void {
    if (st.mtimeMs >= this.startedMs - RACY_MS) return;
    this.next.set(absPath, { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, digest });
    this.recorded = true;
  }

  async save(): Promise<void> {
    if (!this.file) return;
    // A no-change run: rewriting the same entries would cost more than the rest of the scan.
    if (!this.recorded && this.next.size === this.previous.size) return;
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, JSON.stringify({ version: STAT_CACHE_VERSION, entries: Object.fromEntries(this.next) }));
    await fs.rename(tmp, this.file);
  }
}
