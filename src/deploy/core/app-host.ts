import type { InstanceSpec } from './spec.js';

/**
 * What a real app needs of its host besides running its instances (issue 13): existing networks,
 * its named volumes, one-off release containers and image pruning. Kept apart from Runtime so the
 * machine's fakes need none of it; the machine skips these steps when the context has no AppHost.
 */
export interface AppHost {
  networkExists(name: string): Promise<boolean>;
  /** Creates the named volume with `labels` if absent; an existing one is left as it is. */
  ensureVolume(name: string, labels: Record<string, string>): Promise<void>;
  /** Runs `spec` once with `cmd` (no restart), waits (bounded) and removes it: its exit code and output. */
  runOnce(spec: InstanceSpec, cmd: string[], timeoutMs: number): Promise<{ exitCode: number; lines: string[] }>;
  /** Removes the one-off container (undo after a kill mid-release); absent is fine. */
  removeOnce(name: string): Promise<void>;
  /** Removes a local image reference; `in-use` when a container still uses it. */
  removeImage(ref: string): Promise<'removed' | 'in-use' | 'absent'>;
}
