import { refuseForMode } from '../../inputs-swarm.js';
import type { DeploySettings } from '../../inputs.js';
import { errorMessage, type Logger } from '../../log.js';
import { digestReference } from '../../validate.js';
import type { Docker, RegistryAuth } from '../engine/docker.js';
import { DeployError } from '../errors.js';
import type { LeaseOwner } from '../lock.js';
import { ensureImage } from '../proxy.js';
import { EngineHostStore } from '../store-engine.js';
import type { DeployResult } from '../types.js';
import { SwarmApi, type Service, type SwarmNode, type Task } from './api.js';
import { converge, runningOf, type Outcome } from './converge.js';
import { ensureSwarmProxy } from './proxy.js';
import { appOptions } from '../spec.js';
import { RELEASE_LIMIT_SECONDS } from '../release.js';
import { runReleaseJob } from './job.js';
import { watchCreatedWorker } from './worker.js';
import { appServiceSpec, monitorSecondsOf, OVERLAY, replicasOf, UPDATE_DELAY_SECONDS } from './spec.js';

const LEASE_MARGIN_SECONDS = 240;

export interface SwarmPlan {
  kind: 'deploy' | 'rollback';
  image?: string;
  registryAuth?: RegistryAuth;
  platformManifests?: { platform: string; digest: string }[];
}

export interface SwarmContext {
  docker: Docker;
  settings: DeploySettings;
  owner: LeaseOwner;
  logger: Logger;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  result: DeployResult;
}

/** Whether this deploy goes to Swarm: `deploy-mode`, or for `auto` what the engine says; refuses the other mode's inputs. */
export async function swarmMode(docker: Docker, s: DeploySettings): Promise<boolean> {
  const mode = s.modes?.mode ?? 'auto';
  if (mode === 'container') return false;
  const manager = await new SwarmApi(docker.api).isManager();
  if (mode === 'auto') refuseForMode(s.modes ?? {}, manager ? 'swarm' : 'container');
  if (mode === 'swarm' && !manager) {
    throw new DeployError(`input 'deploy-mode' is swarm, but the engine at ${s.host.text} is not an active swarm manager (docker info: Swarm not active or not a manager); point deploy-host at a manager`);
  }
  return manager;
}

/**
 * The swarm deploy: under the app's lease on the manager, the app's Swarm service is created or updated
 * to `image` (start-first, health-gated, failure action rollback) behind its HAProxy service, and the
 * deploy waits for Swarm's update to settle. Rollback is Swarm's own (`rollback=previous`).
 */
export async function runSwarm(c: SwarmContext, plan: SwarmPlan): Promise<DeployResult> {
  const s = c.settings;
  const swarm = new SwarmApi(c.docker.api);
  const replicas = replicasOf(s);
  const timeoutMs = (replicas * (s.healthTimeoutSeconds + monitorSecondsOf(s) + UPDATE_DELAY_SECONDS) + 60) * 1000;
  const platform = `${c.docker.api.os}/${c.docker.api.arch}`;
  await ensureImage(c.docker, s.proxyImage, platform, plan.registryAuth);
  const store = new EngineHostStore(c.docker, s.proxyImage);
  const ttlMs = timeoutMs + (LEASE_MARGIN_SECONDS + (appOptions(s).releaseCommand ? RELEASE_LIMIT_SECONDS : 0)) * 1000;
  const lease = await store.acquireLease({ app: s.app, owner: c.owner, ttlMs, waitMs: ttlMs, now: c.now });
  c.result.lock = { holder: lease.holder, waitedMs: lease.waitedMs, ...(lease.broken && { broken: lease.broken }) };
  if (lease.broken) c.logger.warning(`Broke an ${lease.broken}`);
  try {
    await swarm.ensureOverlay(OVERLAY);
    // A worker has no proxy service and no published port.
    if (appOptions(s).role === 'web') await ensureSwarmProxy(swarm, s, { logger: c.logger, now: c.now, sleep: c.sleep });
    return await (plan.kind === 'deploy' ? update(c, swarm, plan, timeoutMs) : rollback(c, swarm, timeoutMs));
  } finally {
    await store.releaseLease(s.app, c.owner.id).catch((e: unknown) => c.logger.warning(`Could not release the deploy lock of ${s.app} (it expires by itself): ${errorMessage(e)}`));
  }
}

async function update(c: SwarmContext, swarm: SwarmApi, plan: SwarmPlan, timeoutMs: number): Promise<DeployResult> {
  const s = c.settings;
  const image = plan.image!;
  const replicas = replicasOf(s);
  const r = c.result;
  r.to = { color: r.color, digest: image };
  const svc = await swarm.service(s.app);
  const liveImage = svc?.Spec.TaskTemplate.ContainerSpec.Image;
  if (liveImage) r.from = { color: r.color, digest: liveImage };
  if (svc && liveImage === image && svc.Spec.Mode.Replicated?.Replicas === replicas && !/^(updating|rollback_started)$/.test(svc.UpdateStatus?.State ?? '')) {
    const tasks = await swarm.tasks(svc.ID);
    if (runningOf(tasks, image).length >= replicas) {
      c.logger.info(`${s.app}: service ${svc.ID.slice(0, 12)} already runs ${image} with ${replicas} tasks; nothing to do (no update issued)`);
      r.noop = true;
      await recordTasks(c, swarm, svc, tasks, { ok: true, state: 'unchanged' }, 0, plan);
      return r;
    }
  }
  const platforms = plan.platformManifests?.map((m) => m.platform);
  // The release command runs to completion before the service is touched (a failure leaves it as it was).
  await runReleaseJob(swarm, c, { image, registryAuth: plan.registryAuth, platforms });
  const spec = appServiceSpec(s, { image, owner: c.owner, platforms });
  const start = c.now();
  let serviceId: string;
  if (!svc) {
    c.logger.info(`${s.app}: creating service with ${replicas} tasks of ${image}`);
    serviceId = await swarm.createService(spec, plan.registryAuth);
  } else {
    c.logger.info(`${s.app}: updating service ${svc.ID.slice(0, 12)} (version ${svc.Version.Index}) from ${liveImage} to ${image}, ${replicas} tasks, start-first`);
    await swarm.updateService(svc, spec, { auth: plan.registryAuth });
    serviceId = svc.ID;
  }
  const out = await converge(swarm, { serviceId, image, replicas, timeoutMs, logger: c.logger, sleep: c.sleep, now: c.now, expectUpdate: !!svc, staleStartedAt: svc?.UpdateStatus?.StartedAt });
  r.timings.health = c.now() - start;
  await recordTasks(c, swarm, out.service, out.tasks, out, r.timings.health, plan);
  if (!out.ok) await fail(c, swarm, out, image, liveImage);
  if (!svc) await watchCreatedWorker(swarm, c, { serviceId, image, tasks: out.tasks });
  c.logger.info(`${s.app}: ${replicas} tasks of ${image} running (${out.state}) in ${r.timings.health} ms`);
  return r;
}

