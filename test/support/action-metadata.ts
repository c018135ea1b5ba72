import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { checkCondition } from './post-if.js';
import { repoRoot } from './repo-root.js';

/** The action entries this repository publishes: `uses: shipshape/shipshape@v1` and `…/deploy@v1`. */
export const ACTION_FILES = ['action.yml', 'deploy/action.yml'] as const;
export type Entry = 'build' | 'deploy';
export const entryFile = (entry: Entry) => (entry === 'deploy' ? 'deploy/action.yml' : 'action.yml');

export interface ActionInput {
  description?: unknown;
  required?: unknown;
  default?: unknown;
}

export interface ActionMetadata {
  name?: unknown;
  description?: unknown;
  inputs?: Record<string, ActionInput>;
  outputs?: Record<string, { description?: unknown }>;
  runs?: { using?: unknown; main?: unknown; post?: unknown; 'post-if'?: unknown; [k: string]: unknown };
}

/** Parses YAML strictly (YAML 1.2, as GitHub's parser), throwing with the file, line and column on any error. */
export function parseYaml(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
  return doc.toJS();
}

const parsed = new Map<string, Promise<ActionMetadata>>();

/** The repository's own action metadata, parsed once per process (every run of a test or bench reads it). */
export function readActionMetadata(file: string): Promise<ActionMetadata> {
  let meta = parsed.get(file);
  if (!meta) parsed.set(file, (meta = readFile(path.join(repoRoot, file), 'utf8').then((text) => parseYaml(text, file) as ActionMetadata)));
  return meta;
}

/** A runner passes every declared input: its default, else the empty string. */
export async function inputDefaults(entry: Entry): Promise<Record<string, string>> {
  const meta = await readActionMetadata(entryFile(entry));
  return Object.fromEntries(Object.entries(meta.inputs ?? {}).map(([name, input]) => [name, input?.default === undefined ? '' : String(input.default)]));
}

const nonEmptyString = (v: unknown) => typeof v === 'string' && v.trim() !== '';

/**
 * What GitHub checks when it loads a JavaScript action's metadata (docs: "Metadata syntax for GitHub
 * Actions"): name and description, each input and output described, a known node runtime, `main`
 * (and `post`) naming files that exist relative to the action's directory, `post-if` only with `post`.
 * Returns the problems found; empty means the file loads.
 */
export function checkActionMetadata(text: string, file: string, root: string = repoRoot): string[] {
  let meta: ActionMetadata;
  try {
    meta = parseYaml(text, file) as ActionMetadata;
  } catch (e) {
    return [(e as Error).message];
  }
  const problems: string[] = [];
  if (!meta || typeof meta !== 'object') return [`${file}: not a mapping`];
  if (!nonEmptyString(meta.name)) problems.push(`${file}: name is missing`);
  if (!nonEmptyString(meta.description)) problems.push(`${file}: description is missing`);
  for (const [name, input] of Object.entries(meta.inputs ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) problems.push(`${file}: input "${name}" is not a valid id`);
    if (!input || typeof input !== 'object') problems.push(`${file}: input "${name}" is not a mapping`);
    else {
      if (!nonEmptyString(input.description)) problems.push(`${file}: input "${name}" has no description`);
      if (input.default !== undefined && typeof input.default !== 'string') problems.push(`${file}: input "${name}" default is not a string`);
    }
  }
  for (const [name, output] of Object.entries(meta.outputs ?? {})) {
    if (!output || typeof output !== 'object' || !nonEmptyString(output.description)) problems.push(`${file}: output "${name}" has no description`);
  }
  const runs = meta.runs;
  if (!runs || typeof runs !== 'object') return [...problems, `${file}: runs is missing`];
  if (runs.using !== 'node24') problems.push(`${file}: runs.using is ${JSON.stringify(runs.using)}, expected node24`);
  const dir = path.dirname(path.join(root, file));
  for (const key of ['main', 'post'] as const) {
    const target = runs[key];
    if (key === 'main' && !nonEmptyString(target)) problems.push(`${file}: runs.main is missing`);
    if (nonEmptyString(target) && !existsSync(path.resolve(dir, target as string))) problems.push(`${file}: runs.${key} ${target} does not exist`);
  }
  if (runs['post-if'] !== undefined) {
    if (runs.post === undefined) problems.push(`${file}: runs.post-if without runs.post`);
    if (!nonEmptyString(runs['post-if'])) problems.push(`${file}: runs.post-if is not an expression`);
    else {
      try {
        checkCondition(runs['post-if'] as string);
      } catch (e) {
        problems.push(`${file}: runs.post-if does not parse as a step condition: ${(e as Error).message}`);
      }
    }
  }
  return problems;
}

export interface WorkflowStep {
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
}

/**
 * Structural checks of a workflow file: it parses, has `on` and `jobs`, each job has steps or `uses`,
 * and each step of ours (`shipshape/shipshape[/deploy]@…`) passes only inputs that entry declares.
 */
export function checkWorkflow(text: string, file: string, declared: Record<Entry, string[]>): string[] {
  let wf: { on?: unknown; jobs?: Record<string, { steps?: WorkflowStep[]; uses?: string; 'runs-on'?: unknown }> };
  try {
    wf = parseYaml(text, file) as typeof wf;
  } catch (e) {
    return [(e as Error).message];
  }
  const problems: string[] = [];
  if (!wf || typeof wf !== 'object') return [`${file}: not a mapping`];
  if (wf.on === undefined) problems.push(`${file}: no "on"`);
  if (!wf.jobs || typeof wf.jobs !== 'object') return [...problems, `${file}: no "jobs"`];
  for (const [id, job] of Object.entries(wf.jobs)) {
    if (!job.uses && !Array.isArray(job.steps)) problems.push(`${file}: job ${id} has neither steps nor uses`);
    if (!job.uses && job['runs-on'] === undefined) problems.push(`${file}: job ${id} has no runs-on`);
    for (const step of job.steps ?? []) {
      if (!step.uses && !step.run) problems.push(`${file}: a step of job ${id} has neither uses nor run`);
      const ours = /^shipshape\/shipshape(\/deploy)?@/.exec(step.uses ?? '');
      if (!ours) continue;
      const entry: Entry = ours[1] ? 'deploy' : 'build';
      for (const name of Object.keys(step.with ?? {})) {
        if (!declared[entry].includes(name)) problems.push(`${file}: job ${id} passes "${name}", which ${entryFile(entry)} does not declare`);
      }
    }
  }
  return problems;
}

export function workflowFiles(root: string = repoRoot): string[] {
  const dir = path.join(root, '.github/workflows');
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `.github/workflows/${f}`);
}
