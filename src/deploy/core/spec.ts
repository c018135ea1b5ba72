import type { AppOptions, VolumeMount } from '../../settings/app.js';
import type { DeploySettings } from '../../settings/index.js';
import type { Color } from './color.js';

/** The Docker network a host's proxies reach the apps' instances on. */
export const NETWORK = 'shipshape';

/** The host name of one app instance: `<app>-<color>` (what users read with `docker logs`). */
export const instanceName = (app: string, color: Color) => `${app}-${color}`;

/**
 * One app instance as the deploy wants it, independent of how a runtime runs it. The Engine runtime
 * writes a container spec from it; a Swarm runtime would write a service spec. `volumes`,
 * `networks`, `limits` and `role` are the room later options grow into.
 */
export interface InstanceSpec {
  name: string;
  app: string;
  color: Color;
  /** `web` takes traffic through the router; a `worker` has no port and no route. */
  role: 'web' | 'worker';
  /** repo@sha256:… */
  image: string;
  platform?: string;
  env: [string, string][];
  /** The port the app listens on inside its instance. */
  port: number;
  labels: Record<string, string>;
  health: { path: string; timeoutSeconds: number };
  /** The network the router reaches instances on. */
  network: string;
  volumes?: VolumeMount[];
  /** Extra (existing) networks besides `network`, with the instance's aliases on each. */
  networks?: { name: string; aliases: string[] }[];
  limits?: { memoryBytes?: number; cpus?: number };
  log?: { driver: string; options: Record<string, string> };
  /** Seconds between SIGTERM and SIGKILL when the instance is stopped. */
  stopTimeoutSeconds?: number;
  /** A worker's health command (Docker HEALTHCHECK, CMD-SHELL), overriding the image's. */
  healthCmd?: string;
}

/** The app's options from the settings. */
export const appOptions = (s: DeploySettings): AppOptions => s.service;

export function instanceSpec(
  s: DeploySettings,
  o: { color: Color; image: string; platform: string; network: string; owner: { id: string; runUrl?: string } },
): InstanceSpec {
  const app = appOptions(s);
  return {
    name: instanceName(s.app, o.color),
    app: s.app,
    color: o.color,
    role: app.role,
    image: o.image,
    platform: o.platform,
    env: s.env.map(([k, v]) => [k, v]),
    port: s.containerPort,
    labels: { 'shipshape.deployed-by': o.owner.id, ...(o.owner.runUrl && { 'shipshape.run-url': o.owner.runUrl }) },
    health: { path: s.healthPath, timeoutSeconds: s.healthTimeoutSeconds },
    network: o.network,
    volumes: app.volumes,
    networks: app.networks,
    limits: { memoryBytes: app.memoryBytes, cpus: app.cpus },
    log: app.log,
    stopTimeoutSeconds: app.stopTimeoutSeconds,
    ...(app.healthCmd && { healthCmd: app.healthCmd }),
  };
}
