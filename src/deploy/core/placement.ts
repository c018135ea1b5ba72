import type { Color } from './model.js';
import type { Router } from './router.js';

/**
 * Where a container app lives and how its traffic reaches it: its own proxy, the host proxy, or no
 * route (a worker). The blue-green machine drives it: `prepare` under the lease, then the router's gate
 * and switch, then `finish` once the deploy went live, or `unprepare` after the machine's undo. What
 * it changes at its shared edge it records in the journal's `edge`, so the post step can undo it too.
 */
export interface Placement {
  /** For messages: the proxy or network the app is reached through. */
  readonly where: string;
  /** What `prepare` may take beyond the machine's own waits (an ACME order): the lease lives that much longer. */
  readonly leaseBudgetMs: number;
  /** Whether the app was deployed here (a rollback needs it); changes nothing. */
  carries(app: string): Promise<boolean>;
  /** Under the lease, before the candidate: what the candidate needs of the edge, leaving what it serves as it is. */
  prepare(live: Color | undefined): Promise<void>;
  /** After prepare: the edge changes at the switch (so the same image again is not a no-op). */
  readonly changesEdge: boolean;
  readonly router: Router;
  /** The undo of prepare (idempotent, from the journal): after the machine's own undo. */
  unprepare(): Promise<void>;
  /** After the deploy went live: what was kept for an undo is dropped. */
  finish(): Promise<void>;
}
