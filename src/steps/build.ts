import * as core from '../github/commands.js';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { actionsLogger } from '../github/logger.js';
import { buildImage, type BuildResult } from '../builder/index.js';
import { restoreBlobCache } from '../github/actions-cache.js';
import { BlobCache } from '../cache/blob-cache.js';
import type { Settings } from '../settings/index.js';
import { platformKey } from '../oci/platform.js';
import type { RecordWriter } from '../record/record.js';
import { saveMainState } from '../github/main-state.js';
import type { Fingerprinted } from './fingerprint.js';

const CACHE_KEY_PREFIX = 'shipshape-blobs-v1-';

/**
 * The Actions cache key of the blob cache: the base index digest and the platforms, then the fingerprint
 * (entries are immutable, so a new build saves a new entry holding its app layers too). Restoring falls
 * back to the newest entry for the same base and platforms, then to any.
 */
export function blobCacheKeys(settings: Settings, fp: Pick<Fingerprinted, 'base' | 'fingerprint'>): { key: string; restoreKeys: string[] } {
  const what = `${fp.base?.digest ?? 'scratch'} ${settings.build.platforms.map(platformKey).sort().join(',')}`;
  const basePrefix = `${CACHE_KEY_PREFIX}${createHash('sha256').update(what).digest('hex').slice(0, 24)}-`;
  return { key: `${basePrefix}${fp.fingerprint.slice(0, 24)}`, restoreKeys: [basePrefix, CACHE_KEY_PREFIX] };
}

/** Step 2: the OCI image layout — base layers through the blob cache, app layers built deterministically. */
export async function buildStep(settings: Settings, fp: Fingerprinted, record: RecordWriter): Promise<BuildResult> {
  const b = settings.build;
  if (b.cache) {
    const { key, restoreKeys } = blobCacheKeys(settings, fp);
    const restored = await restoreBlobCache(b.cacheDir, key, restoreKeys, actionsLogger);
    if (restored.matchedKey !== key && !restored.noService) saveMainState({ cacheSave: { dir: b.cacheDir, key } });
  }
  // `cache: false` writes no cache: blobs pass through a scratch directory removed after the build (the
  // layout keeps its own links or copies), so nothing accumulates in the tool cache.
  const scratch = b.cache ? undefined : await mkdtemp(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'shipshape-nocache-'));
  const cache = new BlobCache(scratch ?? b.cacheDir);
  const result = await record.time('layers', () =>
    buildImage({
      settings: b,
      scan: fp.scan,
      ...(fp.base && { base: fp.base }),
      epoch: fp.stamp.epoch,
      annotations: fp.annotations,
      cache,
      logger: actionsLogger,
    }),
  ).finally(() => (scratch ? rm(scratch, { recursive: true, force: true }) : undefined));
  if (b.cache) {
    const pruned = await cache.prune({ keep: new Set(result.layers.map((l) => l.digest)) });
    if (pruned.removed > 0) core.info(`Blob cache: evicted ${pruned.removed} blob(s) unused for a week or over the size limit, ${pruned.bytes} bytes; ${pruned.keptBytes} bytes kept`);
  }
  return result;
}
