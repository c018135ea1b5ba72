import { appendFileSync, existsSync } from 'node:fs';
import { EOL } from 'node:os';

// The runner's workflow commands (stdout) and file commands (GITHUB_OUTPUT, GITHUB_STATE), written exactly
// as @actions/core writes them (test/unit/actions-core.test.ts compares the two). Not the library itself:
// its entry loads its OIDC client, and with it @actions/http-client and undici — about 1 MB that every
// step, main and post, paid before its first line (a third of a no-change rerun).

type Properties = Record<string, string>;

const text = (value: unknown): string => (value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));
const escapeData = (s: unknown) => text(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: unknown) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function issueCommand(command: string, properties: Properties, message: unknown): void {
  const props = Object.entries(properties).filter(([, v]) => v);
  const head = props.length ? ` ${props.map(([k, v]) => `${k}=${escapeProperty(v)}`).join(',')}` : '';
  process.stdout.write(`::${command}${head}::${escapeData(message)}${EOL}`);
}

function issueFileCommand(command: 'OUTPUT' | 'STATE', name: string, value: unknown): void {
  const file = process.env[`GITHUB_${command}`]!;
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
  // node:crypto only when a file command is written: a post step with nothing to do never loads it
  const delimiter = `ghadelimiter_${process.getBuiltinModule('node:crypto').randomUUID()}`;
  const converted = text(value);
  if (name.includes(delimiter)) throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  if (converted.includes(delimiter)) throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  appendFileSync(file, `${name}<<${delimiter}${EOL}${converted}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' });
}

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
  if (process.env.GITHUB_OUTPUT) return issueFileCommand('OUTPUT', name, value);
  process.stdout.write(EOL);
  issueCommand('set-output', { name }, text(value));
}

export function saveState(name: string, value: unknown): void {
  if (process.env.GITHUB_STATE) return issueFileCommand('STATE', name, value);
  issueCommand('save-state', { name }, text(value));
}

export const getState = (name: string): string => process.env[`STATE_${name}`] || '';

/** The lines `fn` logs, folded under `name` in the run's log. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  issueCommand('group', {}, name);
  try {
    return await fn();
  } finally {
    issueCommand('endgroup', {}, '');
  }
}
