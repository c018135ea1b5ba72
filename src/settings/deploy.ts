import type { Reference } from '../oci/reference.js';
import { readAppOptions, type AppOptions } from './app.js';
import { parseAppName } from './app-name.js';
import { defaultImageName } from './build.js';
import { readCommand } from './command.js';
import { readModeInputs, type ModeSettings } from './deploy-mode.js';
import { InputError, parseInteger, parseKeyValues, parsePublishedPort, type InputReader, type KeyValue } from './parsers.js';
import { readRouteSettings, type RouteSettings } from './route.js';
import { imageReference, socketPath, urlPath } from './values.js';
import { MIN_SECRET_LENGTH } from '../secret-forms.js';

// The deploy inputs (both entries): the Docker host and how to reach it, the app, its gate and its
// place — the app's own proxy, the host proxy (`hosts`) or a Swarm service (deploy-mode).

export type DeployHost =
  | { kind: 'ssh'; user: string; host: string; port: number; text: string }
  | { kind: 'tcp'; host: string; port: number; text: string }
  | { kind: 'unix'; path: string; text: string };

export interface DeploySettings {
  host: DeployHost;
  sshPrivateKey?: string;
  sshKnownHosts?: string;
  dockerSocket: string;
  /** deploy-host tcp://: the Docker engine's client TLS (docker-tls-ca, docker-tls-cert, docker-tls-key; all three, checked when read). Not `route.tls` (HTTPS). */
  engineTls?: EngineTls;
  app: string;
  containerPort: number;
  publicPort: { address?: string; port: number };
  healthPath: string;
  healthTimeoutSeconds: number;
  proxyImage: string;
  env: KeyValue[];
  soakSeconds: number;
  rollback: boolean;
  historyLimit: number;
  /** Volumes, networks, limits, logs, release command, role (app.ts); absent means the defaults. */
  service: AppOptions;
  /** `hosts` given: routed on the host-wide proxy (route.ts) instead of the app's own on `public-port`. */
  route?: RouteSettings;
  /** `remove: true`: tear the app down (containers, route, certificate, state) instead of deploying. */
  remove?: boolean;
  /** deploy-mode and replicas (deploy-mode.ts); absent means auto. */
  modes?: ModeSettings;
  /** `renew: true`: renew the host proxy's due ACME certificates and do nothing else. */
  renew?: boolean;
}

/** The client certificate and the CA a tcp:// engine is reached with (mutual TLS). */
export interface EngineTls {
  ca: string;
  cert: string;
  key: string;
}

/** `ssh://user@host[:port]`, `tcp://host:port`, `unix:///path`. */
export function parseDeployHost(text: string): DeployHost {
  const t = text.trim();
  const fail = (why: string) => new InputError('deploy-host', `"${t}" ${why}`);
  if (t.startsWith('unix://')) {
    const p = t.slice('unix://'.length);
    if (!p.startsWith('/')) throw fail('must name an absolute socket path, e.g. unix:///var/run/docker.sock');
    return { kind: 'unix', path: p, text: t };
  }
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    throw fail('is not a URL (expected ssh://user@host[:port], tcp://host:port or unix:///path)');
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw fail('has no host');
  if (url.password) throw fail('must not contain a password (use ssh-private-key)');
  if (url.protocol === 'ssh:') {
    const user = decodeURIComponent(url.username);
    if (!user) throw fail('has no user (expected ssh://user@host[:port])');
    return { kind: 'ssh', user, host, port: url.port ? Number(url.port) : 22, text: t };
  }
  if (url.protocol === 'tcp:') {
    if (!url.port) throw fail('has no port (expected tcp://host:port)');
    return { kind: 'tcp', host, port: Number(url.port), text: t };
  }
  throw fail(`has unsupported scheme "${url.protocol}" (use ssh://, tcp:// or unix://)`);
}

/** tcp:// needs mutual TLS: decided by the inputs alone, so refused when they are read. */
function readEngineTls(get: InputReader, host: DeployHost, key: string | undefined): EngineTls {
  const ca = get('docker-tls-ca');
  const cert = get('docker-tls-cert');
  if (!ca || !cert || !key) {
    throw new InputError('deploy-host', `${host.text} needs docker-tls-ca, docker-tls-cert and docker-tls-key (the engine's client TLS: it must verify the client and be verified)`);
  }
  return { ca, cert, key };
}

/** What the deploy inputs take from the build's: its `expose` (the build entry's), and where to say what was chosen. */
export interface FromBuild {
  expose: string[];
  notes: string[];
}

