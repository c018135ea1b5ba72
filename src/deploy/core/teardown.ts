import type { DriveContext } from './context.js';
import type { Strategy } from './strategy.js';
import type { CertificateStatus } from './model.js';

/** A teardown's lease: container removals and a few waits for Swarm tasks to stop. */
const REMOVE_LEASE_MS = 300_000;

/**
 * `remove: true` as the machine runs it, under the app's lease: the placement's teardown (its route
 * first, so no request reaches what is being removed; then its instances), then the app's host state.
 * Forward only: what is gone stays gone, and a killed remove is completed by the post step (every
 * step is idempotent).
 */
export function removal(c: DriveContext, teardown: (removed: string[]) => Promise<void>): Strategy & { removed: string[] } {
  const removed: string[] = [];
  const work = async () => {
    c.journal.enter('removing');
    await teardown(removed);
    removed.push(...(await c.store.forget(c.settings.app)));
  };
  return { removed, leaseTtlMs: REMOVE_LEASE_MS, phases: work, undo: async () => {}, recover: work };
}

/**
 * `renew: true` as the machine runs it, under the host's renewal lease (one renewal at a time; each
 * certificate is loaded under the host-wide lock). Nothing to undo: a certificate is loaded atomically
 * or not at all, so the post step only frees the lease.
 */
export function renewal(c: DriveContext, renew: () => Promise<CertificateStatus[]>, leaseTtlMs: number): Strategy & { statuses: CertificateStatus[] } {
  const statuses: CertificateStatus[] = [];
  return {
    statuses,
    leaseTtlMs,
    phases: async () => {
      c.journal.enter('renewing');
      statuses.push(...(await renew()));
    },
    undo: async () => {},
    recover: async () => {},
  };
}
