import { containerSpec } from './runtime.js';
import type { Docker } from '../engine/docker.js';
import type { ServiceSpec } from '../core/spec.js';

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
  runOnce(spec: ServiceSpec, cmd: string[], timeoutMs: number): Promise<{ exitCode: number; lines: string[] }>;
  /** Removes the one-off container (undo after a kill mid-release); absent is fine. */
  removeOnce(name: string): Promise<void>;
  /** Removes a local image reference; `in-use` when a container still uses it. */
  removeImage(ref: string): Promise<'removed' | 'in-use' | 'absent'>;
}

export class EngineAppHost implements AppHost {
  constructor(private readonly docker: Docker) {}

  networkExists(name: string): Promise<boolean> {
    return this.docker.networkExists(name);
  }

  async ensureVolume(name: string, labels: Record<string, string>): Promise<void> {
    // POST /volumes/create returns the existing volume unchanged when the name is taken.
    await this.docker.ensureVolume(name, labels);
  }

  async runOnce(spec: ServiceSpec, cmd: string[], timeoutMs: number): Promise<{ exitCode: number; lines: string[] }> {
    const base = containerSpec(spec);
    await this.docker.remove(spec.name);
    const created = await this.docker.create(
      spec.name,
      { ...base, Cmd: cmd, Labels: { ...base.Labels, 'shipshape.role': 'release' }, HostConfig: { ...base.HostConfig, RestartPolicy: { Name: 'no' } } },
      spec.platform,
    );
    if (!created) throw new Error(`container ${spec.name} already exists and could not be replaced`);
    try {
      for (const n of spec.networks ?? []) await this.docker.connectNetwork(n.name, spec.name, n.aliases);
      await this.docker.start(spec.name);
      let exitCode: number;
      try {
        exitCode = await this.docker.wait(spec.name, timeoutMs);
      } catch (e) {
        throw new Error(`did not finish within ${Math.round(timeoutMs / 1000)} s (${(e as Error).message}); it was removed`, { cause: e });
      }
      return { exitCode, lines: await this.docker.logs(spec.name, 2000) };
    } finally {
      await this.docker.remove(spec.name).catch(() => {});
    }
  }

  removeOnce(name: string): Promise<void> {
    return this.docker.remove(name);
  }

  removeImage(ref: string): Promise<'removed' | 'in-use' | 'absent'> {
    return this.docker.removeImage(ref);
  }
}
