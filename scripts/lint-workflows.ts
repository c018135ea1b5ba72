// Lints the repository's workflows and action metadata the way GitHub reads them:
//   node_modules/.bin/tsx scripts/lint-workflows.ts [--json] [--env-secrets ENV=NAME,NAME …] [files…]
// (--env-secrets: the secrets stored only in environment ENV; default: the layout the docs recommend)
// First GitHub's own parser and validator (@actions/languageservice, the engine of the GitHub Actions
// VS Code extension): schema, expressions and their contexts, permission names, inputs of the actions and
// reusable workflows used here, runner labels (its list of GitHub-hosted labels, made binding). Then the
// rules that span files or depend on where a secret is stored (scripts/workflow-rules.ts).
// Runs under tsx: @actions/workflow-parser imports its JSON schemas without an import attribute, which
// Node's own loader (and so vitest's) refuses.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validate, ValueProviderKind, type ValidationConfig } from '@actions/languageservice';
import { DEFAULT_RUNNER_LABELS } from '@actions/languageservice/value-providers/default';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse } from 'yaml';
import {
  checkActionRuntime,
  checkCallPermissions,
  checkEnvironmentSecrets,
  checkSecretNames,
  DOCUMENTED_ENVIRONMENT_SECRETS,
  localWorkflowPath,
  resolverFor,
  type Workflow,
} from './workflow-rules.js';
import { markdownWorkflows } from './markdown-workflows.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The files `npm test` lints: every workflow and action file of the repository, test fixtures that should pass included, and the workflows the docs show. */
export function repositoryFiles(root = repoRoot): string[] {
  const yamls = (dir: string) => {
    try {
      return readdirSync(path.join(root, dir)).filter((f) => /\.ya?ml$/.test(f)).map((f) => `${dir}/${f}`);
    } catch {
      return [];
    }
  };
  const docs = readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  return ['.github/workflows', 'examples', 'test/fixtures/workflows'].flatMap(yamls).concat('action.yml', 'deploy/action.yml', 'README.md', ...docs);
}

/**
 * Findings that are real but not this repository's workflows' to fix, each with why; a finding listed here
 * is reported as known, and the lint test fails once it no longer occurs, so the entry does not outlive it.
 */
export const KNOWN: { file: string; message: RegExp; why: string }[] = [];

export interface Finding {
  file: string;
  line: number;
  column: number;
  message: string;
  known?: string;
}

const isAction = (file: string) => /(^|\/)action\.ya?ml$/.test(file);

function languageServiceConfig(root: string): ValidationConfig {
  const labels = DEFAULT_RUNNER_LABELS.map((label) => ({ label }));
  const runsOn = { kind: ValueProviderKind.AllowedValues, get: async () => labels };
  const readMeta = (file: string) => parse(readFileSync(path.join(root, file), 'utf8'));
  return {
    valueProviderConfig: { 'runs-on': runsOn, 'runs-on-labels': runsOn },
    actionsMetadataProvider: {
      // Our own entries from the work tree; any other action is not fetched (no network): inputs unchecked.
      fetchActionMetadata: async (ref) => {
        if (`${ref.owner}/${ref.name}`.toLowerCase() === 'shipshape/shipshape') return readMeta(ref.path ? `${ref.path}/action.yml` : 'action.yml');
        return { name: ref.name, description: '' };
      },
    },
    fileProvider: {
      getFileContent: async (ref) => {
        const uses = 'owner' in ref ? `${ref.owner}/${ref.repository}/${ref.path}@${ref.version}` : `./${ref.path}`;
        const file = localWorkflowPath(uses, root);
        if (!file) throw new Error(`${uses} is not in this repository`);
        return { name: ref.path, content: readFileSync(file, 'utf8') };
      },
    },
  };
}

