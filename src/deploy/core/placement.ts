import type { Recovery, Strategy } from './strategy.js';
import type { CertificateStatus, RegistryAuth } from './model.js';
import type { Color } from './color.js';
import type { Router } from './router.js';

/** What a deploy or rollback asks of a placement. */
export interface Plan {
  kind: 'deploy' | 'rollback';
  /** deploy: repo@sha256:… to put live. */
  image?: string;
  registryAuth?: RegistryAuth;
  platformManifests?: { platform: string; digest: string }[];
}

/**
 * One place an app lives — its own proxy, the host proxy, no route (a worker), a Swarm — chosen once
 * from the settings (placements/choose.ts). It gives the machine (machine.ts) the strategy of each
 * operation: a deploy or rollback (the blue-green strategy over the placement's edge, or a Swarm
 * update), the post step's recovery, a teardown, and a renewal of the certificates it keeps.
 */
export interface Placement {
  /** For messages: where the app is reached (its proxy, the host proxy, the swarm of …). */
  readonly where: string;
  deploy(plan: Plan): Promise<Strategy>;
  /** The post step: finish or undo a deploy or rollback from its saved journal. */
  recovery(): Recovery;
  /** The app's teardown (route first, then its instances); idempotent. `removed` lists what went. */
  remove(removed: string[]): Promise<void>;
  /** Due certificates renewed (none where the placement keeps none). */
  renew(): Promise<CertificateStatus[]>;
}

/**
 * The shared edge of a container placement: what stands between the app's colors and its traffic. The
 * blue-green strategy drives it: `prepare` under the lease, then the router's gate and switch, then
 * `finish` once the deploy went live, or `unprepare` after the machine's undo. What it changes at the
 * edge it records in the journal's `edge`, so the post step can undo it too.
 */
export interface Edge {
  /** For messages: the proxy or network the app is reached through. */
  readonly where: string;
  /** What `prepare` may take beyond the machine's own waits (an ACME order): the lease lives that much longer. */
  readonly leaseBudgetMs: number;
  /** What is missing when the app was never deployed here (a rollback needs it), else undefined; changes nothing. */
  notDeployed(app: string): Promise<string | undefined>;
  /** Under the lease, before the candidate: what the candidate needs of the edge, leaving what it serves as it is. */
  prepare(live: Color | undefined): Promise<void>;
  /** After prepare: the edge changes at the switch (so the same image again is not a no-op). */
  readonly changesEdge: boolean;
  readonly router: Router;
  /** The undo of prepare (idempotent, from the journal): after the machine's own undo. */
  unprepare(): Promise<void>;
  /** After the deploy went live: what was kept for an undo is dropped. */
  finish(): Promise<void>;
  /** Teardown: the app's route leaves the edge (before its instances go). */
  detach(removed: string[]): Promise<void>;
}
