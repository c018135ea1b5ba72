import { mkdir, readdir } from 'node:fs/promises';
import { errorMessage, type Logger } from '../log.js';

// The base-layer blob cache directory persisted between runs with the GitHub Actions cache. The service
// version is left to @actions/cache: act only speaks v1, so ACTIONS_CACHE_SERVICE_V2 is never forced here.

const ALONE = 'the local blob cache directory alone serves';

/**
 * Why there is no Actions cache service to use, or undefined when there is one. v2 (GitHub's current
 * service, ACTIONS_CACHE_SERVICE_V2) lives at ACTIONS_RESULTS_URL; v1 (GHES, act's cache server) at
 * ACTIONS_CACHE_URL. @actions/cache would also try v1 at ACTIONS_RESULTS_URL, but the only layout that
 * has it without ACTIONS_CACHE_URL is act's with its cache server off, where that URL is act's artifact
 * server: asking it for caches only fails, with warnings on every run.
 */
export function cacheServiceAbsence(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.ACTIONS_CACHE_SERVICE_V2 && env.ACTIONS_RESULTS_URL) return undefined;
  if (env.ACTIONS_CACHE_URL) return undefined;
  if (env.ACTIONS_RESULTS_URL) {
    const who = env.ACT ? 'act without its cache server' : 'no cache service';
    return `${who} (ACTIONS_CACHE_URL unset; ACTIONS_RESULTS_URL is the artifact server): ${ALONE}`;
  }
  return `no GitHub Actions cache service here (ACTIONS_CACHE_URL/ACTIONS_RESULTS_URL unset): ${ALONE}`;
}

export interface CacheRestore {
  /** Something was restored, by `key` or by one of the restore keys (see `matchedKey`). */
  hit: boolean;
  matchedKey?: string;
  reason?: string;
  /** There is no cache service here, so there is nothing to save to either. */
  noService?: boolean;
}

/** Restores `dir` from the Actions cache; a miss, an absent service or an error leave the local dir as it is. */
export async function restoreBlobCache(dir: string, key: string, restoreKeys: string[], logger: Logger): Promise<CacheRestore> {
  await mkdir(dir, { recursive: true });
  const absent = cacheServiceAbsence();
  if (absent) {
    logger.info(absent);
    return { hit: false, reason: absent, noService: true };
  }
  try {
    const { restoreCache } = await import('@actions/cache');
    const matchedKey = await restoreCache([dir], key, restoreKeys);
    if (matchedKey === undefined) {
      logger.info(`Blob cache: no Actions cache entry for key ${key}`);
      return { hit: false, reason: `no cache entry for key ${key}` };
    }
    logger.info(`Blob cache restored from Actions cache key ${matchedKey}`);
    return { hit: true, matchedKey };
  } catch (error) {
    const reason = `restoring the blob cache failed (key ${key}): ${errorMessage(error)}`;
    logger.warning(reason);
    return { hit: false, reason };
  }
}

/** Saves `dir` under `key`. An existing entry for the key, an absent service or an error are reported, not thrown. */
export async function saveBlobCache(dir: string, key: string, logger: Logger): Promise<{ saved: boolean; reason?: string }> {
  const absent = cacheServiceAbsence();
  if (absent) return { saved: false, reason: absent };
  const entries = await readdir(dir).catch(() => [] as string[]);
  if (entries.length === 0) return { saved: false, reason: `blob cache directory ${dir} is empty or missing: nothing to save` };
  try {
    const { saveCache } = await import('@actions/cache');
    const cacheId = await saveCache([dir], key);
    if (cacheId === -1) {
      // @actions/cache has logged why (most often: the key exists already, written by an earlier run).
      return { saved: false, reason: `the Actions cache did not store key ${key} (see the log above)` };
    }
    logger.info(`Blob cache saved to the Actions cache with key ${key}`);
    return { saved: true };
  } catch (error) {
    const reason = `saving the blob cache failed (key ${key}): ${errorMessage(error)}`;
    logger.warning(reason);
    return { saved: false, reason };
  }
}