/** The line a rule's message is about: the secret, permission, runtime or job it names, in that order. */
function lineOf(text: string, message: string): number {
  const needles = [
    /declares secret (\S+):/.exec(message)?.[1]?.concat(':'),
    /secrets\.[A-Za-z0-9_-]+/.exec(message)?.[0],
    /"([a-z-]+)" is not a permission/.exec(message)?.[1]?.concat(':'),
    /runs\.using/.test(message) ? 'using:' : undefined,
    /job (\S+) calls/.exec(message)?.[1]?.concat(':'),
  ];
  for (const needle of needles) {
    const i = needle ? text.indexOf(needle) : -1;
    if (i >= 0) return text.slice(0, i).split('\n').length;
  }
  return 1;
}

/** Lints one file's text; `environmentSecrets` names the secrets stored only in an environment (see workflow-rules.ts). */
export async function lintText(text: string, file: string, environmentSecrets: Record<string, string[]> = {}, root = repoRoot): Promise<Finding[]> {
  const doc = TextDocument.create(`file:///${file}`, 'yaml', 1, text);
  const diagnostics = await validate(doc, languageServiceConfig(root));
  const findings: Finding[] = diagnostics
    .filter((d) => d.severity === undefined || d.severity <= 2) // errors and warnings; not cron descriptions and hints
    .map((d) => ({ file, line: d.range.start.line + 1, column: d.range.start.character + 1, message: typeof d.message === 'string' ? d.message : d.message.value }));
  let parsed: Workflow | undefined;
  try {
    parsed = parse(text) as Workflow;
  } catch {
    return findings; // the language service has reported the YAML error
  }
  if (parsed && typeof parsed === 'object') {
    const resolve = resolverFor(root);
    const own = isAction(file)
      ? checkActionRuntime(parsed, file)
      : [...checkSecretNames(parsed, file), ...checkCallPermissions(parsed, file, resolve), ...checkEnvironmentSecrets(parsed, file, environmentSecrets, resolve)];
    for (const message of own) findings.push({ file, line: lineOf(text, message), column: 1, message: message.replace(`${file}: `, '') });
  }
  for (const f of findings) f.known = KNOWN.find((k) => k.file === file && k.message.test(f.message))?.why;
  return findings;
}

export async function lintFiles(files: string[], environmentSecrets: Record<string, string[]> = {}, root = repoRoot): Promise<Finding[]> {
  const all: Finding[] = [];
  for (const file of files) {
    const text = readFileSync(path.join(root, file), 'utf8');
    if (!file.endsWith('.md')) {
      all.push(...(await lintText(text, file, environmentSecrets, root)));
      continue;
    }
    for (const block of markdownWorkflows(text)) {
      for (const f of await lintText(block.text, file, environmentSecrets, root)) all.push({ ...f, line: f.line + block.lineOffset });
    }
  }
  return all;
}

async function main(argv: string[]) {
  const json = argv.includes('--json');
  let environmentSecrets: Record<string, string[]> | undefined;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') continue;
    if (argv[i] === '--env-secrets') {
      const [env, names] = (argv[++i] ?? '').split('=');
      (environmentSecrets ??= {})[env] = (names ?? '').split(',').filter(Boolean);
    } else files.push(argv[i]);
  }
  const linted = files.length > 0 ? files : repositoryFiles();
  const findings = await lintFiles(linted, environmentSecrets ?? DOCUMENTED_ENVIRONMENT_SECRETS);
  // A KNOWN entry no finding matched any more, when every repository file was linted: time to drop it.
  const stale = files.length > 0 ? [] : KNOWN.filter((k) => !findings.some((f) => f.known === k.why)).map((k) => `${k.file}: ${k.message}`);
  if (json) process.stdout.write(`${JSON.stringify({ files: linted, findings, stale })}\n`);
  else {
    for (const f of findings) console.log(`${f.file}:${f.line}:${f.column}: ${f.known ? `known (${f.known}): ` : ''}${f.message}`);
    for (const k of stale) console.log(`known finding no longer found, drop it from KNOWN: ${k}`);
  }
  process.exitCode = findings.some((f) => !f.known) || stale.length > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
