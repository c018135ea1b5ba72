import type { DeploySettings } from '../../settings/index.js';
import { routeUrl } from '../../settings/route.js';
import type { Placement } from '../core/placement.js';
import { appOptions } from '../core/spec.js';
import type { Docker } from '../engine/docker.js';
import { ContainerPlacement } from './container.js';
import { HostProxyEdge } from './host-proxy/edge.js';
import { OwnProxyEdge } from './own-proxy/edge.js';
import type { Run } from './run.js';
import { SwarmPlacement } from './swarm/placement.js';
import { swarmMode } from './swarm/run.js';
import { WorkerEdge } from './worker.js';

/**
 * Where the app lives, decided once from the settings (and, for `deploy-mode: auto`, from whether
 * the engine is a swarm manager): a Swarm service; on a Docker host, the host proxy (`hosts`), no
 * route (a worker), or its own proxy on `public-port`.
 */
export async function choosePlacement(docker: Docker, s: DeploySettings, run: Run): Promise<Placement> {
  if (await swarmMode(docker, s)) return new SwarmPlacement(docker, s, run);
  const hostProxy = new HostProxyEdge(docker, s, { ...run, onRoute: (route) => (run.result.route = { ...route, url: routeUrl(s.route!) }) });
  const ownProxy = new OwnProxyEdge(docker, s, run.logger);
  const edge = s.route ? hostProxy : appOptions(s).role === 'worker' ? new WorkerEdge(docker) : ownProxy;
  return new ContainerPlacement(docker, s, edge, run, [hostProxy, ownProxy]);
}
