// What act adds around a step (nektos/act v0.2.87, bd86152): its runtime services and its cancel.
//  - Services: with --artifact-server-path act sets ACTIONS_RUNTIME_URL = ACTIONS_RESULTS_URL and an
//    ACTIONS_RUNTIME_TOKEN of its own (run_context.go setActionRuntimeVars); its cache server speaks the v1
//    REST protocol only at ACTIONS_CACHE_URL (pkg/artifactcache/handler.go); ACTIONS_CACHE_SERVICE_V2 is
//    never set. github-services.ts with `flavor: 'act'` is that pair, its v4 artifact server as strict as
//    act's (act-artifacts.ts).
//  - Cancel: act writes a Ctrl-C byte to the step's stdin and returns at once (pkg/container/docker_run.go):
//    without a TTY main gets no signal. The step's state file is read as it stands (step.go, after the
//    executor), the post steps start at once (job_executor.go) beside the main still running, and at the
//    job's end the container is removed, killing whatever still runs in it.
import { readFile } from 'node:fs/promises';
import { entryFile, readActionMetadata } from './action-metadata.js';
import { parseActFile } from './client-files.js';
import { startGithubServices, type GithubServices } from './github-services.js';
import { postIfHolds } from './post-if.js';
import { addToJobEnv, defaultAction, newRunnerFiles, parseCommandFile, runAction, type ActionRun, type RunActionOptions, type RunnerFiles } from './run-action.js';

/** act's artifact server (`--artifact-server-path`) and cache server, as one local service. */
export const startActServices = (): Promise<GithubServices> => startGithubServices({ flavor: 'act', cacheService: 'v1' });

export interface ActCancel {
  main: ActionRun;
  post: ActionRun;
  /** Main was still running when the post step started. */
  mainRanBesidePost: boolean;
  /** Main was still running when the post step ended (then killed as act removes the container). */
  mainOutlivedPost: boolean;
}

/** Runs main under act, cancels the job once `when` holds (main not signalled), runs post at once beside it. */
export async function cancelUnderAct(
  opts: Omit<RunActionOptions, 'client' | 'files' | 'postState' | 'onSpawn'>,
  when: (files: RunnerFiles) => boolean | Promise<boolean>,
): Promise<ActCancel> {
  const files = await newRunnerFiles();
  let pid = 0;
  let step: RunnerFiles | undefined;
  let done = false;
  let fire!: () => void;
  const canceled = new Promise<void>((resolve) => (fire = resolve));
  const mainRun = runAction({
    ...opts,
    client: 'act',
    files,
    onSpawn: (p, _, stepFiles) => {
      pid = p;
      step = stepFiles;
      const poll = async (): Promise<void> => {
        while (!done) {
          if (await when(files)) return fire();
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      void poll();
    },
  }).finally(() => (done = true));
  await Promise.race([canceled, mainRun]);
  if (done) throw new Error(`main ended before the cancel moment:\n${(await mainRun).stdout.slice(-3000)}`);
  // act reads the step's env and state files as they stand when it gives up on the step
  await addToJobEnv(files.env, parseActFile(await readFile(step!.env, 'utf8')).values);
  const condition = (await readActionMetadata(entryFile(opts.entry ?? 'build'))).runs?.['post-if'];
  const env = { ...parseCommandFile(await readFile(files.env, 'utf8'), 'act') };
  if (condition !== undefined && !postIfHolds(String(condition), env, opts.action ?? defaultAction('act'), { failed: false, cancelled: true })) {
    throw new Error(`post-if ${String(condition)} does not hold for a canceled job`);
  }
  const handed = parseActFile(await readFile(files.state, 'utf8')).values;
  const mainRanBesidePost = !done;
  const post = await runAction({ ...opts, client: 'act', files, postState: handed });
  const mainOutlivedPost = !done;
  if (!done) process.kill(pid, 'SIGKILL');
  return { main: await mainRun, post, mainRanBesidePost, mainOutlivedPost };
}
