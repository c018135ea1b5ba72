import type { DeploySettings } from '../inputs.js';
import type { Logger } from '../log.js';
import type { Docker } from './engine/docker.js';
import { COLORS } from './core/model.js';
import { stateVolume } from './core/host-state.js';
import { HostProxyPlacement } from './placements/host-proxy/placement.js';
import type { LeaseOwner } from './core/store.js';
import { proxyName } from './placements/own-proxy/proxy.js';
import { instanceName } from './core/spec.js';
import { EngineHostStore, stateContainer } from './docker-host/store.js';

export interface RemoveResult {
  app: string;
  host: string;
  /** Containers, volumes, the host proxy's backend and certificate that were there and are gone. */
  removed: string[];
}

/**
 * `remove: true`: under the app's lease, its route leaves the host proxy first (a hitless reload, so
 * no request reaches a container being removed; the proxy keeps running for the other apps, or with
 * its 404 page alone), then its certificate, its colors, its own proxy if it had one, and its state
 * volume. No other app's containers, backends or certificates are touched.
 */
export async function removeFromHost(docker: Docker, s: DeploySettings, o: { owner: LeaseOwner; logger: Logger; where: string }): Promise<RemoveResult> {
  return removeUnderLease(docker, s, { ...o, what: o.where }, async (removed) => {
    const site = new HostProxyPlacement(docker, s, { owner: o.owner, logger: o.logger, store: new EngineHostStore(docker, s.proxyImage) });
    if ((await docker.inspect(site.name)) && (await site.removeApp(s.app)).removed) removed.push(`backend app-${s.app} and certificate on ${site.name}`);
    for (const name of [...COLORS.map((c) => instanceName(s.app, c)), proxyName(s.app)]) {
      if (!(await docker.inspect(name))) continue;
      await docker.remove(name);
      removed.push(name);
    }
  });
}

/** Both modes' teardown frame: under the app's lease, `work`, then the app's host state (container and volume). */
export async function removeUnderLease(docker: Docker, s: DeploySettings, o: { owner: LeaseOwner; logger: Logger; where: string; what: string }, work: (removed: string[]) => Promise<void>): Promise<RemoveResult> {
  const store = new EngineHostStore(docker, s.proxyImage);
  const removed: string[] = [];
  await store.acquireLease({ app: s.app, owner: o.owner, ttlMs: 300_000, waitMs: 300_000, now: Date.now });
  try {
    await work(removed);
    if (await docker.inspect(stateContainer(s.app))) {
      await docker.remove(stateContainer(s.app));
      removed.push(stateContainer(s.app));
    }
    await docker.removeVolume(stateVolume(s.app));
    removed.push(`volume ${stateVolume(s.app)}`);
  } finally {
    await store.releaseLease(s.app, o.owner.id);
  }
  o.logger.info(`Removed ${s.app} from ${o.what}: ${removed.join(', ') || 'nothing was there'}`);
  return { app: s.app, host: o.where, removed };
}
