import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { BuildRecord } from '../../src/record/schema.js';
import type { ActionRun } from './run-action.js';

/** Lines of the step's stdout that are workflow commands of one kind (`::error`, `::add-mask::`…). */
export const commandLines = (run: ActionRun, prefix: string) => run.stdout.split('\n').filter((l) => l.startsWith(prefix));

/**
 * What a failed step must look like: exit code 1, exactly one `::error::` line matching `names` (the peer or
 * input and what to check), no crash stack, and the record finalized by main itself as `failed` / exit 1.
 * Returns the error line and the record.
 */
export function expectCleanFailure(run: ActionRun, names: RegExp): { error: string; record: BuildRecord } {
  const errors = commandLines(run, '::error');
  const context = `stdout:\n${run.stdout.slice(-3000)}\nstderr:\n${run.stderr.slice(-2000)}`;
  expect(run.code, context).toBe(1);
  expect(errors, context).toHaveLength(1);
  expect(errors[0]).toMatch(names);
  expect(run.stderr, 'no crash stack').not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  const recordPath = run.outputs['record-path'];
  expect(recordPath, 'record-path output').toBeTruthy();
  const record = JSON.parse(readFileSync(recordPath, 'utf8')) as BuildRecord;
  expect(record.status).toBe('failed');
  expect(record.exit_code).toBe(1);
  return { error: errors[0], record };
}
