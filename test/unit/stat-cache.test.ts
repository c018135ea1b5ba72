import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from './build-helpers.js';
import { scanContext } from '../../src/fingerprint/index.js';
import { RACY_MS, RACY_WHOLE_SECOND_MS, StatCache, trustworthy, type StatFields } from '../../src/fingerprint/stat-cache.js';

const tempDir = useTempDirs('statcache-');

// A scan that started at a fixed instant (with a sub-millisecond part, as file stamps from ns clocks have)
const START = 1_800_000_000_123.25;
const stamped = (mtimeMs: number, ctimeMs = mtimeMs): StatFields => ({ size: 5, mtimeMs, ctimeMs, ino: 42 });
const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('stat cache racy rule', () => {
  it('trusts a stamp older than the scan start minus the clock tick margin, not one written during the scan', () => {
    expect(trustworthy(stamped(START - RACY_MS - 0.5), START)).toBe(true);
    expect(trustworthy(stamped(START - RACY_MS + 0.5), START)).toBe(false);
    expect(trustworthy(stamped(START + 3), START)).toBe(false);
  });
  it('looks at ctime too: a file whose mtime was set back (touch -d, rsync -t) during the scan is not trusted', () => {
    expect(trustworthy(stamped(START - 3_600_000, START - 10), START)).toBe(false);
    expect(trustworthy(stamped(START - 3_600_000, START - RACY_MS - 1), START)).toBe(true);
  });
  it('keeps the 3 s window for whole-second stamps (a filesystem with 1 or 2 s granularity)', () => {
    const second = Math.floor(START / 1000) * 1000;
    expect(trustworthy(stamped(second - 2000), START)).toBe(false);
    expect(trustworthy(stamped(second - RACY_WHOLE_SECOND_MS - 1000), START)).toBe(true);
  });

  it('a file written during the scan is hashed again next time; one older than the start is trusted', async () => {
    const file = path.join(await tempDir(), 'stat-cache.json');
    const first = await StatCache.load(file, '/ctx', START);
    const during = stamped(START + 1);
    const before = stamped(START - 1000);
    first.record('during.txt', during, DIGEST);
    first.record('before.txt', before, DIGEST);
    await first.save();
    const next = await StatCache.load(file, '/ctx', START + 10_000);
    expect(next.lookup('during.txt', during)).toBeUndefined();
    expect(next.lookup('before.txt', before)).toBe(DIGEST);
    // any stat field that moved means the file is hashed again
    for (const moved of [{ size: 6 }, { mtimeMs: before.mtimeMs + 0.001 }, { ctimeMs: before.ctimeMs + 1 }, { ino: 43 }]) {
      expect(next.lookup('before.txt', { ...before, ...moved })).toBeUndefined();
    }
    // entries belong to the root they were recorded under
    expect((await StatCache.load(file, '/elsewhere', START + 10_000)).lookup('before.txt', before)).toBeUndefined();
  });

  it('a no-change scan leaves the cache file untouched', async () => {
    const file = path.join(await tempDir(), 'stat-cache.json');
    const first = await StatCache.load(file, '/ctx', START);
    first.record('a', stamped(START - 1000), DIGEST);
    await first.save();
    await fs.writeFile(file, (await fs.readFile(file, 'utf8')) + ' ');
    const again = await StatCache.load(file, '/ctx', START + 10_000);
    expect(again.lookup('a', stamped(START - 1000))).toBe(DIGEST);
    await again.save();
    expect((await fs.readFile(file, 'utf8')).endsWith(' ')).toBe(true);
  });

  it('scanContext applies the rule with its start time: a file stamped during the scan is not recorded, an older one is', async () => {
    const root = await tempDir();
    await fs.writeFile(path.join(root, 'a.txt'), 'a');
    const st = await fs.stat(path.join(root, 'a.txt'));
    const stamp = Math.max(st.mtimeMs, st.ctimeMs);
    const recorded = async (startedMs: number) => {
      const file = path.join(await tempDir(), 'stat-cache.json');
      await scanContext(root, '.dockerignore', { statCachePath: file, startedMs });
      const text = await fs.readFile(file, 'utf8').catch(() => '{"entries":[]}');
      return (JSON.parse(text) as { entries: [string][] }).entries.map((e) => e[0]);
    };
    expect(await recorded(stamp)).not.toContain('a.txt');
    expect(await recorded(stamp + RACY_MS - 1)).not.toContain('a.txt');
    expect(await recorded(stamp + RACY_MS + 1)).toContain('a.txt');
  });
});
