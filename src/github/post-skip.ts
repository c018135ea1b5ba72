import * as core from './commands.js';

/**
 * Lets the runner skip a post step that has nothing to do, instead of starting Node for it (about a
 * third of a no-change rerun). The runner evaluates `post-if` (action.yml) against the `env` context,
 * which includes what earlier steps wrote to GITHUB_ENV, and `github.action`, the step's own name
 * (GITHUB_ACTION in main; the post step shares the main step's action): actions/runner StepsRunner.cs.
 *
 * `SHIPSHAPE_POST` holds one `<name:run>` or `<name:skip>` entry per shipshape step of the job. main
 * writes `run` first and `skip` only once it has finished with nothing left for its post step, so a
 * main that dies or is canceled midway keeps its post step. Two steps with one name (the same composite
 * action used twice) share the entry: once one of them needed its post step, the entry stays `run`.
 */
export const POST_ENV = 'SHIPSHAPE_POST';

type Entry = 'run' | 'skip';

function entries(text: string): Map<string, Entry> {
  const map = new Map<string, Entry>();
  for (const m of text.matchAll(/<([^<>]*):(run|skip)>/g)) map.set(m[1], m[2] as Entry);
  return map;
}

const format = (map: Map<string, Entry>) => [...map].map(([name, entry]) => `<${name}:${entry}>`).join('');

function write(name: string, entry: Entry): void {
  const map = entries(process.env[POST_ENV] ?? '');
  map.set(name, entry);
  core.exportVariable(POST_ENV, format(map));
}

/** A step name `post-if` can compare (no `<`, `>` or `:` of the entry syntax); undefined outside a runner. */
function stepName(env: NodeJS.ProcessEnv): string | undefined {
  const name = env.GITHUB_ACTION;
  return name && !/[<>:]/.test(name) && env.GITHUB_ENV ? name : undefined;
}

export interface PostClaim {
  name: string;
  /** An earlier step of the same name needed its post step: this one never marks it `skip`. */
  keep: boolean;
}

/** At main's start: the post step runs unless `releasePost` says otherwise. */
export function claimPost(): PostClaim | undefined {
  const name = stepName(process.env);
  if (!name) return undefined;
  const keep = entries(process.env[POST_ENV] ?? '').get(name) === 'run';
  write(name, 'run');
  return { name, keep };
}

/** At main's end, when its post step has nothing to do. */
export function releasePost(claim: PostClaim | undefined): void {
  if (claim && !claim.keep) write(claim.name, 'skip');
}
