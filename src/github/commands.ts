import { EOL } from 'node:os';
// @actions/core's own command writers, from its modules rather than its entry: lib/core.js also loads its
// OIDC client, and with it @actions/http-client and undici — about 1 MB that every step, main and post,
// paid before its first line (a third of a no-change rerun). The package's exports map names only that
// entry, hence the paths into the package; the functions below are core.js's own thin wrappers, and
// test/unit/github-commands.test.ts checks that they write exactly what @actions/core writes.
import { issue, issueCommand } from '../../node_modules/@actions/core/lib/command.js';
import { issueFileCommand, prepareKeyValueMessage } from '../../node_modules/@actions/core/lib/file-command.js';
import { toCommandValue } from '../../node_modules/@actions/core/lib/utils.js';

const message = (m: string | Error) => (m instanceof Error ? m.toString() : m);

export const info = (m: string): void => void process.stdout.write(m + EOL);
export const debug = (m: string): void => issueCommand('debug', {}, m);
export const notice = (m: string | Error): void => issueCommand('notice', {}, message(m));
export const warning = (m: string | Error): void => issueCommand('warning', {}, message(m));
export const error = (m: string | Error): void => issueCommand('error', {}, message(m));
export const setSecret = (secret: string): void => issueCommand('add-mask', {}, secret);

/** Fails the step (exit code 1 when the process ends) with an error annotation. */
export function setFailed(m: string | Error): void {
  process.exitCode = 1;
  error(m);
}

export function setOutput(name: string, value: unknown): void {
  if (process.env.GITHUB_OUTPUT) return issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value));
  process.stdout.write(EOL);
  issueCommand('set-output', { name }, toCommandValue(value));
}

/**
 * Why `name`/`value` cannot be saved as state both clients read back unchanged, or undefined. act drops
 * a whole state file it fails to parse (nektos/act pkg/runner/step.go, pkg/container/parse_env_file.go:
 * a name with `=` or `<<` splits the line elsewhere, a value's lines are then read as entries) and joins
 * a value's lines dropping leading empty ones; the runner reads `\r` as part of a line. A name has no `=`, `<`
 * (a trailing one moves the `<<`) or line break, and a value is one line: JSON (main-state.ts) always is.
 */
export function stateProblem(name: string, value: string): string | undefined {
  if (!/^[^=<\r\n]+$/.test(name)) return `the name ${JSON.stringify(name)} is empty or holds =, < or a line break`;
  if (/[\r\n]/.test(value)) return `the value of ${name} spans lines`;
  return undefined;
}

/** Appends to GITHUB_STATE; throws for a name or value act or the runner would not read back as written. */
export function saveState(name: string, value: unknown): void {
  const problem = stateProblem(name, toCommandValue(value));
  if (problem) throw new Error(`state not saved: ${problem}, which act would not read back`);
  if (process.env.GITHUB_STATE) return issueFileCommand('STATE', prepareKeyValueMessage(name, value));
  issueCommand('save-state', { name }, toCommandValue(value));
}

/** Sets an environment variable for this process and, through GITHUB_ENV, for the job's later steps. */
export function exportVariable(name: string, value: unknown): void {
  const converted = toCommandValue(value);
  process.env[name] = converted;
  if (process.env.GITHUB_ENV) return issueFileCommand('ENV', prepareKeyValueMessage(name, value));
  issueCommand('set-env', { name }, converted);
}

export const getState = (name: string): string => process.env[`STATE_${name}`] || '';

/** The lines `fn` logs, folded under `name` in the run's log. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  issue('group', name);
  try {
    return await fn();
  } finally {
    issue('endgroup');
  }
}
