import * as core from '../github/commands.js';
import * as path from 'node:path';
// not builder/index.js: a fingerprint hit loads none of the layer code
import { standardAnnotations } from '../builder/annotations.js';
import { resolveBase, type ResolvedBase } from '../builder/base.js';
import { sourceStamp, type SourceStamp } from '../builder/epoch.js';
import { directoryDigestStore } from '../cache/digest-store.js';
import { fingerprintOf } from '../builder/fingerprint.js';
import { scanContext, type ContextScan } from '../fingerprint/index.js';
import type { Settings } from '../settings/index.js';
import type { LeveledAnnotation } from '../oci/annotations.js';
import { peerText } from '../log.js';
import { platformKey } from '../oci/platform.js';
import type { RecordWriter } from '../record/record.js';
import { registryClient } from './registries.js';

export interface Fingerprinted {
  scan: ContextScan;
  base?: ResolvedBase;
  /** time and revision of the last commit that touched the context (SOURCE_DATE_EPOCH overrides the time) */
  stamp: SourceStamp;
  /** every annotation the image gets, each at its level */
  annotations: LeveledAnnotation[];
  fingerprint: string;
}

/**
 * Step 1: hash the context, resolve the base per platform, and combine them with every build setting,
 * the source stamp and the annotations — everything the image is made of, so one fingerprint is one digest.
 */
export async function fingerprintStep(settings: Settings, record: RecordWriter): Promise<Fingerprinted> {
  const b = settings.build;
  // The base's manifests and the git stamp are fetched while the context is scanned (the walk yields for them).
  const ref = b.base;
  // `cache: false` writes no cache at all, so neither these base documents nor the stat cache.
  const baseStore = b.cache ? directoryDigestStore(path.join(path.dirname(b.cacheDir), 'base-documents')) : undefined;
  const basePromise = ref && record.time('resolve_base', () => resolveBase(registryClient(settings, ref.registry), ref, b.platforms, baseStore));
  const stampPromise = sourceStamp(b.context);
  basePromise?.catch(() => {});
  stampPromise.catch(() => {});
  const scan = await record.time('fingerprint', () =>
    scanContext(b.context, b.ignoreFile, b.cache ? { statCachePath: path.join(path.dirname(b.cacheDir), 'stat-cache.json') } : {}),
  );
  core.info(`Context ${b.context}: ${scan.files.length} entries, ${scan.contextDigest}`);
  const stamp = await stampPromise;
  core.info(
    `Source: ${stamp.revision ? `commit ${stamp.revision} (the last to touch the context)` : 'no git commit'}; ` +
      `time ${stamp.epoch}${stamp.epochFrom === 'SOURCE_DATE_EPOCH' ? ' from SOURCE_DATE_EPOCH' : stamp.epochFrom === 'none' ? ' (1970: no commit)' : ''}`,
  );
  const base: ResolvedBase | undefined = await basePromise;
  if (base) {
    for (const p of base.platforms) core.info(peerText(`Base ${p.key}: ${p.manifestDigest}`));
  } else {
    core.info('Base: scratch');
  }
  const annotations = standardAnnotations(b, stamp);
  const fingerprint = await fingerprintOf(b, scan, base, { epoch: stamp.epoch, annotations });
  core.info(`Fingerprint ${fingerprint} (${b.platforms.map(platformKey).join(', ')})`);
  return { scan, base, stamp, annotations, fingerprint };
}
