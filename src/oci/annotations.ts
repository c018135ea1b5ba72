import { parsePlatform, platformKey } from './platform.js';

/**
 * Where an annotation goes, as BuildKit's exporters name the levels (docs/annotations.md) and
 * build-push-action / docker/metadata-action write them as line prefixes (`index:KEY=VALUE`):
 * - `manifest`: each platform's image manifest;
 * - `index`: the image index;
 * - `manifest-descriptor`: the index's descriptor of each manifest;
 * - `index-descriptor`: the OCI layout's (index.json) descriptor of the index.
 */
export type AnnotationLevel = 'manifest' | 'index' | 'manifest-descriptor' | 'index-descriptor';
const LEVELS: readonly AnnotationLevel[] = ['manifest', 'index', 'manifest-descriptor', 'index-descriptor'];

export interface LeveledAnnotation {
  levels: AnnotationLevel[];
  /** platform key (`linux/arm64`) when the line said `manifest[linux/arm64]:…`; all platforms otherwise */
  platform?: string;
  key: string;
  value: string;
}

/** A line without a prefix: shipshape's own meaning, the index and every manifest. */
export const DEFAULT_LEVELS: AnnotationLevel[] = ['index', 'manifest'];

/**
 * `[type[,type…]][[platform]]:KEY` (buildx's syntax) or a plain `KEY`, with its value. An unknown type
 * or a platform on a level that has none (index, index-descriptor) is refused with a plain Error.
 */
export function parseLeveledAnnotation(rawKey: string, value: string): LeveledAnnotation {
  const colon = rawKey.indexOf(':');
  if (colon < 0) return { levels: [...DEFAULT_LEVELS], key: rawKey, value };
  const prefix = rawKey.slice(0, colon);
  const key = rawKey.slice(colon + 1);
  const m = /^([a-z,-]+)(?:\[([^\]]+)\])?$/.exec(prefix);
  const types = m ? m[1].split(',') : [prefix];
  const unknown = types.find((t) => !LEVELS.includes(t as AnnotationLevel));
  if (!m || unknown !== undefined) {
    throw new Error(`"${rawKey}" has an unknown level "${unknown ?? prefix}" (known: ${LEVELS.join(', ')}; none means the index and every manifest)`);
  }
  if (key === '') throw new Error(`"${rawKey}" has no key after the level`);
  const levels = [...new Set(types)] as AnnotationLevel[];
  if (!m[2]) return { levels, key, value };
  const wrong = levels.find((l) => l === 'index' || l === 'index-descriptor');
  if (wrong) throw new Error(`"${rawKey}": level ${wrong} has no platform (only manifest and manifest-descriptor do)`);
  let platform: string;
  try {
    platform = platformKey(parsePlatform(m[2]));
  } catch (e) {
    throw new Error(`"${rawKey}": ${(e as Error).message}`);
  }
  return { levels, platform, key, value };
}

/** The annotations at one level (for one platform's manifest or descriptor); a later line wins over an earlier one. */
export function annotationsAt(list: readonly LeveledAnnotation[], level: AnnotationLevel, platform?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of list) {
    if (!a.levels.includes(level)) continue;
    if (a.platform !== undefined && a.platform !== platform) continue;
    out[a.key] = a.value;
  }
  return out;
}
