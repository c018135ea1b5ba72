import * as core from '../github/commands.js';
import { actionsLogger, errorMessage } from '../github/logger.js';
import { recordArtifactName, uploadRecord } from '../github/record-artifact.js';
import type { RecordWriter } from '../record/record.js';
import { writeSummary } from '../github/job-summary.js';

/**
 * Step 5: upload the finished record as the zipped artifact `shipshape-record-<id>` and summarize it on
 * the run page. Where the artifact service is absent (local runs, act without an artifact server, GHES)
 * the record stays at its path and a notice says so; nothing here fails the step.
 */
export async function publishRecord(record: RecordWriter, retentionDays: number | undefined): Promise<void> {
  const name = recordArtifactName(record.id);
  let url: string | undefined;
  await record.flush(); // the file as the record stands (the last write may still be landing)
  try {
    const upload = await uploadRecord(record.path, record.id, retentionDays, actionsLogger);
    if (upload.uploaded) url = upload.url;
    else core.notice(`Build record kept at ${record.path} (${upload.reason})`);
  } catch (error) {
    core.warning(`Build record upload failed: ${errorMessage(error)}; the record is at ${record.path}`);
  }
  try {
    await writeSummary(record.record, { name, ...(url && { url }) });
  } catch (error) {
    core.warning(`Job summary not written: ${errorMessage(error)}`);
  }
}
