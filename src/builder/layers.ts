import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { Logger } from '../log.js';
import { FORMAT_VERSION, type ContextFile } from '../fingerprint/index.js';
import { matchesIgnore, parseIgnoreFile } from '../fingerprint/ignore.js';
import { GZIP_LEVEL, sortEntries, type LayerEntry } from '../oci/layer.js';
import { DEFAULT_GROUPS, DEFAULT_REST_GROUP } from './default-layers.js';

/** A layer to write: its group name and sorted entries, plus the key it is cached under. */
export interface PlannedLayer {
  group: string;
  platform?: string;
  entries: LayerEntry[];
  /** sha256 hex of everything that determines the layer's bytes */
  key: string;
}

/** `/app` → `app`; files go under it. */
function imageDir(workdir: string): string {
  return path.posix.normalize(workdir).replace(/^\/+|\/+$/g, '');
}

function toEntry(file: ContextFile, imagePath: string): LayerEntry {
  return {
    path: imagePath,
    type: file.type,
    mode: file.mode,
    size: file.type === 'file' ? file.size : 0,
    ...(file.type === 'file' ? { sourcePath: file.absPath } : {}),
    ...(file.linkTarget !== undefined ? { linkTarget: file.linkTarget } : {}),
  };
}

/** Places files under the workdir and adds every missing parent directory (mode 0755) so the layer stands alone. */
function layerEntries(files: { file: ContextFile; rel: string }[], workdir: string): LayerEntry[] {
  const root = imageDir(workdir);
  const byPath = new Map<string, LayerEntry>();
  const addParents = (p: string) => {
    for (let dir = path.posix.dirname(p); dir !== '.' && dir !== '/' && !byPath.has(dir); dir = path.posix.dirname(dir)) {
      byPath.set(dir, { path: dir, type: 'dir', mode: 0o755, size: 0 });
    }
  };
  if (root) {
    byPath.set(root, { path: root, type: 'dir', mode: 0o755, size: 0 });
    addParents(root);
  }
  for (const { file, rel } of files) {
    const p = root ? `${root}/${rel}` : rel;
    byPath.set(p, toEntry(file, p));
    addParents(p);
  }
  return sortEntries([...byPath.values()]);
}

/** What determines a layer's bytes: entries (with content digests), epoch and the writer's format. */
function layerKey(entries: LayerEntry[], files: Map<string, ContextFile>, epoch: number): string {
  const hash = createHash('sha256').update(`shipshape-layer v${FORMAT_VERSION} gzip${GZIP_LEVEL} epoch${epoch}\n`);
  for (const e of entries) {
    const content = e.sourcePath ? files.get(e.sourcePath)?.digest : e.linkTarget;
    hash.update(`${e.type} ${e.mode.toString(8)} ${e.size} ${e.path}\0${content ?? ''}\n`);
  }
  return hash.digest('hex');
}

export interface PlanInput {
  /** The context's files. */
  files: ContextFile[];
  /** Context-relative posix dirs of platform-files inside the context (excluded from the common layers). */
  excludedDirs: string[];
  /** `layers` globs in order. */
  groups: string[];
  /** Per platform key: the files of its platform-files dir, with paths relative to that dir. */
  platformFiles: Map<string, ContextFile[]>;
  workdir: string;
  epoch: number;
}

/**
 * Common layers: one per `layers` glob in order (a file goes to the first glob that matches it),
 * then the unmatched rest; a glob that matches nothing logs a warning and adds no layer. With no
 * `layers`, the default groups (default-layers.ts) split the same way, silently skipping empty
 * ones. Then one layer per platform with platform files.
 */
export function planLayers(input: PlanInput, logger: Logger): { common: PlannedLayer[]; perPlatform: Map<string, PlannedLayer> } {
  const bySource = new Map<string, ContextFile>();
  const candidates = input.files.filter(
    (f) => !input.excludedDirs.some((d) => f.path === d || f.path.startsWith(`${d}/`)) && !(f.type === 'dir' && input.excludedDirs.some((d) => d.startsWith(`${f.path}/`))),
  );
  const defaults = input.groups.length === 0;
  const groups = defaults
    ? DEFAULT_GROUPS
    : input.groups.map((glob) => {
        const patterns = parseIgnoreFile(glob);
        return { name: glob, matches: (p: string) => patterns.length > 0 && matchesIgnore(patterns, p) };
      });
  const buckets: ContextFile[][] = groups.map(() => []);
  const rest: ContextFile[] = [];
  for (const f of candidates) {
    const at = groups.findIndex((g) => g.matches(f.path));
    (at >= 0 ? buckets[at] : rest).push(f);
  }
  const common: PlannedLayer[] = [];
  const make = (group: string, files: { file: ContextFile; rel: string }[], platform?: string): PlannedLayer => {
    for (const { file } of files) bySource.set(file.absPath, file);
    const entries = layerEntries(files, input.workdir);
    return { group, ...(platform ? { platform } : {}), entries, key: layerKey(entries, bySource, input.epoch) };
  };
  groups.forEach((group, i) => {
    if (buckets[i].length === 0) {
      if (!defaults) logger.warning(`Input 'layers': "${group.name}" matches no file in the context; no layer is made for it`);
      return;
    }
    common.push(make(group.name, buckets[i].map((file) => ({ file, rel: file.path }))));
  });
  if (rest.length > 0 || common.length === 0) common.push(make(defaults ? DEFAULT_REST_GROUP : 'rest', rest.map((file) => ({ file, rel: file.path }))));
  const perPlatform = new Map<string, PlannedLayer>();
  for (const [key, files] of input.platformFiles) {
    perPlatform.set(key, make(`platform-files ${key}`, files.map((file) => ({ file, rel: file.path })), key));
  }
  return { common, perPlatform };
}
