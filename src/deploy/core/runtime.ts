import type { RegistryAuth } from './model.js';
import type { InstanceSpec } from './spec.js';

/** What a runtime reports of one instance. */
export interface Instance {
  name: string;
  running: boolean;
  /** The engine's state word (`running`, `restarting`, `exited`, …) when it has one. */
  status?: string;
  /** The last exit code (while restarting: the exit that caused the restart). */
  exitCode: number;
  /** Killed for going over its memory limit. */
  oomKilled?: boolean;
  /** The image the deploy started it from (repo@sha256:…), from its own labels. */
  image?: string;
  /** Where the router reaches it on the spec's network. */
  address?: string;
  /** Docker HEALTHCHECK status (`starting`, `healthy`, `unhealthy`) when the instance has one. */
  health?: string;
  startedAt?: string;
  restarts?: number;
}

/**
 * Runs app instances on one host: today containers through the Engine API (docker-host/runtime.ts); a
 * Swarm runtime (services) can stand beside it. Health gating is the router's active check, so a
 * runtime only says whether an instance still runs (or exited, or restart-loops).
 */
export interface Runtime {
  /** `os/arch` of the host. */
  readonly platform: string;
  /** Makes `image` available for the host's platform; fails when the registry has no such variant. `progress`: a few lines on how it goes. */
  pull(image: string, auth?: RegistryAuth, progress?: (line: string) => void): Promise<void>;
  /** Creates the instance, replacing one of the same name. */
  create(spec: InstanceSpec): Promise<void>;
  start(name: string): Promise<void>;
  inspect(name: string): Promise<Instance | undefined>;
  /** Stops it (kept, for rollback); absent is fine. */
  stop(name: string, graceSeconds: number): Promise<void>;
  /** Removes it; absent is fine. */
  remove(name: string): Promise<void>;
  logs(name: string, tail: number): Promise<string[]>;
}
