import type { DeploySettings } from '../../../inputs.js';
import type { Logger } from '../../../log.js';
import { releaseName } from '../../core/release.js';
import type { SwarmApi } from './api.js';
import { proxyServiceName } from './spec.js';

/** How long the removed services' tasks may take to shut down on every node (their stop grace included). */
const STOP_WAIT_MS = 60_000;

/**
 * `remove: true` in swarm mode (run by the machine under the app's lease on the manager, which then
 * forgets the host state): the proxy service goes first (no new connection reaches the app), then the
 * app's service and a release job left by a killed deploy, then the proxy's configs once no task uses
 * them. The overlay network stays (other apps use it); nothing of another app is touched.
 */
export async function removeFromSwarm(swarm: SwarmApi, s: DeploySettings, o: { logger: Logger; sleep: (ms: number) => Promise<void> }, removed: string[]): Promise<void> {
  const gone = new Set<string>();
  for (const name of [proxyServiceName(s.app), s.app, releaseName(s.app)]) {
    const svc = await swarm.service(name);
    if (!svc) continue;
    await swarm.removeService(name);
    gone.add(svc.ID);
    removed.push(`service ${name}`);
  }
  // Removing a service only asks its tasks to stop: the step ends once none runs (nothing answers any more).
  const end = Date.now() + STOP_WAIT_MS;
  for (;;) {
    const left = (await swarm.tasksNamed(s.app)).filter((t) => t.ServiceID && gone.has(t.ServiceID));
    if (left.length === 0) break;
    if (Date.now() >= end) {
      o.logger.warning(`${s.app}: ${left.length} task(s) of the removed services still stopping after ${STOP_WAIT_MS / 1000} s; Swarm finishes them`);
      break;
    }
    await o.sleep(500);
  }
  for (let left = await swarm.appConfigs(s.app); left.length > 0; left = await swarm.appConfigs(s.app)) {
    const inUse: string[] = [];
    for (const c of left) (await swarm.removeConfig(c.ID)) ? removed.push(`config ${c.Spec.Name}`) : inUse.push(c.Spec.Name);
    if (inUse.length === 0) break;
    if (Date.now() >= end) {
      o.logger.warning(`${s.app}: config ${inUse.join(', ')} still in use (the proxy's tasks are still stopping); the next remove takes it`);
      break;
    }
    await o.sleep(500);
  }
}
