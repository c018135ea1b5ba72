import * as core from '@actions/core';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { actionsLogger } from '../actions-log.js';
import { buildImage, sourceDateEpoch, standardAnnotations, type BuildResult } from '../builder/index.js';
import { restoreBlobCache } from '../cache/actions-cache.js';
import { BlobCache } from '../cache/blob-cache.js';
import type { Settings } from '../inputs.js';
import { platformKey } from '../oci/platform.js';
import type { RecordWriter } from '../record/record.js';
import { saveMainState } from '../state.js';
import type { Fingerprinted } from './fingerprint.js';

const CACHE_KEY_PREFIX = 'shipshape-blobs-v1-';

/**
 * The Actions cache key of the blob cache: the base index digest and the platforms, then the fingerprint
 * (entries are immutable, so a new build saves a new entry holding its app layers too). Restoring falls
 * back to the newest entry for the same base and platforms, then to any.
 */
export function blobCacheKeys(settings: Settings, fp: Fingerprinted): { key: string; restoreKeys: string[] } {
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
    if (restored.matchedKey !== key) saveMainState({ cacheSave: { dir: b.cacheDir, key } });
  }
  // `cache: false` writes no cache: blobs pass through a scratch directory removed after the build (the
  // layout keeps its own links or copies), so nothing accumulates in the tool cache.
  const scratch = b.cache ? undefined : await mkdtemp(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'shipshape-nocache-'));
  const cache = new BlobCache(scratch ?? b.cacheDir);
  const epoch = await sourceDateEpoch(b.context);
  const result = await record.time('layers', () =>
    buildImage({
      settings: b,
      scan: fp.scan,
      ...(fp.base && { base: fp.base }),
      epoch,
      annotations: standardAnnotations(b, epoch),
      cache,
      logger: actionsLogger,
    }),
  ).finally(() => (scratch ? rm(scratch, { recursive: true, force: true }) : undefined));
  if (b.cache) {
    const pruned = await cache.prune(new Set(result.layers.map((l) => l.digest)));
    if (pruned.removed > 0) core.info(`Blob cache: pruned ${pruned.removed} unreferenced blob(s), ${pruned.bytes} bytes`);
  }
  await record.update((r) => {
    r.build = {
      ...r.build,
      index_digest: result.indexDigest,
      manifests: Object.fromEntries(result.manifests.map((m) => [m.platform, m.digest])),
      layers: result.layers.map((l) => ({
        digest: l.digest,
        size: l.size,
        group: l.group,
        ...(l.platform && { platform: l.platform }),
        source: l.source,
      })),
    };
  });
  core.setOutput('digest', result.indexDigest);
  return result;
}
