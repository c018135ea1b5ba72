import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from './build-helpers.js';
import { combineFingerprint, scanContext, type FingerprintSettings } from '../../src/fingerprint/index.js';
import { matchesIgnore, parseIgnoreFile } from '../../src/fingerprint/ignore.js';
import { execFileSync } from 'node:child_process';

const tempDir = useTempDirs('fp-');

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), content);
  }
}

describe('ignore patterns', () => {
  const ignored = (patterns: string, p: string) => matchesIgnore(parseIgnoreFile(patterns), p);
  it('matches files and everything under a matched directory', () => {
    expect(ignored('node_modules', 'node_modules/a/b.js')).toBe(true);
    expect(ignored('/node_modules', 'node_modules')).toBe(true);
    expect(ignored('./dist/', 'dist/x')).toBe(true);
    expect(ignored('node_modules', 'src/node_modules')).toBe(false);
  });
  it('keeps * and ? inside one component and lets ** span directories', () => {
    expect(ignored('*.log', 'a.log')).toBe(true);
    expect(ignored('*.log', 'sub/a.log')).toBe(false);
    expect(ignored('**/*.log', 'sub/deep/a.log')).toBe(true);
    expect(ignored('**/*.log', 'a.log')).toBe(true);
    expect(ignored('a?c', 'abc')).toBe(true);
    expect(ignored('a?c', 'a/c')).toBe(false);
    expect(ignored('[a-c]x', 'bx')).toBe(true);
    expect(ignored('docs/**', 'docs/x/y')).toBe(true);
  });
  it('lets the last matching pattern win, with ! re-including', () => {
    const patterns = '# comment\n*.md\n!README.md\n';
    expect(ignored(patterns, 'CHANGES.md')).toBe(true);
    expect(ignored(patterns, 'README.md')).toBe(false);
    expect(ignored('dir\n!dir/keep', 'dir/keep')).toBe(false);
    expect(ignored('dir\n!dir/keep', 'dir/other')).toBe(true);
    expect(ignored('!a\na', 'a')).toBe(true);
  });
  it('escapes with backslash', () => {
    expect(ignored('\\*x', '*x')).toBe(true);
    expect(ignored('\\*x', 'ax')).toBe(false);
  });
});

describe('scanContext', () => {
  it('lists sorted entries with normalized modes, honoring the ignore file', async () => {
    const root = await tempDir();
    await writeTree(root, { 'b.txt': 'b', 'a/z.js': 'z', 'a/y.js': 'y', 'logs/x.log': 'x', '.dockerignore': 'logs\n*.tmp\n', 'c.tmp': '' });
    await fs.chmod(path.join(root, 'a/y.js'), 0o700);
    await fs.symlink('../b.txt', path.join(root, 'a/link'));
    const scan = await scanContext(root, '.dockerignore');
    expect(scan.files.map((f) => [f.path, f.type, f.mode.toString(8)])).toEqual([
      ['.dockerignore', 'file', '644'],
      ['a', 'dir', '755'],
      ['a/link', 'symlink', '777'],
      ['a/y.js', 'file', '755'],
      ['a/z.js', 'file', '644'],
      ['b.txt', 'file', '644'],
    ]);
    expect(scan.files.find((f) => f.path === 'a/link')?.linkTarget).toBe('../b.txt');
  });

  it('keeps an excluded directory when a ! pattern re-includes something inside', async () => {
    const root = await tempDir();
    await writeTree(root, { 'dir/keep': 'k', 'dir/drop': 'd', '.dockerignore': 'dir\n!dir/keep\n' });
    const scan = await scanContext(root, '.dockerignore');
    expect(scan.files.map((f) => f.path)).toEqual(['.dockerignore', 'dir', 'dir/keep']);
  });

  it('is invariant to mtimes, ownership-free copies and the stat cache', async () => {
    const root = await tempDir();
    await writeTree(root, { 'x/a.txt': 'hello', 'b.bin': 'bytes' });
    const first = await scanContext(root, '.dockerignore');
    const later = new Date(Date.now() + 86_400_000);
    await fs.utimes(path.join(root, 'x/a.txt'), later, later);
    expect((await scanContext(root, '.dockerignore')).contextDigest).toBe(first.contextDigest);
    const copy = await tempDir();
    execFileSync('cp', ['-r', `${root}/.`, copy]);
    expect((await scanContext(copy, '.dockerignore')).contextDigest).toBe(first.contextDigest);
    const statCachePath = path.join(await tempDir(), 'stat.json');
    const old = new Date(Date.now() - 3_600_000);
    await fs.utimes(path.join(copy, 'b.bin'), old, old);
    await fs.utimes(path.join(copy, 'x/a.txt'), old, old);
    // as if the scan started a minute from now: the files' ctimes (set by utimes just now) are then old enough to trust
    const startedMs = Date.now() + 60_000;
    await scanContext(copy, '.dockerignore', { statCachePath, startedMs });
    expect((JSON.parse(await fs.readFile(statCachePath, 'utf8')) as { entries: [string][] }).entries.map((e) => e[0])).toContain('b.bin');
    // same size and mtime restored, but new content and ctime: the cache must not hide the change
    await fs.writeFile(path.join(copy, 'b.bin'), 'BYTES');
    await fs.utimes(path.join(copy, 'b.bin'), old, old);
    const changed = await scanContext(copy, '.dockerignore', { statCachePath, startedMs });
    expect(changed.contextDigest).not.toBe(first.contextDigest);
  });

  it('refuses a file name that is not valid UTF-8, and keeps one that holds a real U+FFFD', async () => {
    const root = await tempDir();
    await fs.writeFile(path.join(root, 'ok-\uFFFD.txt'), 'x');
    expect((await scanContext(root, '.dockerignore')).files.map((f) => f.path)).toEqual(['ok-\uFFFD.txt']);
    await fs.mkdir(path.join(root, 'sub'));
    await fs.writeFile(Buffer.concat([Buffer.from(path.join(root, 'sub/bad')), Buffer.from([0xff])]), 'y');
    await expect(scanContext(root, '.dockerignore')).rejects.toThrow(/the file name sub\/bad\\xff in the context is not valid UTF-8/);
  });

  it('changes with content, exec bit, symlink target and file names', async () => {
    const root = await tempDir();
    await writeTree(root, { 'a.sh': 'echo', 't1': '1', 't2': '2' });
    await fs.symlink('t1', path.join(root, 'l'));
    const digests = new Set([(await scanContext(root, '.dockerignore')).contextDigest]);
    await fs.writeFile(path.join(root, 'a.sh'), 'echo!');
    digests.add((await scanContext(root, '.dockerignore')).contextDigest);
    await fs.chmod(path.join(root, 'a.sh'), 0o755);
    digests.add((await scanContext(root, '.dockerignore')).contextDigest);
    await fs.rm(path.join(root, 'l'));
    await fs.symlink('t2', path.join(root, 'l'));
    digests.add((await scanContext(root, '.dockerignore')).contextDigest);
    await fs.rename(path.join(root, 't2'), path.join(root, 't3'));
    digests.add((await scanContext(root, '.dockerignore')).contextDigest);
    expect(digests.size).toBe(5);
  });

  it('fails naming the path for escaping or absolute symlinks and special files', async () => {
    const root = await tempDir();
    await fs.mkdir(path.join(root, 'sub'));
    await fs.symlink('../../etc/passwd', path.join(root, 'sub/out'));
    await expect(scanContext(root, '.dockerignore')).rejects.toThrow(/symlink sub\/out .*outside the context/);
    await fs.rm(path.join(root, 'sub/out'));
    await fs.symlink('/etc/passwd', path.join(root, 'abs'));
    await expect(scanContext(root, '.dockerignore')).rejects.toThrow(/symlink abs .*absolute path "\/etc\/passwd"/);
    await fs.rm(path.join(root, 'abs'));
    execFileSync('mkfifo', [path.join(root, 'sub/pipe')]);
    await expect(scanContext(root, '.dockerignore')).rejects.toThrow(/sub\/pipe in the context is a FIFO/);
  });

  it('fails clearly on a missing context or an unreadable ignore file', async () => {
    const root = await tempDir();
    await expect(scanContext(path.join(root, 'nope'), '.dockerignore')).rejects.toThrow(/Input 'context': ".*nope" is not a directory/);
    await expect(scanContext(root, 'custom.ignore')).rejects.toThrow(/Input 'ignore-file': "custom.ignore" cannot be read/);
  });
});

