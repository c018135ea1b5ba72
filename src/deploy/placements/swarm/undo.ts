import { errorMessage } from '../../../log.js';
import type { Recovery } from '../../core/strategy.js';
import { UndoError } from '../../core/errors.js';
import { recordHistory } from '../../core/undo.js';
import type { Service } from './api.js';
import { convergeTimeoutMs, type SwarmContext } from './context.js';
import { converge, type Outcome } from './converge.js';
import { replicasOf } from './spec.js';

/** Whether the service's current spec is the one this run's update wrote (its labels name the run). */
const ours = (svc: Service, holder: string) => svc.Spec.Labels?.['shipshape.deployed-by'] === holder;

/**
 * Undoes a swarm deploy from the journal's phase so the previous spec serves again: our update still
 * in progress, paused or finished after main stopped → Swarm's rollback to the previous spec; Swarm's
 * own rollback under way → wait for it; a rollback paused on a failing task → a forced update to the
 * (previous) spec; a service this run created → removed (nothing before it to serve). Every wait is
 * bounded; the same code runs when main fails and in the post step. Throws UndoError naming what is left.
 */
export async function undoSwarm(c: SwarmContext, reason: string): Promise<void> {
  const j = c.journal.value;
  if ((j.phase !== 'updating' && j.phase !== 'reverting') || !j.swarm) return;
  const app = c.settings.app;
  const w = j.swarm;
  c.journal.enter('reverting', { reason: j.reason ?? reason });
  const fail = (what: string, e: unknown): never => {
    throw new UndoError(`could not undo the ${j.kind} of service ${app}: ${what}: ${errorMessage(e)}`, [what]);
  };
  const svc = await c.swarm.ownService(app, app, 'app').catch((e: unknown) => fail(`inspect service ${app}`, e));
  if (!svc) {
    // The create never reached Swarm (or the service went): nothing of this deploy runs.
    await recordHistory(c, 'failed', reason);
    c.journal.enter('reverted');
    return;
  }
  if (w.created) {
    c.logger.warning(`${app}: removing service ${svc.ID.slice(0, 12)}, which this deploy created (there is no previous version to return to): ${reason}`);
    await c.swarm.removeService(svc.ID).catch((e: unknown) => fail(`remove service ${app}`, e));
    await recordHistory(c, 'failed', reason);
    c.journal.enter('reverted');
    return;
  }
  const st = svc.UpdateStatus;
  // An update status from before this deploy (the last deploy's `completed`) is not ours to act on.
  const fresh = st?.StartedAt !== w.startedBefore;
  const wait = (o: { image: string; replicas: number; stale?: string; rollback: boolean }) =>
    converge(c.swarm, { serviceId: svc.ID, image: o.image, replicas: o.replicas, timeoutMs: convergeTimeoutMs(c.settings), logger: c.logger, sleep: c.sleep, now: c.now, expectUpdate: true, staleStartedAt: o.stale, rollback: o.rollback });
  const current = { image: svc.Spec.TaskTemplate.ContainerSpec.Image, replicas: svc.Spec.Mode.Replicated?.Replicas ?? replicasOf(c.settings) };
  let out: Outcome | undefined;
  try {
    if (j.kind === 'deploy' && ours(svc, j.holder)) {
      c.logger.warning(`${app}: rolling service ${svc.ID.slice(0, 12)} back to its previous spec (${w.previousImage}; update state ${st?.State ?? 'not started'}): ${reason}`);
      await c.swarm.updateService(svc, svc.Spec, { rollback: true });
      out = await wait({ image: w.previousImage!, replicas: w.previousReplicas ?? current.replicas, stale: st?.StartedAt, rollback: true });
    } else if (fresh && st?.State === 'rollback_started') {
      c.logger.info(`${app}: Swarm is rolling service ${svc.ID.slice(0, 12)} back to ${current.image}; waiting for it to finish`);
      out = await wait({ ...current, rollback: true });
    } else if (fresh && st?.State === 'rollback_paused') {
      // Swarm's rollback stopped on a failing task: the spec is the previous one again, a forced update puts every task on it.
      c.logger.warning(`${app}: Swarm's rollback paused (${st.Message ?? 'no message'}); forcing an update of service ${svc.ID.slice(0, 12)} to its current spec (${current.image})`);
      await c.swarm.updateService(svc, { ...svc.Spec, TaskTemplate: { ...svc.Spec.TaskTemplate, ForceUpdate: (svc.Spec.TaskTemplate.ForceUpdate ?? 0) + 1 } });
      out = await wait({ ...current, stale: st.StartedAt, rollback: false });
    }
  } catch (e) {
    fail(`roll service ${app} back`, e);
  }
  if (out && !out.ok) throw new UndoError(`could not undo the ${j.kind} of service ${app}: Swarm's update state is ${out.state}: ${out.reason}`, [`service ${app} at ${out.state}`]);
  if (out) c.logger.info(`${app}: service ${svc.ID.slice(0, 12)} runs its previous spec again (${out.state})`);
  // A rollback (Swarm's, one level) cannot itself be undone: the history says it did not complete.
  await recordHistory(c, j.kind === 'deploy' ? 'reverted' : 'failed', reason);
  c.journal.enter('reverted');
}

/** The swarm post step: a converged update finishes (its history entry); anything before is undone. */
export function swarmRecovery(c: SwarmContext): Recovery {
  return {
    recover: async () => {
      const phase = c.journal.phase;
      if (phase === 'converged') await recordHistory(c, 'live');
      else await undoSwarm(c, `the main step stopped in phase ${phase}`);
    },
    leftBehind: () => (['updating', 'reverting'].includes(c.journal.phase) ? `; service ${c.settings.app} may still be updating or rolling back on its own` : ''),
  };
}
