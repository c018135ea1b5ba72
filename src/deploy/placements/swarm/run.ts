import { refuseForMode } from '../../../settings/deploy-mode.js';
import type { DeploySettings } from '../../../settings/index.js';
import { digestReference } from '../../../host-values.js';
import type { Strategy } from '../../core/strategy.js';
import type { Docker } from '../../engine/docker.js';
import type { RegistryAuth } from '../../core/model.js';
import { DeployError } from '../../core/errors.js';
import { recordHistory } from '../../core/undo.js';
import { foreignServiceMessage, SwarmApi, type Service, type SwarmNode, type Task } from './api.js';
import { convergeTimeoutMs, type SwarmContext } from './context.js';
import { converge, runningOf, type Outcome } from './converge.js';
import { ensureSwarmProxy, PROXY_WAIT_MS } from './proxy.js';
import { appOptions } from '../../core/spec.js';
import { RELEASE_LIMIT_SECONDS } from '../../core/release.js';
import { runReleaseJob } from './job.js';
import { watchCreatedWorker } from './worker.js';
import { appServiceSpec, OVERLAY, refuseBoundPublicPort, replicasOf } from './spec.js';
import { swarmRecovery, undoSwarm } from './undo.js';

const LEASE_MARGIN_SECONDS = 240;

