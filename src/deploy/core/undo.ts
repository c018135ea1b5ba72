import { errorMessage } from '../../log.js';
import type { DriveContext, MachineContext } from './context.js';
import { settleWith } from './machine.js';
import { type Recovery } from './strategy.js';
import { UndoError } from './errors.js';
import { withHistory, type HistoryEntry } from './host-state.js';
import { undoRelease } from './release.js';
import { appOptions, instanceName } from './spec.js';
import { waitDrained } from './waits.js';

/** Appends to the host history; a failure is a warning naming what was lost (the deploy itself is settled). */
export async function recordHistory(c: DriveContext, outcome: HistoryEntry['outcome'], reason?: string): Promise<void> {
  const j = c.journal.value;
  // A swarm service has no colors: its entries say blue, as its outputs do, and carry the mode.
  const color = j.mode === 'swarm' ? 'blue' : j.target;
  if (!color || !j.image || (j.kind !== 'deploy' && j.kind !== 'rollback')) return;
  const r = c.result;
  const entry: HistoryEntry = {
    at: new Date(c.now()).toISOString(),
    kind: j.kind,
    outcome,
    image: j.image,
    color,
    ...(j.mode && { mode: j.mode }),
    ...(r.from && { from: { color: r.from.color, image: r.from.digest } }),
    owner: c.owner.id,
    ...(c.owner.runUrl && { runUrl: c.owner.runUrl }),
    ...(reason && { reason }),
  };
  try {
    await c.store.write(c.settings.app, withHistory(await c.store.read(c.settings.app), entry, c.settings.historyLimit));
  } catch (e) {
    c.logger.warning(`The host history of ${c.settings.app} misses this ${j.kind} (${outcome}): ${errorMessage(e)}`);
  }
}

/**
 * Undoes the journal's phase so the previously live color serves, the candidate is gone (a rollback's,
 * the old color's own container, is stopped again) and the host state names the previous color.
 * The same code runs when main fails and in the post step after a kill; every step is idempotent.
 * Throws UndoError naming what could not be undone (the journal then stays `reverting`).
 */
export async function undo(c: MachineContext, reason: string): Promise<void> {
  const j = c.journal.value;
  const app = c.settings.app;
  if (j.phase === 'released' || (j.phase === 'reverting' && j.released)) {
    c.journal.enter('reverting', { reason: j.reason ?? reason, released: true });
    try {
      await undoRelease(c, c.appHost);
    } catch (e) {
      throw new UndoError(`could not remove the release container of ${app}: ${errorMessage(e)}`, [`remove ${app}-release`]);
    }
    await recordHistory(c, 'failed', reason);
    c.journal.enter('reverted');
    return;
  }
  if (!j.target || !j.candidateKind || !['started', 'gated', 'switched', 'soaking', 'reverting'].includes(j.phase)) return;
  const target = j.target;
  const name = instanceName(app, target);
  const switched = j.switched === true;
  if (switched && !j.previous) {
    // A first deploy has nothing to return to: taking it down would leave no version serving.
    c.logger.warning(`${name} failed after the switch and ${app} has no previous version to return to; it keeps serving: ${reason}`);
    await recordHistory(c, 'failed', reason);
    c.journal.enter('reverted');
    return;
  }
  c.journal.enter('reverting', { reason: j.reason ?? reason });
  const failed: string[] = [];
  const step = async (what: string, fn: () => Promise<unknown>): Promise<boolean> => {
    try {
      await fn();
      return true;
    } catch (e) {
      failed.push(`${what} (${errorMessage(e)})`);
      return false;
    }
  };
  if (switched && j.previous) {
    const previous = j.previous;
    // Until the previous color takes the traffic again, the candidate must stay: it is what serves.
    if (!(await step(`switch ${app} back to ${previous}`, () => c.router.switchTo(app, previous, target)))) {
      throw new UndoError(`could not undo the ${j.kind} of ${app}: ${failed.join('; ')}; ${name} keeps serving`, failed);
    }
    c.logger.warning(`Switched ${app} back to ${previous}: ${reason}`);
    await step(`wait for ${target} to drain`, () => waitDrained(c, target));
  }
  const outOfRouter = await c.router.removeTarget(app, target).then(
    () => undefined,
    (e: unknown) => errorMessage(e),
  );
  const dropped = j.candidateKind === 'new' ? await step(`remove ${name}`, () => c.runtime.remove(name)) : await step(`stop ${name} again`, () => c.runtime.stop(name, 5));
  if (outOfRouter !== undefined) {
    // With the candidate gone and its target draining (no new requests), nothing reaches it: a warning,
    // not a reason to hold the lease. While it still runs, the router must take it out: the undo failed.
    if (dropped) c.logger.warning(`${target} stays in the router in drain state (takes no traffic) until the next deploy: ${outOfRouter}`);
    else failed.push(`take ${target} out of the router (${outOfRouter})`);
  }
  if (j.stoppedPrevious && j.previous) await step(`start ${instanceName(app, j.previous)} again`, () => c.runtime.start(instanceName(app, j.previous!)));
  if (switched && j.previous) {
    const previous = j.previous;
    await step(`make the router's config name ${previous}`, () => c.router.persist(app, previous));
    await step(`restore the host state (live ${previous})`, async () => {
      const state = await c.store.read(app);
      const colors = { ...state.colors };
      if (j.candidateKind === 'new') delete colors[target];
      await c.store.write(app, { ...state, live: previous, colors });
    });
  }
  if (failed.length > 0) throw new UndoError(`could not undo the ${j.kind} of ${app}: ${failed.join('; ')}`, failed);
  await recordHistory(c, switched ? 'reverted' : 'failed', reason);
  c.journal.enter('reverted');
}

/** After a passed soak: the old color finishes its requests and is stopped (kept for rollback). Forward only: failures warn. */
export async function retire(c: MachineContext): Promise<void> {
  const j = c.journal.value;
  const app = c.settings.app;
  if (j.previous && j.previous !== j.target) {
    const old = j.previous;
    try {
      await waitDrained(c, old);
      await c.router.removeTarget(app, old);
      await c.runtime.stop(instanceName(app, old), appOptions(c.settings).stopTimeoutSeconds);
    } catch (e) {
      c.logger.warning(`${app}: ${j.target} is live, but retiring ${old} failed (it may still run, taking no traffic): ${errorMessage(e)}`);
    }
  }
  await recordHistory(c, 'live');
}

/** The blue-green post step: finish (`retired`) or undo from the saved phase. */
export function blueGreenRecovery(c: MachineContext): Recovery {
  return {
    recover: async () => {
      const phase = c.journal.phase;
      if (phase === 'retired') {
        await retire(c);
        await c.edge?.finish();
      } else {
        await undo(c, `the main step stopped in phase ${phase}`);
        await c.edge?.unprepare();
      }
    },
    leftBehind: () => {
      const j = c.journal.value;
      return j.target && j.candidateKind === 'new' && !['locked', 'pulled', 'reverted'].includes(j.phase) ? `; ${instanceName(c.settings.app, j.target)} may remain` : '';
    },
  };
}

/**
 * The post step after main was killed: from the saved phase, finish (`retired`) or undo, then free the
 * lease — but only while the lease is still this run's (else another deploy owns the host now).
 */
export const settle = (c: MachineContext): Promise<void> => settleWith(c, blueGreenRecovery(c));
