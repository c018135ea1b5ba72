import type { Logger, Masker } from '../../log.js';
import type { Color } from './color.js';
import type { DeployJournal } from './journal.js';


export interface RegistryAuth {
  username: string;
  password: string;
  serveraddress: string;
}

/** What the deploy's result and record say about the app's route on the host proxy. */
export interface RouteResult {
  hosts: string[];
  pathPrefix?: string;
  tls: 'off' | 'provided' | 'acme';
  proxy: string;
  /** The app's routes, check or TLS change at the switch by a hitless reload (else: runtime API only). */
  reloaded: boolean;
  certificate?: { names: string[]; notAfter: string };
}

/** One ACME certificate after a deploy or `renew`: what was done and how long it lasts. */
export interface CertificateStatus {
  app: string;
  names: string[];
  /** ISO 8601. */
  notAfter: string;
  daysLeft: number;
  /** `obtained` (first order), `renewed` (was due or its names changed), `reused` (stored one kept), `failed`. */
  action: 'obtained' | 'renewed' | 'reused' | 'failed';
  error?: string;
}

export interface DeployRequest {
  /** repo@sha256:… (index or manifest digest), always by digest. */
  image: string;
  /** Sent as X-Registry-Auth on the pull. */
  registryAuth?: { username: string; password: string; serveraddress: string };
  owner: { id: string; runUrl?: string; actor?: string };
  logger: Logger;
  mask: Masker;
  /** Called (synchronously) as each phase is entered, so the post step can finish or undo after a kill. */
  saveState?: (journal: DeployJournal) => void;
  now?: () => number;
  /**
   * The index's per-platform manifest digests (from the push), so the record can say which one
   * the host pulled: the engine does not report it.
   */
  platformManifests?: { platform: string; digest: string }[];
}

export interface HealthAttempt {
  at: string;
  ms: number;
  ok: boolean;
  detail: string;
}

export interface DeployResult {
  noop: boolean;
  color: Color;
  previousColor?: Color;
  from?: { color: Color; digest: string };
  to: { color: Color; digest: string };
  pulledPlatformDigest?: string;
  platform?: string;
  host: string;
  engineVersion: string;
  app: string;
  lock: { holder?: string; waitedMs: number; broken?: string };
  health: { attempts: HealthAttempt[] };
  switchMs?: number;
  soak?: { seconds: number; probes: number; failures: number; ok: boolean };
  rollbackReason?: string;
  timings: Record<'pull' | 'health' | 'switch' | 'soak', number>;
  /** The release command and how it ended (issue 13). */
  release?: { command: string[]; exitCode?: number; ms?: number };
  /** A worker's readiness: by its HEALTHCHECK or by staying up for `ready-seconds`. */
  ready?: { by: 'healthcheck' | 'running'; ms: number };
  /** Image pruning after the deploy: kept (last `retain` live deploys), removed, and kept because a container uses it. */
  images?: { retain: number; retained: string[]; pruned: string[]; inUse: string[] };
  /** An app with `hosts`: its route on the host proxy and the `url` output (issue 12). */
  route?: RouteResult & { url: string };
  /** deploy-mode swarm (issue 14): the service and its tasks after the update. */
  swarm?: SwarmRecord;
}

/** What the record holds of a swarm deploy: the service, its version and replicas, and per task its node and image. */
export interface SwarmRecord {
  service_id: string;
  version: number;
  replicas: number;
  update_state: string;
  update_ms: number;
  tasks: { id: string; node: string; node_address?: string; node_platform: string; image: string; platform_digest?: string; state: string }[];
}

