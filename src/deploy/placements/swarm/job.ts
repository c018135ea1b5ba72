import type { DeploySettings } from '../../../settings/index.js';
import { errorMessage, peerText, type Logger } from '../../../log.js';
import type { DeployResult, RegistryAuth } from '../../core/model.js';
import { DeployError } from '../../core/errors.js';
import { RELEASE_LIMIT_SECONDS, releaseName } from '../../core/release.js';
import { appOptions } from '../../core/spec.js';
import { ownLabels, type ServiceSpec, type SwarmApi, type Task } from './api.js';
import { appServiceSpec, OVERLAY } from './spec.js';

const ENDED = ['complete', 'failed', 'rejected', 'shutdown', 'orphaned', 'remove'];
const LOG_LINES = 200;

/**
 * The release command as a Swarm job: one task (`ReplicatedJob`, one completion) of the new image with
 * the app's env, mounts, limits, networks, log driver and placement, never restarted. It has no alias on
 * any network: the app's name (tasks.<app>, what the proxy resolves) and the app's aliases on the user
 * networks must never reach it.
 */
export function releaseJobSpec(s: DeploySettings, o: { image: string; command: string[]; owner: { id: string; runUrl?: string }; platforms?: string[] }): ServiceSpec {
  const app = appServiceSpec(s, o);
  const labels = { ...app.Labels, ...ownLabels(s.app, 'release') };
  const { UpdateConfig: _u, RollbackConfig: _r, ...job } = app;
  const { Healthcheck: _h, ...container } = app.TaskTemplate.ContainerSpec;
  return {
    ...job,
    Name: releaseName(s.app),
    Labels: labels,
    TaskTemplate: {
      ...app.TaskTemplate,
      // Args is the image's CMD (the entrypoint stays), as the single-host release container's Cmd.
      ContainerSpec: { ...container, Labels: labels, Args: o.command, Healthcheck: { Test: ['NONE'] } },
      RestartPolicy: { Condition: 'none' },
      Networks: [{ Target: OVERLAY }, ...appOptions(s).networks.map((n) => ({ Target: n.name }))],
    },
    Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } },
    EndpointSpec: { Mode: 'dnsrr' },
  };
}

/** The job's one task once it ended (complete, failed, rejected…), else undefined. */
export const endedTask = (tasks: Task[]): Task | undefined => tasks.find((t) => ENDED.includes(t.Status.State));

export interface JobContext {
  settings: DeploySettings;
  owner: { id: string; runUrl?: string };
  logger: Logger;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  result: DeployResult;
}

/**
 * Runs the release command once as a Swarm job before the app service is touched, bounded by
 * RELEASE_LIMIT_SECONDS; its output goes to the log. A non-zero exit (or a task that could not run)
 * fails the deploy naming the exit code and the last log lines. The job service is removed either way.
 */
export async function runReleaseJob(swarm: SwarmApi, c: JobContext, o: { image: string; registryAuth?: RegistryAuth; platforms?: string[]; limitMs?: number }): Promise<void> {
  const command = appOptions(c.settings).releaseCommand;
  if (!command) return;
  const app = c.settings.app;
  const name = releaseName(app);
  const limitMs = o.limitMs ?? RELEASE_LIMIT_SECONDS * 1000;
  const rec: NonNullable<DeployResult['release']> = { command };
  c.result.release = rec;
  const start = c.now();
  const keeps = `the service ${app} was not updated and the live version keeps serving`;
  // A job left by a killed deploy would make the create fail on the name.
  await swarm.removeOwnService(name, app, 'release');
  c.logger.info(`${app}: running the release command ${peerText(JSON.stringify(command))} as the Swarm job ${name}`);
  let id: string | undefined;
  try {
    try {
      id = await swarm.createService(releaseJobSpec(c.settings, { image: o.image, command, owner: c.owner, platforms: o.platforms }), o.registryAuth);
    } catch (e) {
      throw new DeployError(`the release command ${JSON.stringify(command)} could not run: creating the Swarm job ${name} failed: ${errorMessage(e)}; ${keeps}`, c.result, { cause: e });
    }
    let task: Task | undefined;
    for (;;) {
      task = endedTask(await swarm.tasks(id));
      if (task) break;
      if (c.now() - start > limitMs) {
        rec.ms = c.now() - start;
        throw new DeployError(`the release command ${JSON.stringify(command)} did not finish within ${Math.round(limitMs / 1000)} s (Swarm job ${name}; it was removed); ${keeps}`, c.result);
      }
      await c.sleep(500);
    }
    rec.ms = c.now() - start;
    const lines = await swarm.taskLogs(task.ID, LOG_LINES).catch(() => []);
    for (const line of lines) c.logger.info(`release | ${line}`);
    const exitCode = task.Status.ContainerStatus?.ExitCode;
    if (exitCode !== undefined && (task.Status.State === 'complete' || task.Status.State === 'failed')) rec.exitCode = exitCode;
    const last = lines.length ? `; its last log lines:\n${lines.slice(-10).join('\n')}` : '';
    if (task.Status.State !== 'complete' || (rec.exitCode ?? 0) !== 0) {
      const how = rec.exitCode !== undefined && rec.exitCode !== 0 ? `exited with code ${rec.exitCode}` : `did not run to completion (task ${task.ID.slice(0, 12)} ${task.Status.State}${task.Status.Err ? `: ${peerText(task.Status.Err, 300)}` : ''})`;
      throw new DeployError(`the release command ${JSON.stringify(command)} ${how} in the Swarm job ${name}; ${keeps}${last}`, c.result);
    }
    c.logger.info(`${app}: the release command exited with 0 in ${rec.ms} ms`);
  } finally {
    await (id ? swarm.removeService(id) : swarm.removeOwnService(name, app, 'release')).catch((e: unknown) => c.logger.warning(`Could not remove the Swarm job ${name}: ${errorMessage(e)}`));
  }
}