/** The fallback of an empty `container-port` when `expose` does not name one TCP port. */
export const FALLBACK_CONTAINER_PORT = 8080;

/** `container-port`, else the one TCP port in `expose`, else 8080; `notes` says which and why. */
export function readContainerPort(text: string, expose: string[], notes: string[]): number {
  if (text.trim() !== '') return parseInteger('container-port', text, 1, 65535);
  const tcp = expose.filter((p) => p.endsWith('/tcp'));
  if (tcp.length === 1) {
    notes.push(`container-port: ${parseInt(tcp[0]!, 10)} (the one TCP port in expose; set container-port to choose another)`);
    return parseInt(tcp[0]!, 10);
  }
  const why = tcp.length === 0 ? 'expose lists no TCP port' : `expose lists ${tcp.length} TCP ports (${tcp.join(', ')}): set container-port to choose`;
  notes.push(`container-port: ${FALLBACK_CONTAINER_PORT} (the default; ${why})`);
  return FALLBACK_CONTAINER_PORT;
}

/** The deploy inputs, or undefined without `deploy-host` (`get` reads empty inputs as declared); `secrets` gets the secret ones. */
export function readDeploySettings(get: InputReader, image: Reference, secrets: string[], fromBuild: FromBuild = { expose: [], notes: [] }): DeploySettings | undefined {
  const hostText = get('deploy-host');
  if (!hostText) return undefined;
  const host = parseDeployHost(hostText);
  const sshPrivateKey = get('ssh-private-key') || undefined;
  const tlsKey = get('docker-tls-key') || undefined;
  const env = parseKeyValues('deploy-env', get('deploy-env'), true);
  if (sshPrivateKey) secrets.push(sshPrivateKey);
  if (tlsKey) secrets.push(tlsKey);
  for (const [, v] of env) if (v.length >= MIN_SECRET_LENGTH) secrets.push(v);
  if (host.kind === 'ssh' && !sshPrivateKey) throw new InputError('ssh-private-key', `is required for ${host.text}`);
  if (host.kind === 'ssh' && !get('ssh-known-hosts')) {
    throw new InputError('ssh-known-hosts', `is required for ${host.text} (the host key is always checked)`);
  }
  const app = parseAppName(get('app') || defaultImageName(image), !get('app'));
  const healthPath = urlPath('health-path', get('health-path'));
  const route = readRouteSettings(get, secrets);
  const command = readCommand(get);
  const [remove, rollback, renew] = [command === 'remove', command === 'rollback', command === 'renew'];
  const service = readAppOptions(get, get('workdir'));
  const portNotes: string[] = [];
  const containerPort = readContainerPort(get('container-port'), fromBuild.expose, portNotes);
  // said only where a port is used: a web app deployed or rolled back
  if (service.role === 'web' && !remove && !renew) fromBuild.notes.push(...portNotes);
  const engineTls = host.kind === 'tcp' ? readEngineTls(get, host, tlsKey) : undefined;
  return {
    host,
    sshPrivateKey,
    sshKnownHosts: get('ssh-known-hosts') || undefined,
    dockerSocket: socketPath('docker-socket', get('docker-socket')),
    ...(engineTls && { engineTls }),
    app,
    containerPort,
    publicPort: parsePublishedPort('public-port', get('public-port')),
    healthPath,
    healthTimeoutSeconds: parseInteger('health-timeout-seconds', get('health-timeout-seconds'), 1, 3600),
    proxyImage: imageReference('proxy-image', get('proxy-image')),
    env,
    soakSeconds: parseInteger('soak-seconds', get('soak-seconds'), 0, 3600),
    rollback,
    historyLimit: parseInteger('history-limit', get('history-limit'), 1, 1000),
    service,
    ...(route && { route }),
    ...(remove && { remove }),
    modes: readModeInputs(get),
    ...(renew && { renew }),
  };
}

/**
 * What the inputs rule out for where the app lives, once every input is read (so the deploy never
 * meets it). What needs the engine — deploy-mode auto on a swarm manager or not — is checked by the
 * deploy (placements/swarm/run.ts, swarmMode) with the same rules (deploy-mode.ts, refuseForMode).
 */
export function refusePlacement(d: DeploySettings): void {
  if (d.route && d.service.role === 'worker' && !d.remove && !d.renew) throw new InputError('hosts', 'is set, but role is worker: a worker has no route');
}
