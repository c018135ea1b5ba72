// GitHub's rules that a workflow's schema does not carry: they span two files (a caller and the workflow it
// calls) or depend on where a secret is stored. Each is checked on parsed YAML; see docs/act.md#linting.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

export type Workflow = Record<string, any>;
export type Job = Record<string, any>;

/** Token scopes GitHub accepts under `permissions:` (GitHub's workflow schema, @actions/workflow-parser 0.3.61). */
export const PERMISSION_SCOPES = [
  'actions', 'artifact-metadata', 'attestations', 'checks', 'code-quality', 'contents', 'copilot-requests', 'deployments',
  'discussions', 'drives', 'id-token', 'issues', 'models', 'packages', 'pages', 'pull-requests', 'repository-projects',
  'security-events', 'statuses', 'vulnerability-alerts',
] as const;

const LEVEL: Record<string, number> = { none: 0, read: 1, write: 2 };
const levelName = (n: number) => Object.keys(LEVEL).find((k) => LEVEL[k] === n)!;

/**
 * What a job's token may do when neither the job nor the workflow says: the "restricted" default
 * (read-only contents and packages), which new repositories and organizations get. A repository set to
 * the permissive default grants more, but a workflow meant for others cannot count on it.
 */
export const RESTRICTED_DEFAULT: Record<string, number> = { contents: 1, packages: 1 };

/** A `permissions:` value as scope → level; problems name unknown scopes and levels. */
export function permissionLevels(value: unknown, where: string, problems: string[]): Record<string, number> {
  if (value === 'read-all' || value === 'write-all') {
    const level = value === 'read-all' ? 1 : 2;
    return Object.fromEntries(PERMISSION_SCOPES.map((s) => [s, level]));
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object') {
    problems.push(`${where}: permissions ${JSON.stringify(value)} is neither read-all, write-all nor a mapping`);
    return {};
  }
  const levels: Record<string, number> = {};
  for (const [scope, level] of Object.entries(value as Record<string, unknown>)) {
    if (!(PERMISSION_SCOPES as readonly string[]).includes(scope)) problems.push(`${where}: "${scope}" is not a permission GitHub knows`);
    else if (typeof level !== 'string' || !(level in LEVEL)) problems.push(`${where}: permission ${scope}: ${JSON.stringify(level)} is not read, write or none`);
    else levels[scope] = LEVEL[level];
  }
  return levels;
}

/**
 * Where the docs tell users to store the deploy credentials: secrets of the environment the deploy job runs
 * in (`production`), and of `certificates` for the scheduled renewal (examples/renew-certificates.yml).
 */
export const DOCUMENTED_ENVIRONMENT_SECRETS: Record<string, string[]> = {
  production: ['DEPLOY_SSH_KEY', 'DEPLOY_KNOWN_HOSTS', 'APP_ENV', 'TLS_CERTIFICATE_KEY'],
  certificates: ['DEPLOY_SSH_KEY', 'DEPLOY_KNOWN_HOSTS'],
};

/** A name a repository, organization or environment secret can have (GitHub: "Naming your secrets"). */
export function isStorableSecretName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^GITHUB_/i.test(name);
}

/** Every `secrets.NAME` (or `secrets['NAME']`) an expression in `value` reads. */
export function secretReferences(value: unknown): Set<string> {
  const found = new Set<string>();
  const text = JSON.stringify(value ?? null);
  for (const m of text.matchAll(/\$\{\{([^}]*)\}\}/g)) {
    for (const r of m[1].matchAll(/\bsecrets\s*(?:\.\s*([A-Za-z0-9_-]+)|\[\s*\\?['"]([^'"\\]+)\\?['"]\s*\])/g)) found.add(r[1] ?? r[2]);
  }
  return found;
}

const declaredSecrets = (wf: Workflow): string[] => Object.keys(wf?.on?.workflow_call?.secrets ?? {});
const has = (names: string[], name: string) => names.some((n) => n.toLowerCase() === name.toLowerCase());

/** Secret names no stored secret can fill: read without a `workflow_call` declaration, or read where an environment fills it. */
export function checkSecretNames(wf: Workflow, file: string): string[] {
  const problems: string[] = [];
  const declared = declaredSecrets(wf);
  for (const [id, job] of Object.entries<Job>(wf.jobs ?? {})) {
    for (const name of secretReferences(job)) {
      if (name.toUpperCase() === 'GITHUB_TOKEN') continue;
      if (!has(declared, name) && !isStorableSecretName(name)) {
        problems.push(`${file}: job ${id} reads secrets.${name}, a name no repository, organization or environment secret can have (letters, digits and _, not GITHUB_…): it is always empty`);
      }
      if (has(declared, name) && job.environment !== undefined && !isStorableSecretName(name)) {
        problems.push(`${file}: job ${id} runs in an environment and reads secrets.${name}, a name no environment secret can have, so the environment cannot provide it`);
      }
    }
  }
  for (const name of declared) {
    if (/^GITHUB_/i.test(name)) problems.push(`${file}: on.workflow_call declares secret ${name}: secret names must not start with GITHUB_`);
  }
  return problems;
}

/** The `runs.using` of a JavaScript action: node24; node12 and node16 are no longer run as such, node20 is being retired. */
export function checkActionRuntime(meta: Record<string, any>, file: string): string[] {
  const using = meta?.runs?.using;
  if (typeof using === 'string' && /^node\d+$/.test(using) && using !== 'node24') {
    return [`${file}: runs.using is ${using}; JavaScript actions run on node24 (node12 and node16 are removed from the runner, node20 is deprecated)`];
  }
  return [];
}

