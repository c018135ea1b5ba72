/**
 * What one operation does inside the machine (blue-green.ts: colors behind an edge;
 * placements/swarm/run.ts: a Swarm service; teardown.ts: remove and renew). The machine owns what
 * they share: the lease, the journal, the failure → undo, freeing the lease and the error's shape.
 */
export interface Strategy extends Recovery {
  /** The lease outlives the longest this deploy (and its undo) may take. */
  leaseTtlMs: number;
  /** Under the lease, before the phases (the proxy); a failure there is undone as one in the phases. */
  setup?: () => Promise<void>;
  /** The phases, each entered in the journal before its work. */
  phases: () => Promise<void>;
  /** The undo of the journal's phase (idempotent); an UndoError keeps the lease for the post step. */
  undo: (reason: string) => Promise<void>;
}

/** What the post step does from a saved phase (under the run's own lease). */
export interface Recovery {
  /** Finish a passed deploy or undo from the saved phase. */
  recover: () => Promise<void>;
  /** When the lease is no longer the run's: what may remain on the host (appended to the warning). */
  leftBehind?: () => string;
}
