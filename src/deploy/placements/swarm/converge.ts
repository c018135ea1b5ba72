import { type Logger, peerText } from '../../../log.js';
import type { Service, SwarmApi, SwarmNode, Task } from './api.js';

export type Outcome =
  | { ok: true; state: string }
  | { ok: false; state: string; reason: string; failing?: Task };

const short = (id?: string) => (id ?? '?').slice(0, 12);
const digestOf = (image: string) => image.slice(image.indexOf('@') + 1, image.indexOf('@') + 20);

/** One line a task: what the log shows as the update goes. */
function taskLine(t: Task, nodes: Map<string, SwarmNode>): string {
  const node = t.NodeID ? nodes.get(t.NodeID) : undefined;
  const where = node ? `${short(node.ID)} (${node.Status.Addr ?? node.Description.Hostname})` : 'unassigned';
  const err = t.Status.Err ? `: ${peerText(t.Status.Err, 200)}` : '';
  return `task ${short(t.ID)} slot ${t.Slot ?? '-'} on ${where}: ${t.Status.State} (desired ${t.DesiredState}), ${digestOf(t.Spec.ContainerSpec.Image)}…${err}`;
}

/** The running tasks of `image`, the ones the service ends with. */
export const runningOf = (tasks: Task[], image: string) =>
  tasks.filter((t) => t.DesiredState === 'running' && t.Status.State === 'running' && t.Spec.ContainerSpec.Image === image);

/** The task that made the update fail: the newest failed/rejected one of `image`, else the newest failed one. */
export function failingTask(tasks: Task[], image: string): Task | undefined {
  const failed = tasks
    .filter((t) => ['failed', 'rejected', 'shutdown', 'complete', 'orphaned'].includes(t.Status.State))
    .sort((a, b) => (b.Status.Timestamp ?? '').localeCompare(a.Status.Timestamp ?? ''));
  const ofImage = failed.filter((t) => t.Spec.ContainerSpec.Image === image);
  return ofImage.find((t) => t.Status.Err) ?? ofImage[0] ?? failed.find((t) => t.Status.Err);
}

/**
 * Polls the service until Swarm's update settles (`UpdateStatus.State` completed, rollback_completed,
 * paused, rollback_paused) — or, for a new service without an update status, until `replicas` tasks of
 * `image` run (healthy: a task with a HEALTHCHECK is `starting` until it passes). Logs each task change.
 */
export async function converge(
  swarm: SwarmApi,
  o: { serviceId: string; image: string; replicas: number; timeoutMs: number; logger: Logger; sleep: (ms: number) => Promise<void>; now: () => number; expectUpdate: boolean; staleStartedAt?: string; rollback?: boolean },
): Promise<Outcome & { service: Service; tasks: Task[] }> {
  const end = o.now() + o.timeoutMs;
  const seen = new Map<string, string>();
  let nodes = new Map<string, SwarmNode>();
  let svc: Service | undefined;
  let tasks: Task[] = [];
  // What went wrong as it happened: Swarm's message when the rollback started, and the first task of the
  // new image that failed with an error (later polls show only the rollback's orderly shutdowns).
  let why: string | undefined;
  let failed: Task | undefined;
  for (;;) {
    svc = await swarm.serviceById(o.serviceId);
    if (!svc) return { ok: false, state: 'gone', reason: `service ${o.serviceId} was removed during the deploy`, service: { ID: o.serviceId } as Service, tasks };
    tasks = await swarm.tasks(svc.ID);
    if (tasks.some((t) => t.NodeID && !nodes.has(t.NodeID))) nodes = new Map((await swarm.nodes()).map((n) => [n.ID, n]));
    for (const t of tasks) {
      const line = taskLine(t, nodes);
      if (seen.get(t.ID) !== line) o.logger.info(`${svc.Spec.Name}: ${line}`);
      seen.set(t.ID, line);
    }
    // The update status of an earlier update (a previous deploy's `completed`) does not count.
    const st = svc.UpdateStatus?.State && svc.UpdateStatus.StartedAt !== o.staleStartedAt ? svc.UpdateStatus.State : undefined;
    const running = runningOf(tasks, o.image).length;
    const msg = svc.UpdateStatus?.Message ? peerText(svc.UpdateStatus.Message, 300) : '';
    if (!why && (st === 'rollback_started' || st === 'paused') && msg) why = msg;
    failed ??= tasks.find((t) => t.Spec.ContainerSpec.Image === o.image && t.Status.Err);
    const done = o.rollback ? 'rollback_completed' : 'completed';
    if (st === done || (!o.expectUpdate && !st)) {
      if (running >= o.replicas) return { ok: true, state: st ?? 'running', service: svc, tasks };
    } else if (st === 'rollback_completed' || st === 'rollback_paused' || st === 'paused') {
      return { ok: false, state: st, reason: why ?? (msg || st), failing: failed ?? failingTask(tasks, o.image), service: svc, tasks };
    }
    if (o.now() > end) {
      return { ok: false, state: st ?? 'pending', reason: `not converged within ${Math.round(o.timeoutMs / 1000)} s (${running} of ${o.replicas} tasks of the new image running${msg ? `; ${msg}` : ''})`, failing: failingTask(tasks, o.image), service: svc, tasks };
    }
    await o.sleep(500);
  }
}
