import { containerSpec } from './runtime.js';
import type { Docker } from '../engine/docker.js';
import type { AppHost } from '../core/app-host.js';
import type { InstanceSpec } from '../core/spec.js';

export class EngineAppHost implements AppHost {
  constructor(private readonly docker: Docker) {}

  networkExists(name: string): Promise<boolean> {
    return this.docker.networkExists(name);
  }

  async ensureVolume(name: string, labels: Record<string, string>): Promise<void> {
    // POST /volumes/create returns the existing volume unchanged when the name is taken.
    await this.docker.ensureVolume(name, labels);
  }

  async runOnce(spec: InstanceSpec, cmd: string[], timeoutMs: number): Promise<{ exitCode: number; lines: string[] }> {
    const base = containerSpec(spec);
    await this.docker.remove(spec.name);
    const created = await this.docker.create(
      spec.name,
      { ...base, Cmd: cmd, Labels: { ...base.Labels, 'shipshape.role': 'release' }, HostConfig: { ...base.HostConfig, RestartPolicy: { Name: 'no' } } },
      spec.platform,
    );
    if (!created) throw new Error(`container ${spec.name} already exists and could not be replaced`);
    try {
      // Without the app's aliases: a peer calling the app by its alias must never reach the release.
      for (const n of spec.networks ?? []) await this.docker.connectNetwork(n.name, spec.name, []);
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
