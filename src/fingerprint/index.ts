import { createHash } from 'node:crypto';
import { constants as fsConstants, lstatSync, promises as fs, readdirSync, readlinkSync, type Stats } from 'node:fs';
import { peerText } from '../log.js';
import * as path from 'node:path';
import { hashFiles } from './hash.js';
import { parseIgnoreFile, matchesIgnore, type IgnorePattern } from './ignore.js';
import { StatCache, type StatFields } from './stat-cache.js';

export interface ContextFile {
  /** posix, relative to the context root */
  path: string;
  type: 'file' | 'dir' | 'symlink';
  /** normalized: 0o755 for dirs and files with any exec bit, 0o644 for other files, 0o777 for symlinks */
  mode: number;
  size: number;
  /** `sha256:` of a file's content */
  digest?: string;
  linkTarget?: string;
  absPath: string;
}

export interface ContextScan {
  root: string;
  /** sorted by path bytes */
  files: ContextFile[];
  /** `sha256:` over the sorted (type, mode, path, content digest / link target) list */
  contextDigest: string;
}

export interface ScanOptions {
  /** File remembering digests by stat between local runs (never affects the result). */
  statCachePath?: string;
  /** When the scan counts as started for the stat cache's racy rule (Date.now() at its start; tests set it). */
  startedMs?: number;
}

export const DEFAULT_IGNORE_FILE = '.dockerignore';

/** Bumped whenever the image shipshape writes for the same inputs changes (2: epoch and revision from the context's last commit, in the fingerprint; 4: tar headers by node-tar, default layers, gzip in parallel blocks). */
export const FORMAT_VERSION = 4;

/**
 * The ignore file must be a regular file inside the context: a FIFO would hang the read, a device never
 * ends, and a symlink could read a file outside the context. lstat first, then read without following links.
 */
export async function loadIgnorePatterns(root: string, ignoreFile: string): Promise<IgnorePattern[]> {
  const file = path.resolve(root, ignoreFile);
  const fail = (why: string) => new Error(`Input 'ignore-file': ${peerText(JSON.stringify(ignoreFile))} ${why}`);
  const rel = path.relative(root, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) throw fail(`is not a file inside the context ${root}`);
  const st = await fs.lstat(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT' && ignoreFile === DEFAULT_IGNORE_FILE) return undefined;
    throw fail(`cannot be read (${file}: ${e.code ?? e.message})`);
  });
  if (!st) return [];
  if (!st.isFile()) throw fail(`is ${describeKind(st)}, not a regular file (${file})`);
  const handle = await fs.open(file, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK);
  try {
    return parseIgnoreFile(await handle.readFile('utf8'));
  } finally {
    await handle.close();
  }
}

function describeKind(st: Stats): string {
  if (st.isSymbolicLink()) return 'a symlink';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  return 'a device';
}

