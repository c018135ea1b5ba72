import { digestReference } from '../../host-values.js';
import type { MachineContext } from './context.js';
import type { Strategy } from './strategy.js';
import type { Plan } from './placement.js';
import { DeployError } from './errors.js';
import { other, type Color } from './color.js';
import type { HostState } from './host-state.js';
import { preflight, RELEASE_LIMIT_SECONDS, runRelease } from './release.js';
import { pruneImages } from './retain.js';
import { appOptions, instanceName, instanceSpec, NETWORK } from './spec.js';
import { blueGreenRecovery, recordHistory, retire, undo } from './undo.js';
import { gate, soak } from './waits.js';
import { workerReady, workerSoak } from './worker-ready.js';

const LEASE_MARGIN_SECONDS = 240;

/**
 * The blue-green deploy as a state machine (kamal-proxy's service/target model) driven by the machine (machine.ts):
 * every phase is entered in the journal before its work, and a failure in any phase runs that phase's
 * undo (undo.ts) before the lease is freed.
 */
export function blueGreen(c: MachineContext, plan: Plan): Strategy {
  const s = c.settings;
  // The lease outlives the longest deploy (pull budget + the placement's own, e.g. ACME + gate + soak + retire).
  const releaseBudget = appOptions(s).releaseCommand ? RELEASE_LIMIT_SECONDS : 0;
  const leaseTtlMs = (LEASE_MARGIN_SECONDS + s.healthTimeoutSeconds + s.soakSeconds + releaseBudget + appOptions(s).readySeconds) * 1000 + (c.edge?.leaseBudgetMs ?? 0);
  const undoAll = async (reason: string) => {
    await undo(c, reason);
    await c.edge?.unprepare();
  };
  return { leaseTtlMs, setup: c.setup, phases: () => phases(c, plan), undo: undoAll, ...blueGreenRecovery(c) };
}


/** Whether the live color runs `image` and passes the router's check. */
async function liveAndHealthy(c: MachineContext, state: HostState, image: string): Promise<boolean> {
  if (!state.live || state.colors[state.live]?.image !== image) return false;
  const inst = await c.runtime.inspect(instanceName(c.settings.app, state.live));
  if (!inst?.running || inst.image !== image) return false;
  return !!(await c.router.health(c.settings.app))[state.live]?.up;
}

async function phases(c: MachineContext, plan: Plan): Promise<void> {
  const s = c.settings;
  const r = c.result;
  const app = s.app;
  const state = await c.store.read(app);
  const live = state.live;
  let image: string;
  if (plan.kind === 'deploy') {
    image = plan.image!;
    // A changed route or check (the placement's edge) is applied through a candidate, never skipped.
    if (!c.edge?.changesEdge && (await liveAndHealthy(c, state, image))) {
      c.logger.info(`${app}: ${live} already runs ${image} and is healthy; nothing to do`);
      Object.assign(r, { noop: true, color: live, to: { color: live, digest: image } });
      c.journal.enter('locked', { target: live, image });
      await recordHistory(c, 'noop');
      return;
    }
  } else {
    if (!live) throw new DeployError(`rollback: ${app} has no live color on ${r.host}`, r);
    const old = await c.runtime.inspect(instanceName(app, other(live)));
    if (!old?.image) throw new DeployError(`rollback: ${app} has no previous color to return to (no ${instanceName(app, other(live))} container)`, r);
    // Read back from the host and used as an image reference: it must be repo@sha256:… and nothing more.
    image = digestReference(`the label shipshape.image of ${instanceName(app, other(live))}`, old.image);
  }
  const target: Color = live ? other(live) : 'blue';
  const name = instanceName(app, target);
  r.color = target;
  r.to = { color: target, digest: image };
  if (live) {
    r.previousColor = live;
    const liveImage = state.colors[live]?.image;
    if (liveImage) r.from = { color: live, digest: liveImage };
  }
  const plan1 = { target, previous: live, image, candidateKind: plan.kind === 'deploy' ? ('new' as const) : ('previous' as const) };

  const opts = appOptions(s);
  const worker = opts.role === 'worker';
  if (plan.kind === 'deploy') {
    if (c.appHost) await preflight(c, c.appHost);
    c.journal.enter('pulled', plan1);
    const pullStart = c.now();
    await c.runtime.pull(image, plan.registryAuth, (line) => c.logger.info(`${app}: ${line}`));
    r.timings.pull = c.now() - pullStart;
    const pulled = plan.platformManifests?.find((m) => m.platform === c.runtime.platform);
    if (pulled) r.pulledPlatformDigest = pulled.digest;
    if (c.appHost && opts.releaseCommand) {
      c.journal.enter('released', plan1);
      await runRelease(c, c.appHost, { image, target });
    }
  }

  // The idle color's target is out of the router (disabled in its config, or set so on retire/failure).
  c.journal.enter('started', plan1);
  if (worker && !opts.overlap && live) {
    // The one mode with a gap: a worker that must never run twice stops the old color first.
    c.journal.enter('started', { stoppedPrevious: true });
    c.logger.info(`${app}: overlap is false: stopping ${live} before ${target} starts`);
    await c.runtime.stop(instanceName(app, live), opts.stopTimeoutSeconds);
  }
  if (plan.kind === 'deploy') await c.runtime.create(instanceSpec(s, { color: target, image, platform: c.runtime.platform, network: NETWORK, owner: c.owner }));
  // A rollback restarts the old color's own container: the gate counts only the restarts after this start.
  const restartsBefore = plan.kind === 'rollback' ? ((await c.runtime.inspect(name))?.restarts ?? 0) : 0;
  await c.runtime.start(name);

  c.journal.enter('gated');
  const healthStart = c.now();
  const inst = await c.runtime.inspect(name);
  await c.router.addTarget(app, target, inst?.address ? { ip: inst.address, port: s.containerPort } : undefined);
  await (worker ? workerReady(c, name) : gate(c, target, name, restartsBefore));
  r.timings.health = c.now() - healthStart;

  // Atomic switch: the new target takes new requests, the old one drains.
  c.journal.enter('switched', { switched: true });
  const switchStart = c.now();
  await c.router.switchTo(app, target, live);
  r.switchMs = c.now() - switchStart;
  r.timings.switch = r.switchMs;
  c.logger.info(`Switched ${app} to ${target} in ${r.switchMs} ms${live ? ` (${live} draining)` : ''}`);

  c.journal.enter('soaking');
  const next: HostState = { ...state, live: target, colors: { ...state.colors, [target]: { image, since: new Date(c.now()).toISOString() } } };
  await Promise.all([c.router.persist(app, target), c.store.write(app, next)]);
  const soakStart = c.now();
  const failure = worker ? await workerSoak(c, name) : await soak(c, target);
  r.timings.soak = c.now() - soakStart;
  if (failure) {
    r.rollbackReason = failure;
    const to = live ? `reverted to ${live}` : 'failed after the switch (no previous color to return to)';
    throw new DeployError(`${image} ${to}: ${failure}`, r, { phase: 'soaking' });
  }

  c.journal.enter('retired');
  await retire(c);
  await c.edge?.finish();
  if (c.appHost && plan.kind === 'deploy') await pruneImages(c, c.appHost);
}