describe('combineFingerprint', () => {
  const settings: FingerprintSettings = {
    platforms: ['linux/amd64'],
    baseDigests: { 'linux/amd64': 'sha256:' + 'a'.repeat(64) },
    workdir: '/app',
    env: [['A', '1']],
    labels: [],
    epoch: 0,
    annotations: [],
    expose: [],
    layers: [],
    platformFiles: {},
  };
  it('is stable and changes with every setting that changes the image', () => {
    const base = combineFingerprint('sha256:x', settings);
    expect(base).toMatch(/^[a-f0-9]{64}$/);
    expect(combineFingerprint('sha256:x', { ...settings })).toBe(base);
    const variants: Partial<FingerprintSettings>[] = [
      { platforms: ['linux/amd64', 'linux/arm64'] },
      { baseDigests: { 'linux/amd64': 'sha256:' + 'b'.repeat(64) } },
      { workdir: '/srv' },
      { entrypoint: ['x'] },
      { cmd: ['y'] },
      { env: [['A', '2']] },
      { labels: [['l', 'v']] },
      { epoch: 1 },
      { annotations: [{ levels: ['index', 'manifest'], key: 'a', value: 'v' }] },
      { annotations: [{ levels: ['index'], key: 'a', value: 'v' }] },
      { expose: ['80/tcp'] },
      { user: '1000' },
      { layers: ['deps'] },
      { platformFiles: { 'linux/amd64': 'sha256:p' } },
    ];
    const all = new Set(variants.map((v) => combineFingerprint('sha256:x', { ...settings, ...v })));
    expect(all.size).toBe(variants.length);
    expect(all.has(base)).toBe(false);
    expect(combineFingerprint('sha256:y', settings)).not.toBe(base);
  });
});

describe('hashFiles', () => {
  it('gives the same digests on worker threads (large totals) as on the main thread', async () => {
    const { hashFiles, hashFileSync } = await import('../../src/fingerprint/hash.js');
    const root = await tempDir();
    const files = [];
    for (const [name, size] of [['big', 70 * 1024 * 1024], ['a', 5], ['b', 0], ['c', 3 * 1024 * 1024 + 7]] as const) {
      const absPath = path.join(root, name);
      await fs.writeFile(absPath, name.repeat(Math.min(size, 5)).slice(0, size));
      await fs.truncate(absPath, size);
      files.push({ absPath, size });
    }
    const digests = await hashFiles(files);
    expect(digests).toEqual(files.map((f) => hashFileSync(f.absPath)));
    expect(digests[2]).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
