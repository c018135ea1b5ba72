import { errorMessage } from '../../log.js';
import type { Recovery, Strategy } from './strategy.js';
import type { DriveContext } from './context.js';
import { DeployError, UndoError, type PhaseName } from './errors.js';
import type { JournalKind } from './journal.js';
import { failureWords } from './failure-words.js';
import type { DeployResult } from './model.js';


/**
 * The deploy as a state machine with the host's lease: a failure in any phase runs that phase's undo
 * before the lease is freed. The invariant: a deploy that did not succeed leaves the previously live
 * version serving and frees the lease; one that succeeded leaves the new version serving.
 */
export async function drive(c: DriveContext, kind: JournalKind, strategy: Strategy): Promise<DeployResult> {
  const r = c.result;
  try {
    // Waiting as long as the lease lives means a holder that died without its post step is always recovered by the next deploy.
    const lease = await c.store.acquireLease({ app: leaseOf(c), owner: c.owner, ttlMs: strategy.leaseTtlMs, waitMs: strategy.leaseTtlMs, now: c.now });
    r.lock = { holder: lease.holder, waitedMs: lease.waitedMs, ...(lease.broken && { broken: lease.broken }) };
    if (lease.broken) c.logger.warning(`Broke an ${lease.broken}`);
  } catch (e) {
    // The journal stays `locked`: if the lease was taken after all, the post step frees it.
    throw failed(c, kind, 'locked', e);
  }
  try {
    await strategy.setup?.();
    await strategy.phases();
  } catch (e) {
    const phase = c.journal.phase;
    const failure = failed(c, kind, phase, e);
    try {
      await strategy.undo(errorMessage(e));
    } catch (u) {
      // The lease stays ours, so the post step retries the undo from `reverting` under it.
      const undone = failed(c, kind, phase, e, { undone: false });
      throw new DeployError(`${undone.message}; then ${errorMessage(u)} (the post step retries)`, failure.result, { cause: u instanceof UndoError ? e : u, phase });
    }
    await freeLease(c);
    throw failure;
  }
  await freeLease(c);
  return r;
}

/** The lease a run holds: the app's own, or the one its journal names (`renew`). */
const leaseOf = (c: DriveContext) => c.journal.value.lease ?? c.settings.app;

/** The error the step ends with: what failed in the user's words (failure-words.ts); the phase stays on it for the record. */
function failed(c: DriveContext, kind: JournalKind, phase: PhaseName, e: unknown, o: { undone?: boolean } = {}): DeployError {
  const r = c.result;
  const j = c.journal.value;
  // The live color did not change: that is what the record and outputs must say.
  if (j.previous && phase !== 'retired') r.color = j.previous;
  const result = e instanceof DeployError && e.result ? { ...e.result, color: r.color } : r;
  const { what, after } = failureWords(kind, c.settings.app, phase, j.previous ?? (j.swarm && !j.swarm.created ? 'the previous spec' : undefined));
  const head = `${kind} of ${c.settings.app}: ${what}${after && o.undone !== false ? `; ${after}` : ''}`;
  return new DeployError(`${head}: ${errorMessage(e)}`, result, { cause: e, phase });
}

async function freeLease(c: DriveContext): Promise<void> {
  try {
    await c.store.releaseLease(leaseOf(c), c.owner.id);
    c.journal.enter('done');
  } catch (e) {
    // The journal stays in its phase: the post step tries again; else the lease expires by itself.
    c.logger.warning(`Could not release the deploy lock of ${c.settings.app} (the post step tries again): ${errorMessage(e)}`);
  }
}

/**
 * The post step after main stopped: from the saved phase, finish or undo, then free the lease — but only
 * while the lease is still this run's (else another deploy owns the host now).
 */
export async function settleWith(c: DriveContext, recovery: Recovery): Promise<void> {
  const j = c.journal.value;
  const app = leaseOf(c);
  if (j.phase === 'done') return;
  if (!(await c.store.holds(app, j.holder))) {
    if (j.phase === 'locked') return; // killed before (or while) taking the lease: nothing was done
    c.logger.warning(`The ${j.kind === 'renew' ? 'renewal' : 'deploy'} lease of ${app} is no longer this run's (expired and taken, or released): left the host as it is (phase ${j.phase})${recovery.leftBehind?.() ?? ''}`);
    return;
  }
  await recovery.recover();
  await c.store.releaseLease(app, j.holder);
  c.journal.enter('done');
  c.logger.info(`Released the ${j.kind === 'renew' ? 'renewal' : 'deploy'} lock of ${app}`);
}
