import { peerText } from '../log.js';
import { ipAddress } from '../validate.js';
import type { ContainerSpec, Docker, RegistryAuth } from './engine/docker.js';
import { RuntimeError } from './edge-errors.js';
import type { Instance, Runtime } from './runtime.js';
import type { ServiceSpec } from './spec.js';

/** The Engine's container spec for a service spec: what `docker inspect` shows of an app instance. */
export function containerSpec(spec: ServiceSpec): ContainerSpec {
  if (spec.networks?.length) throw new RuntimeError(`${spec.name}: extra networks (${spec.networks.join(', ')}) are not supported by the container runtime yet`);
  const hostConfig: Record<string, unknown> = {
    RestartPolicy: { Name: 'unless-stopped' },
    NetworkMode: spec.network,
    // Init: an init process as PID 1 forwards SIGTERM, so apps that never expected to be PID 1 (busybox
    // httpd, node) stop when retired instead of after the whole stop timeout, and zombies are reaped.
    Init: true,
  };
  if (spec.volumes?.length) hostConfig.Mounts = spec.volumes.map((v) => ({ Type: 'volume', Source: v.source, Target: v.target, ReadOnly: v.readOnly ?? false }));
  if (spec.limits?.memoryBytes) hostConfig.Memory = spec.limits.memoryBytes;
  if (spec.limits?.cpus) hostConfig.NanoCpus = Math.round(spec.limits.cpus * 1e9);
  return {
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

/** App instances as containers through the Engine API. */
export class EngineRuntime implements Runtime {
  constructor(
    private readonly docker: Docker,
    readonly platform: string,
  ) {}

  async pull(image: string, auth?: RegistryAuth): Promise<void> {
    await this.docker.pull(image, this.platform, auth);
    const got = await this.docker.imagePlatform(image);
    if (!got?.startsWith(this.platform)) throw new RuntimeError(`pulled ${image} is ${got ? peerText(got) : 'missing'}, but the host is ${this.platform}`);
  }

  async create(spec: ServiceSpec): Promise<void> {
    await this.docker.remove(spec.name);
    const created = await this.docker.create(spec.name, containerSpec(spec), spec.platform);
    if (!created) throw new RuntimeError(`container ${spec.name} already exists and could not be replaced`);
  }

  start(name: string): Promise<void> {
    return this.docker.start(name);
  }

  async inspect(name: string): Promise<Instance | undefined> {
    const info = await this.docker.inspect(name);
    if (!info) return undefined;
    const found = Object.values(info.NetworkSettings.Networks ?? {}).find((n) => n.IPAddress)?.IPAddress;
    return {
      name,
      running: info.State.Running,
      exitCode: info.State.ExitCode,
      image: info.Config.Labels?.['shipshape.image'],
      // Read back from the engine and put into a runtime API line: it must be an address and nothing more.
      ...(found && { address: ipAddress(`the engine's inspect of ${name}`, found) }),
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