/** The job's environment name, with `${{ inputs.X }}` taken from `inputs` (a caller's `with:` over the declared defaults). */
export function environmentName(job: Job, inputs: Record<string, unknown> = {}): string | undefined {
  const env = job.environment;
  const name = typeof env === 'object' && env !== null ? env.name : env;
  if (typeof name !== 'string') return undefined;
  return name.replace(/\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}/g, (_, input: string) => String(inputs[input] ?? ''));
}

/** The inputs a called workflow sees: its declared defaults, overridden by the caller's `with:`. */
export function callInputs(called: Workflow, caller: Job): Record<string, unknown> {
  const defaults = Object.fromEntries(
    Object.entries<any>(called?.on?.workflow_call?.inputs ?? {}).map(([name, def]) => [name, def?.default ?? '']),
  );
  return { ...defaults, ...(caller.with ?? {}) };
}

/** Where a job's `uses:` points in this repository: `./path` or `shipshape/shipshape/path@ref`, else undefined. */
export function localWorkflowPath(uses: string, root: string, self = 'shipshape/shipshape'): string | undefined {
  if (uses.startsWith('./')) return path.join(root, uses.slice(2));
  const m = /^([^/]+\/[^/]+)\/(\.github\/workflows\/[^@]+)@.+$/.exec(uses);
  return m && m[1].toLowerCase() === self ? path.join(root, m[2]) : undefined;
}

export function readWorkflow(file: string): Workflow {
  return parse(readFileSync(file, 'utf8')) as Workflow;
}

/**
 * GitHub's rule for a job that calls a reusable workflow: no called job may ask for more than the calling
 * job's token has (the job's `permissions`, else the workflow's, else the repository default), or the run
 * fails at start with "The nested job … is requesting …, but is only allowed …".
 */
export function checkCallPermissions(caller: Workflow, file: string, resolve: (uses: string) => Workflow | undefined): string[] {
  const problems: string[] = [];
  permissionLevels(caller.permissions, `${file}: permissions`, problems);
  for (const [id, job] of Object.entries<Job>(caller.jobs ?? {})) {
    if (job.permissions !== undefined) permissionLevels(job.permissions, `${file}: job ${id}`, problems);
    if (typeof job.uses !== 'string') continue;
    const called = resolve(job.uses);
    if (!called) continue;
    const granted = job.permissions ?? caller.permissions;
    const allowed = granted === undefined ? RESTRICTED_DEFAULT : permissionLevels(granted, `${file}: job ${id}`, []);
    for (const [calledId, calledJob] of Object.entries<Job>(called.jobs ?? {})) {
      const asked = calledJob.permissions ?? called.permissions;
      if (asked === undefined) continue; // inherits the caller's token as it is
      for (const [scope, level] of Object.entries(permissionLevels(asked, `${job.uses}: job ${calledId}`, problems))) {
        if (level > (allowed[scope] ?? 0)) {
          problems.push(
            `${file}: job ${id} calls ${job.uses}, whose job ${calledId} requests '${scope}: ${levelName(level)}' but is only allowed '${scope}: ${levelName(allowed[scope] ?? 0)}'${granted === undefined ? ' (no permissions: given, so the restricted default)' : ''}`,
          );
        }
      }
    }
  }
  return problems;
}

/**
 * Environment secrets are readable only by a job that runs in that environment. `environmentSecrets` maps an
 * environment to the secrets stored only there. A calling job cannot have an `environment:`, so it cannot
 * pass such a secret by name; the called job that runs in the environment reads it itself, which needs
 * `secrets: inherit` on the call (actions/runner#4453: without it every environment secret is empty).
 */
export function checkEnvironmentSecrets(
  wf: Workflow,
  file: string,
  environmentSecrets: Record<string, string[]>,
  resolve: (uses: string) => Workflow | undefined,
): string[] {
  const problems: string[] = [];
  const homesOf = (name: string) => Object.entries(environmentSecrets).flatMap(([env, names]) => (has(names, name) ? [env] : []));
  const checkJob = (job: Job, label: string, inputs: Record<string, unknown>) => {
    const env = environmentName(job, inputs);
    for (const name of secretReferences(job.uses ? job.secrets : job)) {
      const homes = homesOf(name);
      if (homes.length > 0 && !homes.includes(env ?? '')) {
        problems.push(`${label} reads secrets.${name}, a secret of environment ${homes.join(' and ')}, but runs ${env ? `in ${env}` : 'in no environment'}: it is empty there`);
      }
    }
  };
  const ownInputs = callInputs(wf, {});
  for (const [id, job] of Object.entries<Job>(wf.jobs ?? {})) {
    checkJob(job, `${file}: job ${id}`, ownInputs);
    if (typeof job.uses !== 'string') continue;
    const called = resolve(job.uses);
    if (!called) continue;
    const inputs = callInputs(called, job);
    for (const [calledId, calledJob] of Object.entries<Job>(called.jobs ?? {})) {
      const reads = [...secretReferences(calledJob)].filter((n) => homesOf(n).length > 0);
      if (reads.length === 0) continue;
      checkJob(calledJob, `${file}: job ${id} → ${job.uses} job ${calledId}`, inputs);
      if (job.secrets !== 'inherit') {
        problems.push(`${file}: job ${id} calls ${job.uses} without secrets: inherit, so its job ${calledId} cannot read the environment secrets ${reads.join(', ')}`);
      }
    }
  }
  return problems;
}

/** The workflow a `uses:` names, when it is in this repository. */
export function resolverFor(root: string): (uses: string) => Workflow | undefined {
  return (uses) => {
    const file = localWorkflowPath(uses, root);
    return file && existsSync(file) ? readWorkflow(file) : undefined;
  };
}
