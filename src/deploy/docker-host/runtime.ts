import { peerText } from '../../log.js';
import { ipAddress } from '../../host-values.js';
import type { ContainerSpec, Docker } from '../engine/docker.js';
import type { RegistryAuth } from '../core/model.js';
import { RuntimeError } from '../core/edge-errors.js';
import type { Instance, Runtime } from '../core/runtime.js';
import type { InstanceSpec } from '../core/spec.js';
import type { VolumeMount } from '../../settings/app.js';

/** The Engine's container spec for a service spec: what `docker inspect` shows of an app instance. */
export function containerSpec(spec: InstanceSpec): ContainerSpec {
  const hostConfig: Record<string, unknown> = {
    RestartPolicy: { Name: 'unless-stopped' },
    NetworkMode: spec.network,
    // Init: an init process as PID 1 forwards SIGTERM, so apps that never expected to be PID 1 (busybox
    // httpd, node) stop when retired instead of after the whole stop timeout, and zombies are reaped.
    Init: true,
  };
  if (spec.volumes?.length) hostConfig.Mounts = spec.volumes.map(mount);
  if (spec.limits?.memoryBytes) hostConfig.Memory = spec.limits.memoryBytes;
  if (spec.limits?.cpus) hostConfig.NanoCpus = Math.round(spec.limits.cpus * 1e9);
  if (spec.log) hostConfig.LogConfig = { Type: spec.log.driver, Config: spec.log.options };
  return {
    ...(spec.stopTimeoutSeconds !== undefined && { StopTimeout: spec.stopTimeoutSeconds }),
    ...(spec.healthCmd && { Healthcheck: { Test: ['CMD-SHELL', spec.healthCmd], Interval: 2e9, Timeout: 10e9, Retries: 3 } }),
    Image: spec.image,
    Env: spec.env.map(([k, v]) => `${k}=${v}`),
    Labels: {
      ...spec.labels,
      'shipshape.app': spec.app,
      // `app` (not the spec's `web`): the label hosts already carry, which cleanup and users filter on.
      'shipshape.role': 'app',
      'shipshape.color': spec.color,
      'shipshape.image': spec.image,
    },
    HostConfig: hostConfig,
  };
}

function mount(v: VolumeMount): Record<string, unknown> {
  if (v.kind === 'tmpfs') return { Type: 'tmpfs', Target: v.target };
  return { Type: v.kind, Source: v.source, Target: v.target, ReadOnly: v.readOnly };
}

/** App instances as containers through the Engine API. */
export class EngineRuntime implements Runtime {
  constructor(
    private readonly docker: Docker,
    readonly platform: string,
  ) {}

  async pull(image: string, auth?: RegistryAuth, progress?: (line: string) => void): Promise<void> {
    await this.docker.pull(image, this.platform, auth, progress);
    const got = await this.docker.imagePlatform(image);
    if (!got?.startsWith(this.platform)) throw new RuntimeError(`pulled ${image} is ${got ? peerText(got) : 'missing'}, but the host is ${this.platform}`);
  }

  async create(spec: InstanceSpec): Promise<void> {
    await this.docker.remove(spec.name);
    const created = await this.docker.create(spec.name, containerSpec(spec), spec.platform);
    if (!created) throw new RuntimeError(`container ${spec.name} already exists and could not be replaced`);
    // One network at create (API < 1.44 takes one endpoint); the others joined before the start.
    for (const n of spec.networks ?? []) await this.docker.connectNetwork(n.name, spec.name, n.aliases);
  }

  start(name: string): Promise<void> {
    return this.docker.start(name);
  }

  async inspect(name: string): Promise<Instance | undefined> {
    const info = await this.docker.inspect(name);
    if (!info) return undefined;
    // The address on the router's network (the spec's `network`), not on a user network it also joined.
    const found = info.NetworkSettings.Networks?.[info.HostConfig?.NetworkMode ?? '']?.IPAddress || Object.values(info.NetworkSettings.Networks ?? {}).find((n) => n.IPAddress)?.IPAddress;
    return {
      name,
      running: info.State.Running,
      ...(info.State.Status && { status: info.State.Status }),
      exitCode: info.State.ExitCode,
      ...(info.State.OOMKilled && { oomKilled: true }),
      image: info.Config.Labels?.['shipshape.image'],
      // Read back from the engine and put into a runtime API line: it must be an address and nothing more.
      ...(found && { address: ipAddress(`the engine's inspect of ${name}`, found) }),
      ...(info.State.Health && { health: info.State.Health.Status }),
      ...(info.State.StartedAt && { startedAt: info.State.StartedAt }),
      restarts: info.RestartCount ?? 0,
    };
  }

  stop(name: string, graceSeconds: number): Promise<void> {
    return this.docker.stop(name, graceSeconds);
  }

  remove(name: string): Promise<void> {
    return this.docker.remove(name);
  }

  logs(name: string, tail: number): Promise<string[]> {
    return this.docker.logs(name, tail);
  }
}
