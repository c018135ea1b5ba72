import type { HostState } from './host-state.js';

/**
 * What the host remembers about an app — its lease, live color, colors and history — apart from the
 * proxy, so a shared proxy or another runtime does not change where it lives. Today: a named volume
 * behind a never-started container (docker-host/store.ts).
 */
export interface HostStore {
  read(app: string): Promise<HostState>;
  write(app: string, state: HostState): Promise<void>;
  acquireLease(o: { app: string; owner: LeaseOwner; ttlMs: number; waitMs: number; now: () => number; pollMs?: number; reclaimOwn?: boolean }): Promise<Lease>;
  /** Whether `holder` holds the app's lease now (a post step undoes only under its own lease). */
  holds(app: string, holder: string): Promise<boolean>;
  /** Releases the lease only if `holder` still holds it. */
  releaseLease(app: string, holder: string): Promise<void>;
  /** Removes everything the host remembers of the app (its lease stays the caller's); what was there, for the log. */
  forget(app: string): Promise<string[]>;
}

export interface LeaseOwner {
  id: string;
  runUrl?: string;
  actor?: string;
}

export interface Lease {
  name: string;
  holder: string;
  waitedMs: number;
  /** Description of an expired lease this deploy broke. */
  broken?: string;
}
