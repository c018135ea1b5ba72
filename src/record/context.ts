import type { GithubContext } from './schema.js';

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value.trim() : undefined;
}

/** The run page, from GITHUB_SERVER_URL/GITHUB_REPOSITORY/GITHUB_RUN_ID; undefined outside a workflow run. */
export function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const repository = nonEmpty(env.GITHUB_REPOSITORY);
  const runId = nonEmpty(env.GITHUB_RUN_ID);
  if (!repository || !runId) return undefined;
  const server = (nonEmpty(env.GITHUB_SERVER_URL) ?? 'https://github.com').replace(/\/+$/, '');
  return `${server}/${repository}/actions/runs/${runId}`;
}

/** The GitHub context of the run, fields absent when the variable is unset (local runs). */
export function githubContext(env: NodeJS.ProcessEnv): GithubContext {
  const context: GithubContext = {
    repository: nonEmpty(env.GITHUB_REPOSITORY),
    sha: nonEmpty(env.GITHUB_SHA),
    ref: nonEmpty(env.GITHUB_REF),
    workflow: nonEmpty(env.GITHUB_WORKFLOW),
    job: nonEmpty(env.GITHUB_JOB),
    run_id: nonEmpty(env.GITHUB_RUN_ID),
    run_attempt: nonEmpty(env.GITHUB_RUN_ATTEMPT),
    run_url: runUrl(env),
    actor: nonEmpty(env.GITHUB_ACTOR),
  };
  for (const key of Object.keys(context) as (keyof GithubContext)[]) {
    if (context[key] === undefined) delete context[key];
  }
  return context;
}

/** `act` under nektos/act (which also sets GITHUB_EVENT_NAME), else the event name, else `local`. */
export function recordSource(env: NodeJS.ProcessEnv): string {
  if (env.ACT === 'true') return 'act';
  return nonEmpty(env.GITHUB_EVENT_NAME) ?? 'local';
}