/** File names that are not valid UTF-8 cannot be kept apart from their look-alikes in a tar or a fingerprint: refused. */
function checkUtf8Name(raw: Buffer, name: string, dirRel: string): void {
  if (!Buffer.from(name, 'utf8').equals(raw)) {
    const shown = [...raw].map((b) => (b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
    throw new Error(
      `the file name ${dirRel ? `${peerText(dirRel)}/` : ''}${shown} in the context is not valid UTF-8; rename it (or exclude it in the ignore file) — it cannot be stored without being confused with another name`,
    );
  }
}

function normalizedMode(type: ContextFile['type'], st: Stats): number {
  if (type === 'dir') return 0o755;
  if (type === 'symlink') return 0o777;
  return st.mode & 0o111 ? 0o755 : 0o644;
}

/** Sorted by the paths' UTF-8 bytes; each path is encoded once, not once per comparison. */
function sortByPathBytes<T extends { path: string }>(entries: T[]): T[] {
  const keyed = entries.map((e) => ({ e, key: Buffer.from(e.path) }));
  keyed.sort((a, b) => Buffer.compare(a.key, b.key));
  return keyed.map((k) => k.e);
}

/**
 * A directory's entries, sorted by name. Names are read as strings; the raw bytes are read (and later checked
 * by checkUtf8Name) only for a directory where a name holds U+FFFD, which is what bytes that are not valid
 * UTF-8 decode to: a name without it round-trips to its bytes.
 */
function listDir(dirAbs: string): { name: string; raw?: Buffer }[] {
  const names = readdirSync(dirAbs);
  const entries: { name: string; raw?: Buffer }[] = names.some((n) => n.includes('\uFFFD'))
    ? readdirSync(dirAbs, { encoding: 'buffer' }).map((raw) => ({ raw, name: raw.toString('utf8') }))
    : names.map((name) => ({ name }));
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Directory names are joined without path.join: the walk's directories are already normal paths. */
const joinName = (dir: string, name: string) => (dir.endsWith(path.sep) ? dir + name : dir + path.sep + name);

/** How many entries the walk handles between yields to the event loop (so network work started alongside it proceeds). */
const YIELD_EVERY = 512;

/**
 * Walks `root`, honoring the ignore file, and returns every kept entry with its content digest.
 * Only relative symlinks that stay inside the context are allowed; absolute or escaping links and
 * sockets, devices and FIFOs fail naming the path. mtimes and ownership never count.
 */
export async function scanContext(root: string, ignoreFile: string, opts: ScanOptions = {}): Promise<ContextScan> {
  const rootAbs = path.resolve(root);
  const rootStat = await fs.stat(rootAbs).catch(() => undefined);
  if (!rootStat?.isDirectory()) throw new Error(`Input 'context': "${root}" is not a directory`);
  const patterns = await loadIgnorePatterns(rootAbs, ignoreFile);
  const hasNegation = patterns.some((p) => p.negated);
  const files: ContextFile[] = [];
  // regular files with the stat fields the stat cache matches (not the whole Stats: 10,000 of those cost GC time)
  const regular: { file: ContextFile; stat: StatFields }[] = [];
  // Read while the walk runs; the start time is taken before the first stat (the stat cache's racy rule).
  const cachePromise = StatCache.load(opts.statCachePath, rootAbs, opts.startedMs ?? Date.now());
  cachePromise.catch(() => {});

  // Synchronous fs calls: a walk is thousands of tiny calls, and thread-pool round trips would dominate.
  // It yields now and then, so requests started beside the scan (the base's manifests) are not held up.
  let sinceYield = 0;
  async function walk(dirAbs: string, dirRel: string, dirExcluded: boolean): Promise<boolean> {
    let keptAny = false;
    if ((sinceYield += 1) >= YIELD_EVERY) {
      sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const names = listDir(dirAbs);
    sinceYield += names.length;
    for (const { raw, name } of names) {
      const rel = dirRel ? `${dirRel}/${name}` : name;
      const excluded = matchesIgnore(patterns, rel);
      if (excluded && !hasNegation) continue;
      if (raw) checkUtf8Name(raw, name, dirRel);
      const abs = joinName(dirAbs, name);
      const st = lstatSync(abs);
      if (st.isDirectory()) {
        if (excluded && !hasNegation) continue;
        const entry: ContextFile = { path: rel, type: 'dir', mode: 0o755, size: 0, absPath: abs };
        const at = files.push(entry) - 1;
        const keptChild = await walk(abs, rel, excluded);
        if (excluded && !keptChild) files.splice(at, 1);
        else keptAny = true;
        continue;
      }
      if (excluded) continue;
      keptAny = true;
      if (st.isSymbolicLink()) {
        const target = readlinkSync(abs);
        if (path.posix.isAbsolute(target) || path.isAbsolute(target)) {
          throw new Error(`symlink ${peerText(rel)} in the context points to the absolute path ${peerText(JSON.stringify(target))} (only relative links inside the context are allowed)`);
        }
        const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(rel), target));
        if (resolved === '..' || resolved.startsWith('../')) {
          throw new Error(`symlink ${peerText(rel)} in the context points to ${peerText(JSON.stringify(target))}, outside the context`);
        }
        files.push({ path: rel, type: 'symlink', mode: 0o777, size: 0, linkTarget: target, absPath: abs });
      } else if (st.isFile()) {
        const file: ContextFile = { path: rel, type: 'file', mode: normalizedMode('file', st), size: st.size, absPath: abs };
        files.push(file);
        regular.push({ file, stat: { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino } });
      } else {
        throw new Error(`${peerText(rel)} in the context is ${describeKind(st)}; only files, directories and symlinks can be built`);
      }
    }
    return keptAny || !dirExcluded;
  }

  await walk(rootAbs, '', false);
  const cache = await cachePromise;
  const toHash: typeof regular = [];
  for (const r of regular) {
    r.file.digest = cache.lookup(r.file.path, r.stat);
    if (!r.file.digest) toHash.push(r);
  }
  const digests = await hashFiles(toHash.map((r) => r.file));
  toHash.forEach((r, i) => {
    r.file.digest = digests[i];
    cache.record(r.file.path, r.stat, digests[i]);
  });
  await cache.save();
  const sorted = sortByPathBytes(files);
  return { root: rootAbs, files: sorted, contextDigest: listingDigest(sorted) };
}

/** The digest of a sorted entry list: what a fingerprint of these files means. */
export function listingDigest(files: ContextFile[]): string {
  const hash = createHash('sha256');
  // the same bytes as one update per entry, handed over in batches
  let batch = '';
  for (const f of files) {
    batch += `${f.type} ${f.mode.toString(8)} ${f.path}\0${f.digest ?? f.linkTarget ?? ''}\n`;
    if (batch.length > 65536) {
      hash.update(batch);
      batch = '';
    }
  }
  hash.update(batch);
  return `sha256:${hash.digest('hex')}`;
}

/** Everything besides the context that changes the image. */
export interface FingerprintSettings {
  platforms: string[];
  /** resolved base manifest digest per platform key; empty for scratch */
  baseDigests: Record<string, string>;
  workdir: string;
  entrypoint?: string[];
  cmd?: string[];
  env: [string, string][];
  labels: [string, string][];
  /** the build's seconds (`created`, file mtimes) */
  epoch: number;
  /** every annotation the image carries, with its level(s) */
  annotations: { levels: string[]; platform?: string; key: string; value: string }[];
  expose: string[];
  user?: string;
  layers: string[];
  /** platform key → listing digest of that platform's files (relative dir names included) */
  platformFiles: Record<string, string>;
}

/**
 * The build fingerprint (hex): context digest + settings + FORMAT_VERSION, the epoch and the annotations
 * included, so equal fingerprints mean equal digests. The epoch and revision come from the last commit
 * that touched the context, so a commit elsewhere keeps the fingerprint.
 */
export function combineFingerprint(contextDigest: string, settings: FingerprintSettings): string {
  const canonical = JSON.stringify({
    formatVersion: FORMAT_VERSION,
    contextDigest,
    platforms: settings.platforms,
    baseDigests: Object.entries(settings.baseDigests).sort(([a], [b]) => (a < b ? -1 : 1)),
    workdir: settings.workdir,
    entrypoint: settings.entrypoint ?? null,
    cmd: settings.cmd ?? null,
    env: settings.env,
    labels: settings.labels,
    epoch: settings.epoch,
    annotations: settings.annotations,
    expose: settings.expose,
    user: settings.user ?? null,
    layers: settings.layers,
    platformFiles: Object.entries(settings.platformFiles).sort(([a], [b]) => (a < b ? -1 : 1)),
  });
  return createHash('sha256').update(canonical).digest('hex');
}
