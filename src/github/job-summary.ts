import { appendFile } from 'node:fs/promises';
import type { BuildRecord } from '../record/schema.js';
import { renderSummary, type SummaryArtifact } from '../record/summary.js';

/** Appends the summary to GITHUB_STEP_SUMMARY. Returns false (no throw) when the variable is absent,
 * as in local runs; act sets it. */
export async function writeSummary(
  record: BuildRecord,
  artifact: SummaryArtifact | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<boolean> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  await appendFile(file, renderSummary(record, artifact) + '\n', 'utf8');
  return true;
}
