import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** The stat fields an entry is matched by. */
export interface StatFields {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/** One file: [path relative to the root, size, mtimeMs, ctimeMs, ino, sha256 hex]. Arrays, not objects: a 10,000-file cache parses in a fraction of the time. */
type Entry = [string, number, number, number, number, string];

const STAT_CACHE_VERSION = 2;

/**
 * How far before the scan's start a file's mtime and ctime must lie for its entry to be trusted ("racily
 * clean" in git's terms). Any write after the scan started stamps the file with the kernel's coarse clock,
 * which lags the real time by at most one tick (≤ 10 ms at HZ=100) and is truncated to the filesystem's
 * granularity. So on a filesystem with sub-second times, an entry older than start − 50 ms cannot match a
 * later write's stamp: a write during or after the scan always changes mtime or ctime (a ctime too: `touch -d`
 * or `rsync -t` can set mtime back, never ctime). Whole-second stamps may come from a filesystem with 1 or
 * 2 s granularity (ext3's small inodes, FAT), where a later write in the same second keeps the stamp: those
 * keep a 3 s window. A network filesystem's server stamps with its own clock: one running more than 50 ms
 * behind this machine's could hide an edit made during the scan until the file changes again.
 */
export const RACY_MS = 50;
export const RACY_WHOLE_SECOND_MS = 3000;

/** Whether an entry with these stamps, recorded by a scan that started at `startedMs`, may be trusted later. */
export function trustworthy(st: StatFields, startedMs: number): boolean {
  const newest = Math.max(st.mtimeMs, st.ctimeMs);
  const window = st.mtimeMs % 1000 === 0 && st.ctimeMs % 1000 === 0 ? RACY_WHOLE_SECOND_MS : RACY_MS;
  return newest < startedMs - window;
}

/**
 * Remembers content digests by (size, mtime, ctime, inode) so unchanged files are not rehashed
 * between local runs. It only decides whether to hash: the digest recorded is always a content
 * digest, so the fingerprint never depends on mtimes.
 */
export class StatCache {
  private readonly next: Entry[] = [];
  /** Whether an entry was recorded anew: if not, and every previous entry was looked up, the file stays as it is. */
  private recorded = false;
  private constructor(
    private readonly file: string | undefined,
    private readonly root: string,
    private readonly previous: Map<string, Entry>,
    /** when the scan started, before its first stat: see RACY_MS */
    private readonly startedMs: number,
  ) {}

  /** `startedMs` must be taken before the scan's first stat. Entries are kept relative to `root`. */
  static async load(file: string | undefined, root: string, startedMs: number): Promise<StatCache> {
    const previous = new Map<string, Entry>();
    if (file) {
      try {
        const data = JSON.parse(await fs.readFile(file, 'utf8')) as { version: number; root: string; entries: Entry[] };
        if (data.version === STAT_CACHE_VERSION && data.root === root) for (const e of data.entries) previous.set(e[0], e);
      } catch {
        // missing or unreadable: start empty
      }
    }
    return new StatCache(file, root, previous, startedMs);
  }

  /** The digest remembered for the file at `rel` (relative to the root) with these stats, if any. */
  lookup(rel: string, st: StatFields): string | undefined {
    const e = this.previous.get(rel);
    if (!e || e[1] !== st.size || e[2] !== st.mtimeMs || e[3] !== st.ctimeMs || e[4] !== st.ino) return undefined;
    this.next.push(e);
    return `sha256:${e[5]}`;
  }

  record(rel: string, st: StatFields, digest: string): void {
    if (!trustworthy(st, this.startedMs)) return;
    this.next.push([rel, st.size, st.mtimeMs, st.ctimeMs, st.ino, digest.slice('sha256:'.length)]);
    this.recorded = true;
  }

  async save(): Promise<void> {
    if (!this.file) return;
    // A no-change run: rewriting the same entries would cost more than the rest of the scan.
    if (!this.recorded && this.next.length === this.previous.size) return;
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, JSON.stringify({ version: STAT_CACHE_VERSION, root: this.root, entries: this.next }));
    await fs.rename(tmp, this.file);
  }
}
