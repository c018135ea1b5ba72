import type { DeploySettings } from '../../../settings/index.js';
import type { Logger } from '../../../log.js';
import { DeployError } from '../../core/errors.js';
import { appOptions } from '../../core/spec.js';
import type { DeployResult } from '../../core/model.js';
import type { SwarmApi, Task } from './api.js';
import { failingTask, runningOf } from './converge.js';

/**
 * A worker's service just created: Swarm monitors an update's tasks (`ready-seconds` is its monitor) but
 * not a create's, so the tasks that run must keep running, unrestarted, for `ready-seconds`. A task that
 * failed or was replaced in that time fails the deploy naming its error and last log lines.
 */
export async function watchCreatedWorker(
  swarm: SwarmApi,
  c: { settings: DeploySettings; logger: Logger; sleep: (ms: number) => Promise<void>; result: DeployResult },
  o: { serviceId: string; image: string; tasks: Task[] },
): Promise<void> {
  const opts = appOptions(c.settings);
  if (opts.role !== 'worker' || opts.readySeconds === 0) return;
  const ids = new Set(runningOf(o.tasks, o.image).map((t) => t.ID));
  c.logger.info(`${c.settings.app}: watching the new worker's ${ids.size} tasks for ready-seconds (${opts.readySeconds} s)`);
  await c.sleep(opts.readySeconds * 1000);
  const tasks = await swarm.tasks(o.serviceId);
  const kept = runningOf(tasks, o.image).filter((t) => ids.has(t.ID)).length;
  if (kept === ids.size) return;
  const t = failingTask(tasks, o.image);
  const logs = t ? await swarm.taskLogs(t.ID, 10).catch(() => []) : [];
  const task = t ? `; failing task ${t.ID.slice(0, 12)}: ${t.Status.State}${t.Status.Err ? ` (${t.Status.Err})` : ''}${logs.length ? `; its last log lines:\n${logs.join('\n')}` : ''}` : '';
  throw new DeployError(`${c.settings.app}: ${ids.size - kept} of the new worker's ${ids.size} tasks did not keep running for ready-seconds (${opts.readySeconds} s)${task}`, c.result);
}
