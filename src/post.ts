import * as core from '@actions/core';
import { actionsLogger, errorMessage } from './actions-log.js';
import { maskSecret } from './secrets.js';
import { saveBlobCache } from './cache/actions-cache.js';
import { readSettings, type Settings } from './inputs.js';
import { RecordWriter, settleRecord } from './record/record.js';
import { loadMainState } from './state.js';
import { publishRecord } from './steps/record.js';

/**
 * The post step (`post-if: always()`): whatever main could not finish. Each part is best-effort and only
 * warns, so main's own failure stays the one the job shows.
 */
export async function post(): Promise<void> {
  const state = loadMainState();
  let settings: Settings | undefined;
  try {
    settings = readSettings();
    for (const secret of settings.secrets) maskSecret(secret);
  } catch (error) {
    core.warning(`post: inputs not readable (${errorMessage(error)}); cleanup limited to the record`);
  }
  await bestEffort('release the deploy lock and remove a candidate that never went live', async () => {
    const progress = state.deploy;
    if (!progress || !settings?.deploy || (!progress.lockHeld && !progress.candidate)) return;
    const { cleanupAfterAbort } = await import('./deploy/index.js');
    await cleanupAfterAbort(settings.deploy, progress, actionsLogger);
  });
  await bestEffort('finalize the build record', async () => {
    if (!state.recordPath || state.recordPublished) return;
    const secrets = settings?.secrets ?? [];
    await settleRecord(state.recordPath, secrets, state.canceled ? 'canceled' : 'died');
    const record = await RecordWriter.resume(state.recordPath, secrets);
    core.info(`Build record ${record.path}: ${record.record.status}`);
    await publishRecord(record, settings?.record.retentionDays);
  });
  await bestEffort('save the blob cache', async () => {
    if (!state.cacheSave) return;
    const saved = await saveBlobCache(state.cacheSave.dir, state.cacheSave.key, actionsLogger);
    if (!saved.saved && saved.reason) core.info(`Blob cache not saved: ${saved.reason}`);
  });
}

async function bestEffort(what: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    core.warning(`post: could not ${what}: ${errorMessage(error)}`);
  }
}
