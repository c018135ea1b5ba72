import type { Logger, Masker } from '../log.js';
import type { Color } from './haproxy.js';

export interface DeployRequest {
  /** repo@sha256:… (index or manifest digest), always by digest. */
  image: string;
  /** Sent as X-Registry-Auth on the pull. */
  registryAuth?: { username: string; password: string; serveraddress: string };
  owner: { id: string; runUrl?: string; actor?: string };
  logger: Logger;
  mask: Masker;
  /** Called as the deploy moves on, so the post step can clean up after a kill. */
  saveState?: (state: DeployProgress) => void;
  now?: () => number;
  /**
   * The index's per-platform manifest digests (from the push), so the record can say which one
   * the host pulled: the engine does not report it.
   */
  platformManifests?: { platform: string; digest: string }[];
}

export interface DeployProgress {
  app: string;
  lockHeld: boolean;
  /** Lease holder id, so the post step releases only our own lease. */
  holder?: string;
  /** Container name that never went live. */
  candidate?: string;
  switched: boolean;
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
}

/** A failed deploy or rollback; `result` carries what happened (health results, last log lines). */
export class DeployError extends Error {
  constructor(
    message: string,
    readonly result?: Partial<DeployResult> & { lastLogLines?: string[] },
  ) {
    super(message);
    this.name = 'DeployError';
  }
}
