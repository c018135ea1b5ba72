import * as core from './github/commands.js';
import { actionsLogger, errorMessage } from './github/logger.js';
import { peerText } from './log.js';
import { maskSecret } from './github/masking.js';
import { logOptionSecrets } from './secret-forms.js';
import { saveBlobCache } from './github/actions-cache.js';
import { readSettings, type Settings } from './settings/index.js';
import { RecordWriter, settleRecord } from './record/record.js';
import { settleMainState, type MainState } from './github/main-state.js';
import { publishRecord } from './steps/record.js';

/**
 * The post step (`post-if: always()`): whatever main could not finish. Each part is best-effort and only
 * warns, so main's own failure stays the one the job shows.
 */
export async function post(): Promise<void> {
  let settings: Settings | undefined;
  try {
    settings = readSettings();
    if (settings.deploy) settings.secrets.push(...logOptionSecrets(settings.deploy.service.log.options));
    for (const secret of settings.secrets) maskSecret(secret);
  } catch (error) {
    core.warning(`post: inputs not readable (${errorMessage(error)}); cleanup limited to the record`);
  }
  let state: MainState;
  try {
    state = await settleMainState();
  } catch (error) {
    const app = settings?.deploy?.app;
    core.warning(`post: ${errorMessage(error)}${app ? `; could not undo a deploy main may have left half-done: ${mayRemain(app)}` : ''}; could not finalize the build record or save the blob cache`);
    return;
  }
  await bestEffort('finish or undo the deploy from its saved phase', async () => {
    if (state.deploy === undefined) return;
    // loaded only after a deploy: the deploy modules (ssh2 among them) are a large part of the bundle
    const { parseJournal, settleDeploy } = await import('./deploy/index.js');
    const parsed = parseJournal(state.deploy);
    if (!settings?.deploy) {
      const saved = 'journal' in parsed ? parsed.journal : undefined;
      if (saved?.phase === 'done') return;
      throw new Error(`the deploy inputs are not readable${saved ? `; the deploy of ${saved.app} stopped in phase ${saved.phase}: ${mayRemain(saved.app)}` : ''}`);
    }
    if ('problem' in parsed) throw new Error(`${parsed.problem}; ${mayRemain(settings.deploy.app)}`);
    await settleDeploy(settings.deploy, parsed.journal, actionsLogger);
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
    if (!saved.saved && saved.reason) core.info(peerText(`Blob cache not saved: ${saved.reason}`));
  });
}

const mayRemain = (app: string) =>
  `the deploy lock shipshape-lock-${app} and a candidate ${app}-blue or ${app}-green may remain (the lock expires by itself; the next deploy replaces the candidate)`;

async function bestEffort(what: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    core.warning(`post: could not ${what}: ${errorMessage(error)}`);
  }
}