async function rollback(c: SwarmContext, swarm: SwarmApi, timeoutMs: number): Promise<DeployResult> {
  const s = c.settings;
  const r = c.result;
  const svc = await swarm.service(s.app);
  if (!svc) throw new DeployError(`rollback: ${s.app} has no Swarm service on ${r.host}; nothing to roll back to and nothing was changed. Check the inputs app and deploy-host`, r);
  if (!svc.PreviousSpec) throw new DeployError(`rollback: service ${s.app} has no previous spec (it was never updated); nothing was changed`, r);
  const image = digestReference(`the previous spec of service ${s.app}`, svc.PreviousSpec.TaskTemplate.ContainerSpec.Image);
  const replicas = svc.PreviousSpec.Mode.Replicated?.Replicas ?? replicasOf(s);
  r.from = { color: r.color, digest: svc.Spec.TaskTemplate.ContainerSpec.Image };
  r.to = { color: r.color, digest: image };
  c.logger.info(`${s.app}: Swarm rollback of service ${svc.ID.slice(0, 12)} to its previous spec (${image})`);
  const start = c.now();
  await swarm.updateService(svc, svc.Spec, { rollback: true });
  const out = await converge(swarm, { serviceId: svc.ID, image, replicas, timeoutMs, logger: c.logger, sleep: c.sleep, now: c.now, expectUpdate: true, staleStartedAt: svc.UpdateStatus?.StartedAt, rollback: true });
  r.timings.health = c.now() - start;
  await recordTasks(c, swarm, out.service, out.tasks, out, r.timings.health, {});
  if (!out.ok) await fail(c, swarm, out, image, undefined);
  return r;
}

/** Fails naming Swarm's reason, the failing task's error and its last log lines. */
async function fail(c: SwarmContext, swarm: SwarmApi, out: Outcome, image: string, previous: string | undefined): Promise<never> {
  if (out.ok) throw new Error('fail() on a good outcome');
  const t = out.failing;
  const logs = t ? await swarm.taskLogs(t.ID, 10).catch(() => []) : [];
  // Swarm stops a task that never became healthy; the app's own SIGTERM handler may then exit 0 (no error).
  const check = appOptions(c.settings).role === 'web' ? `GET ${c.settings.healthPath} on port ${c.settings.containerPort} inside the task` : 'the HEALTHCHECK of the image or health-cmd';
  const unhealthy = `${t?.Status.State} without an error before it was healthy: its health check (${check}) did not pass`;
  const task = t ? `; failing task ${t.ID.slice(0, 12)}: ${t.Status.Err || unhealthy}${logs.length ? `; its last log lines:\n${logs.join('\n')}` : ''}` : '';
  const serving = out.state === 'rollback_completed' && previous ? `Swarm rolled back to ${previous}, which keeps serving` : `Swarm's update state is ${out.state}`;
  c.result.rollbackReason = `${out.reason}${t?.Status.Err ? ` (${t.Status.Err})` : ''}`;
  throw new DeployError(`${c.settings.app}: the update to ${image} failed: ${out.reason}. ${serving}${task}`, c.result);
}

async function recordTasks(c: SwarmContext, swarm: SwarmApi, svc: Service, tasks: Task[], out: Outcome, ms: number, plan: Pick<SwarmPlan, 'platformManifests'>): Promise<void> {
  const nodes = new Map<string, SwarmNode>((await swarm.nodes()).map((n) => [n.ID, n]));
  const live = tasks.filter((t) => t.DesiredState === 'running');
  c.result.swarm = {
    service_id: svc.ID,
    version: svc.Version.Index,
    replicas: svc.Spec.Mode.Replicated?.Replicas ?? 0,
    update_state: out.state,
    update_ms: ms,
    tasks: live.map((t) => {
      const n = t.NodeID ? nodes.get(t.NodeID) : undefined;
      const nodePlatform = n ? `${n.Description.Platform.OS}/${n.Description.Platform.Architecture === 'x86_64' ? 'amd64' : n.Description.Platform.Architecture === 'aarch64' ? 'arm64' : n.Description.Platform.Architecture}` : '';
      const digest = plan.platformManifests?.find((m) => m.platform === nodePlatform)?.digest;
      return { id: t.ID, node: t.NodeID ?? '', ...(n?.Status.Addr && { node_address: n.Status.Addr }), node_platform: nodePlatform, image: t.Spec.ContainerSpec.Image, ...(digest && { platform_digest: digest }), state: t.Status.State };
    }),
  };
}