export interface SwarmPlan {
  kind: 'deploy' | 'rollback';
  image?: string;
  registryAuth?: RegistryAuth;
  platformManifests?: { platform: string; digest: string }[];
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
 * The swarm deploy as the machine's strategy (core/machine.ts owns the lease, journal, undo and release):
 * setup is the overlay network and the HAProxy service; the phases create or update the app's Swarm
 * service to `image` (start-first, health-gated, failure action rollback) and wait for Swarm's update to
 * settle. Rollback is Swarm's own (`rollback=previous`). The undo is in undo.ts.
 */
export function swarmStrategy(c: SwarmContext, plan: SwarmPlan): Strategy {
  const s = c.settings;
  const timeoutMs = convergeTimeoutMs(s);
  const releaseMs = appOptions(s).releaseCommand ? RELEASE_LIMIT_SECONDS * 1000 : 0;
  return {
    // The release job, the update, then perhaps its undo (a rollback as long), and the proxy service's wait.
    leaseTtlMs: releaseMs + 2 * timeoutMs + PROXY_WAIT_MS + LEASE_MARGIN_SECONDS * 1000,
    setup: async () => {
      refuseBoundPublicPort(s);
      // Before the proxy and the release command: a service of the app's name that is not shipshape's would fail only the create.
      if (await c.swarm.foreignService(s.app, s.app, 'app')) throw new DeployError(`${s.app}: ${foreignServiceMessage(s.app, s.app, 'app')}; nothing was changed`, c.result);
      await c.swarm.ensureOverlay(OVERLAY);
      // A worker has no proxy service and no published port.
      if (appOptions(s).role === 'web') await ensureSwarmProxy(c.swarm, s, { logger: c.logger, now: c.now, sleep: c.sleep });
    },
    phases: () => (plan.kind === 'deploy' ? update(c, plan, timeoutMs) : rollback(c, timeoutMs)),
    undo: (reason) => undoSwarm(c, reason),
    ...swarmRecovery(c),
  };
}

/** What the journal keeps of the service before this deploy touches it. */
const before = (svc: Service) => ({
  created: false,
  serviceId: svc.ID,
  previousImage: svc.Spec.TaskTemplate.ContainerSpec.Image,
  previousReplicas: svc.Spec.Mode.Replicated?.Replicas,
  versionBefore: svc.Version.Index,
  ...(svc.UpdateStatus?.StartedAt && { startedBefore: svc.UpdateStatus.StartedAt }),
});

async function update(c: SwarmContext, plan: SwarmPlan, timeoutMs: number): Promise<void> {
  const s = c.settings;
  const swarm = c.swarm;
  const image = plan.image!;
  const replicas = replicasOf(s);
  const r = c.result;
  r.to = { color: r.color, digest: image };
  const svc = await swarm.ownService(s.app, s.app, 'app');
  const liveImage = svc?.Spec.TaskTemplate.ContainerSpec.Image;
  if (liveImage) r.from = { color: r.color, digest: liveImage };
  if (svc && liveImage === image && svc.Spec.Mode.Replicated?.Replicas === replicas && !/^(updating|rollback_started)$/.test(svc.UpdateStatus?.State ?? '')) {
    const tasks = await swarm.tasks(svc.ID);
    if (runningOf(tasks, image).length >= replicas) {
      c.logger.info(`${s.app}: service ${svc.ID.slice(0, 12)} already runs ${image} with ${replicas} tasks; nothing to do (no update issued)`);
      r.noop = true;
      c.journal.enter('locked', { image });
      await recordTasks(c, svc, tasks, { ok: true, state: 'unchanged' }, 0, plan);
      await recordHistory(c, 'noop');
      return;
    }
  }
  const platforms = plan.platformManifests?.map((m) => m.platform);
  // The release command runs to completion before the service is touched (a failure leaves it as it was).
  await runReleaseJob(swarm, c, { image, registryAuth: plan.registryAuth, platforms });
  const spec = appServiceSpec(s, { image, owner: c.owner, platforms });
  const start = c.now();
  let serviceId: string;
  // Entered before the call: a kill right after it must find what to undo.
  c.journal.enter('updating', { image, swarm: svc ? before(svc) : { created: true } });
  if (!svc) {
    c.logger.info(`${s.app}: creating service with ${replicas} tasks of ${image}`);
    serviceId = await swarm.createService(spec, plan.registryAuth);
    c.journal.enter('updating', { swarm: { created: true, serviceId } });
  } else {
    c.logger.info(`${s.app}: updating service ${svc.ID.slice(0, 12)} (version ${svc.Version.Index}) from ${liveImage} to ${image}, ${replicas} tasks, start-first`);
    await swarm.updateService(svc, spec, { auth: plan.registryAuth });
    serviceId = svc.ID;
  }
  const out = await converge(swarm, { serviceId, image, replicas, timeoutMs, logger: c.logger, sleep: c.sleep, now: c.now, expectUpdate: !!svc, staleStartedAt: svc?.UpdateStatus?.StartedAt });
  r.timings.health = c.now() - start;
  await recordTasks(c, out.service, out.tasks, out, r.timings.health, plan);
  if (!out.ok) await fail(c, out, image, liveImage);
  if (!svc) await watchCreatedWorker(swarm, c, { serviceId, image, tasks: out.tasks });
  c.journal.enter('converged');
  c.logger.info(`${s.app}: ${replicas} tasks of ${image} running (${out.state}) in ${r.timings.health} ms`);
  await recordHistory(c, 'live');
}

async function rollback(c: SwarmContext, timeoutMs: number): Promise<void> {
  const s = c.settings;
  const swarm = c.swarm;
  const r = c.result;
  const svc = await swarm.ownService(s.app, s.app, 'app');
  if (!svc) throw new DeployError(`rollback: ${s.app} has no Swarm service on ${r.host}; nothing to roll back to and nothing was changed. Check the inputs app and deploy-host`, r);
  if (!svc.PreviousSpec) throw new DeployError(`rollback: service ${s.app} has no previous spec (it was never updated); nothing was changed`, r);
  const image = digestReference(`the previous spec of service ${s.app}`, svc.PreviousSpec.TaskTemplate.ContainerSpec.Image);
  const replicas = svc.PreviousSpec.Mode.Replicated?.Replicas ?? replicasOf(s);
  r.from = { color: r.color, digest: svc.Spec.TaskTemplate.ContainerSpec.Image };
  r.to = { color: r.color, digest: image };
  c.logger.info(`${s.app}: Swarm rollback of service ${svc.ID.slice(0, 12)} to its previous spec (${image})`);
  const start = c.now();
  c.journal.enter('updating', { image, swarm: before(svc) });
  await swarm.updateService(svc, svc.Spec, { rollback: true });
  const out = await converge(swarm, { serviceId: svc.ID, image, replicas, timeoutMs, logger: c.logger, sleep: c.sleep, now: c.now, expectUpdate: true, staleStartedAt: svc.UpdateStatus?.StartedAt, rollback: true });
  r.timings.health = c.now() - start;
  await recordTasks(c, out.service, out.tasks, out, r.timings.health, {});
  if (!out.ok) await fail(c, out, image, undefined);
  c.journal.enter('converged');
  await recordHistory(c, 'live');
}

/** Fails naming Swarm's reason, the failing task's error and its last log lines. */
async function fail(c: SwarmContext, out: Outcome, image: string, previous: string | undefined): Promise<never> {
  if (out.ok) throw new Error('fail() on a good outcome');
  const t = out.failing;
  const logs = t ? await c.swarm.taskLogs(t.ID, 10).catch(() => []) : [];
  // Swarm stops a task that never became healthy; the app's own SIGTERM handler may then exit 0 (no error).
  const check = appOptions(c.settings).role === 'web' ? `GET ${c.settings.healthPath} on port ${c.settings.containerPort} inside the task` : 'the HEALTHCHECK of the image or health-cmd';
  const unhealthy = `${t?.Status.State} without an error before it was healthy: its health check (${check}) did not pass`;
  const task = t ? `; failing task ${t.ID.slice(0, 12)}: ${t.Status.Err || unhealthy}${logs.length ? `; its last log lines:\n${logs.join('\n')}` : ''}` : '';
  const serving = out.state === 'rollback_completed' && previous ? `Swarm rolled back to ${previous}, which keeps serving` : `Swarm's update state is ${out.state}`;
  c.result.rollbackReason = `${out.reason}${t?.Status.Err ? ` (${t.Status.Err})` : ''}`;
  throw new DeployError(`${c.settings.app}: the update to ${image} failed: ${out.reason}. ${serving}${task}`, c.result);
}

const ARCH: Record<string, string> = { x86_64: 'amd64', aarch64: 'arm64' };

async function recordTasks(c: SwarmContext, svc: Service, tasks: Task[], out: Outcome, ms: number, plan: Pick<SwarmPlan, 'platformManifests'>): Promise<void> {
  const nodes = new Map<string, SwarmNode>((await c.swarm.nodes()).map((n) => [n.ID, n]));
  const live = tasks.filter((t) => t.DesiredState === 'running');
  c.result.swarm = {
    service_id: svc.ID,
    version: svc.Version.Index,
    replicas: svc.Spec.Mode.Replicated?.Replicas ?? 0,
    update_state: out.state,
    update_ms: ms,
    tasks: live.map((t) => {
      const n = t.NodeID ? nodes.get(t.NodeID) : undefined;
      const arch = n?.Description.Platform.Architecture ?? '';
      const nodePlatform = n ? `${n.Description.Platform.OS}/${ARCH[arch] ?? arch}` : '';
      const digest = plan.platformManifests?.find((m) => m.platform === nodePlatform)?.digest;
      return { id: t.ID, node: t.NodeID ?? '', ...(n?.Status.Addr && { node_address: n.Status.Addr }), node_platform: nodePlatform, image: t.Spec.ContainerSpec.Image, ...(digest && { platform_digest: digest }), state: t.Status.State };
    }),
  };
}
