import type { Logger } from '../../../log.js';
import { releaseName } from '../../core/release.js';
import type { ServiceRole, SwarmApi } from './api.js';
import { proxyServiceName } from './spec.js';

/** How long the removed services' tasks may take to shut down on every node (their stop grace included). */
const STOP_WAIT_MS = 60_000;

/**
 * `remove: true` in swarm mode, run by the machine under the app's lease on the manager (which then
 * forgets the host state): the proxy service goes first (no new connection reaches the app), then the app's service and a
 * release job left by a killed deploy, then the proxy's configs once no task uses them. Each service
 * is found by its exact name and its shipshape labels and removed by its ID: a service of that name
 * without the labels is not shipshape's and is left alone, and nothing of another app is touched. The
 * overlay network stays (other apps use it).
 */
export async function removeSwarmObjects(swarm: SwarmApi, app: string, o: { logger: Logger; sleep: (ms: number) => Promise<void>; removed: string[] }): Promise<void> {
  const gone = new Set<string>();
  const services: [string, ServiceRole][] = [[proxyServiceName(app), 'proxy'], [app, 'app'], [releaseName(app), 'release']];
  for (const [name, role] of services) {
    const svc = await swarm.removeOwnService(name, app, role);
    if (svc) {
      gone.add(svc.ID);
      o.removed.push(`service ${name}`);
    } else if (await swarm.foreignService(name, app, role)) {
      o.logger.warning(`${app}: left the Swarm service ${name} alone: it lacks the labels shipshape.app=${app} and shipshape.role=${role}, so shipshape did not create it for this app`);
    }
  }
  // Removing a service only asks its tasks to stop: the step ends once none runs (nothing answers any more).
  const end = Date.now() + STOP_WAIT_MS;
  for (;;) {
    const left = (await swarm.tasksNamed(app)).filter((t) => t.ServiceID && gone.has(t.ServiceID));
    if (left.length === 0) break;
    if (Date.now() >= end) {
      o.logger.warning(`${app}: ${left.length} task(s) of the removed services still stopping after ${STOP_WAIT_MS / 1000} s; Swarm finishes them`);
      break;
    }
    await o.sleep(500);
  }
  for (let left = await swarm.appConfigs(app); left.length > 0; left = await swarm.appConfigs(app)) {
    const inUse: string[] = [];
    for (const c of left) (await swarm.removeConfig(c.ID)) ? o.removed.push(`config ${c.Spec.Name}`) : inUse.push(c.Spec.Name);
    if (inUse.length === 0) break;
    if (Date.now() >= end) {
      o.logger.warning(`${app}: config ${inUse.join(', ')} still in use (the proxy's tasks are still stopping); the next remove takes it`);
      break;
    }
    await o.sleep(500);
  }
}
