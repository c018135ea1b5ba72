import * as os from 'node:os';
import * as path from 'node:path';
import { parseLeveledAnnotation, type LeveledAnnotation } from '../oci/annotations.js';
import { parsePlatform, platformKey, type Platform } from '../oci/platform.js';
import { isValidTag, parseReference, repositoryName, type Reference } from '../oci/reference.js';
import { readModeInputs, type ModeSettings } from './deploy-mode.js';
import { readAppOptions, type AppOptions } from './app.js';
import { MIN_SECRET_LENGTH } from '../secret-forms.js';
import { absolutePath, imageReference, registryHostName, socketPath, urlPath } from './values.js';
import { InputError, parseBool, parseCommand, parseInteger, parseKeyValues, parseList, parsePublishedPort, type KeyValue } from './parsers.js';
import { readRouteSettings, type RouteSettings } from './route.js';
import { parseAppName } from './app-name.js';

export { parsePublishedPort };

export { InputError, parseCommand, parseKeyValues, parseList, type KeyValue } from './parsers.js';


export interface BuildSettings {
  /** Absolute path of the build context. */
  context: string;
  image: Reference;
  /** Tag names (not full refs) to push besides the fingerprint tag. */
  tags: string[];
  /** Base image reference, or undefined for scratch. */
  base?: Reference;
  baseText?: string;
  platforms: Platform[];
  workdir: string;
  entrypoint?: string[];
  cmd?: string[];
  env: KeyValue[];
  labels: KeyValue[];
  /** In input order; each names its level(s) (`index:`, `manifest[linux/arm64]:`, …); a later one wins. */
  annotations: LeveledAnnotation[];
  /** Ports as `PORT/proto`. */
  expose: string[];
  user?: string;
  layers: string[];
  platformFiles: { platform: Platform; dir: string }[];
  ignoreFile: string;
  push: boolean;
  ociLayout: string;
  cache: boolean;
  cacheDir: string;
}

export interface RegistrySettings {
  username?: string;
  password?: string;
  insecure: string[];
}

export type DeployHost =
  | { kind: 'ssh'; user: string; host: string; port: number; text: string }
  | { kind: 'tcp'; host: string; port: number; text: string }
  | { kind: 'unix'; path: string; text: string };

export interface DeploySettings {
  host: DeployHost;
  sshPrivateKey?: string;
  sshKnownHosts?: string;
  dockerSocket: string;
  tls?: { ca?: string; cert?: string; key?: string };
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

export interface Settings {
  /** `build` for the root action; `deploy` for deploy/action.yml (deploy an already-pushed image). */
  entry: 'build' | 'deploy';
  /** The digest given with `image` (repo@sha256:…): what the deploy entry puts live. */
  imageDigest?: string;
  build: BuildSettings;
  registry: RegistrySettings;
  deploy?: DeploySettings;
  record: { retentionDays?: number };
  /** Inputs `sbom` and `provenance`: the attestations attached to a built image as OCI referrers. */
  attest: { sbom: boolean; provenance: boolean };
  /** Every secret-bearing value, to be masked before anything is logged. */
  secrets: string[];
}

export type InputReader = (name: string) => string;

/** Reads `INPUT_<NAME>` the way @actions/core does (spaces become _, hyphens stay). */
export const envInputReader =
  (env: NodeJS.ProcessEnv = process.env): InputReader =>
  (name) =>
    (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();

/** `8080`, `8080/tcp`, `53/udp` → `PORT/proto`. */
function parseExpose(text: string): string[] {
  return parseList(text).map((item) => {
    const m = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(item);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > 65535) {
      throw new InputError('expose', `"${item}" is not a port (expected PORT or PORT/tcp|udp|sctp)`);
    }
    return `${Number(m[1])}/${(m[2] ?? 'tcp').toLowerCase()}`;
  });
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

/** A tag name, or a full ref of the same repository (docker/metadata-action's `tags` output). */
function parseTags(text: string, image: Reference): string[] {
  const tags: string[] = [];
  for (const item of parseList(text)) {
    let tag = item;
    if (item.includes('/') || item.includes('@')) {
      let ref: Reference;
      try {
        ref = parseReference(item);
      } catch (e) {
        throw new InputError('tags', `"${item}": ${(e as Error).message}`);
      }
      if (repositoryName(ref) !== repositoryName(image)) {
        throw new InputError('tags', `"${item}" names ${repositoryName(ref)}, not the image ${repositoryName(image)}`);
      }
      if (!ref.tag) throw new InputError('tags', `"${item}" has no tag`);
      tag = ref.tag;
    } else if (item.includes(':')) {
      tag = item.slice(item.lastIndexOf(':') + 1);
    }
    if (!isValidTag(tag)) throw new InputError('tags', `"${item}" is not a valid tag`);
    if (!tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

function parseImage(text: string): Reference {
  if (text.trim() === '') throw new InputError('image', 'is required (a repository such as ghcr.io/acme/web)');
  try {
    return parseReference(text);
  } catch (e) {
    throw new InputError('image', `"${text}": ${(e as Error).message}`);
  }
}

function parsePlatforms(text: string): Platform[] {
  const items = parseList(text || 'linux/amd64,linux/arm64');
  const out: Platform[] = [];
  for (const item of items) {
    let p: Platform;
    try {
      p = parsePlatform(item);
    } catch (e) {
      throw new InputError('platforms', (e as Error).message);
    }
    if (out.some((q) => platformKey(q) === platformKey(p))) throw new InputError('platforms', `"${item}" is listed twice`);
    out.push(p);
  }
  return out;
}

function parsePlatformFiles(text: string, context: string, platforms: Platform[]) {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((line) => {
      const eq = line.indexOf('=');
      if (eq <= 0) throw new InputError('platform-files', `"${line}" is not os/arch[/variant]=dir`);
      let platform: Platform;
      try {
        platform = parsePlatform(line.slice(0, eq));
      } catch (e) {
        throw new InputError('platform-files', `"${line}": ${(e as Error).message}`);
      }
      if (!platforms.some((p) => platformKey(p) === platformKey(platform))) {
        throw new InputError('platform-files', `"${line}" names ${platformKey(platform)}, which is not in platforms`);
      }
      const dir = line.slice(eq + 1).trim();
      if (dir === '') throw new InputError('platform-files', `"${line}" has no directory`);
      return { platform, dir: path.resolve(context, dir) };
    });
}

/** KEY=VALUE lines, each KEY optionally prefixed with its level, as docker/metadata-action writes them. */
function parseAnnotations(text: string, platforms: Platform[]): LeveledAnnotation[] {
  return parseKeyValues('annotations', text).map(([rawKey, value]) => {
    let a: LeveledAnnotation;
    try {
      a = parseLeveledAnnotation(rawKey, value);
    } catch (e) {
      throw new InputError('annotations', (e as Error).message);
    }
    if (a.platform && !platforms.some((p) => platformKey(p) === a.platform)) {
      throw new InputError('annotations', `"${rawKey}" names ${a.platform}, which is not in platforms`);
    }
    return a;
  });
}

function defaultImageName(image: Reference): string {
  return image.repository.split('/').pop()!;
}

/** The secret inputs as given, unvalidated: what a record must be scrubbed of when the inputs were refused. */
export function rawSecrets(get: InputReader = envInputReader()): string[] {
  const env = get('deploy-env')
    .split('\n')
    .map((l) => l.slice(l.indexOf('=') + 1).trim());
  return [get('registry-password'), get('ssh-private-key'), get('tls-key'), ...env].filter((v) => v.length > 0);
}

/** Reads and validates every input into one typed settings object. */
export function readSettings(get: InputReader = envInputReader(), env: NodeJS.ProcessEnv = process.env): Settings {
  const entry = get('shipshape-entry') === 'deploy' ? 'deploy' : 'build';
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const temp = env.RUNNER_TEMP || os.tmpdir();
  // renew: true names no image (it renews the host's certificates only), nor does remove: true with its
  // app: a placeholder keeps the settings whole.
  const renewing = parseBool('renew', get('renew'), false);
  const removing = parseBool('remove', get('remove'), false);
  if (removing && !get('image') && !get('app')) throw new InputError('app', 'is empty: remove: true needs the app to tear down (or the image it is named after)');
  const image = parseImage(get('image') || (renewing || removing ? 'shipshape-renew' : ''));
  const context = path.resolve(workspace, get('context') || '.');
  const platforms = parsePlatforms(get('platforms'));
  const baseText = get('base');
  let base: Reference | undefined;
  if (baseText) {
    try {
      base = parseReference(baseText);
    } catch (e) {
      throw new InputError('base', `"${baseText}": ${(e as Error).message}`);
    }
  }
  const workdir = absolutePath('workdir', get('workdir') || '/app');
  const build: BuildSettings = {
    context,
    image: { registry: image.registry, repository: image.repository },
    tags: parseTags([image.tag ?? '', get('tags')].join('\n'), image),
    ...(base && { base, baseText }),
    platforms,
    workdir,
    entrypoint: parseCommand('entrypoint', get('entrypoint')),
    cmd: parseCommand('cmd', get('cmd')),
    env: parseKeyValues('env', get('env')),
    labels: parseKeyValues('labels', get('labels')),
    annotations: parseAnnotations(get('annotations'), platforms),
    expose: parseExpose(get('expose')),
    user: get('user') || undefined,
    layers: get('layers')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#')),
    platformFiles: parsePlatformFiles(get('platform-files'), context, platforms),
    ignoreFile: get('ignore-file') || '.dockerignore',
    push: parseBool('push', get('push'), true),
    ociLayout: path.resolve(workspace, get('oci-layout') || path.join(temp, 'shipshape', `${defaultImageName(image)}-oci`)),
    cache: parseBool('cache', get('cache'), true),
    cacheDir: path.resolve(
      workspace,
      get('cache-dir') || path.join(env.RUNNER_TOOL_CACHE || path.join(os.homedir(), '.cache'), 'shipshape', 'blobs'),
    ),
  };
  const secrets: string[] = [];
  const password = get('registry-password');
  const username = get('registry-username');
  if (password) secrets.push(password);
  if (password && username) secrets.push(`${username}:${password}`);
  if (password && !username) throw new InputError('registry-password', 'is set but registry-username is empty');
  if (username && !password) throw new InputError('registry-username', `"${username}" is set but registry-password is empty`);
  const registry: RegistrySettings = {
    ...(username && { username, password }),
    insecure: parseList(get('insecure-registries')).map((h) => registryHostName('insecure-registries', h).toLowerCase()),
  };
  const deploy = readDeploySettings(get, image, secrets);
  if (deploy && !build.push && entry === 'build' && !deploy.rollback && !deploy.remove && !deploy.renew) {
    throw new InputError('push', '"false" cannot go with deploy-host: the Docker host pulls the image from the registry');
  }
  if (entry === 'deploy' && !deploy) throw new InputError('deploy-host', 'is required by the deploy entry');
  if (entry === 'deploy' && !image.digest && !deploy?.rollback && !deploy?.remove && !deploy?.renew) {
    throw new InputError('image', `"${get('image')}" must name a digest (repo@sha256:…) for the deploy entry, e.g. the build step's \`image\` output`);
  }
  const retention = get('record-retention-days');
  return {
    entry,
    ...(image.digest && { imageDigest: image.digest }),
    build,
    registry,
    ...(deploy && { deploy }),
    record: retention ? { retentionDays: parseInteger('record-retention-days', retention, 0, 1, 90) } : {},
    attest: { sbom: parseBool('sbom', get('sbom'), true), provenance: parseBool('provenance', get('provenance'), true) },
    secrets,
  };
}

function readDeploySettings(get: InputReader, image: Reference, secrets: string[]): DeploySettings | undefined {
  const hostText = get('deploy-host');
  if (!hostText) return undefined;
  const host = parseDeployHost(hostText);
  const sshPrivateKey = get('ssh-private-key') || undefined;
  const tlsKey = get('tls-key') || undefined;
  const env = parseKeyValues('deploy-env', get('deploy-env'), true);
  if (sshPrivateKey) secrets.push(sshPrivateKey);
  if (tlsKey) secrets.push(tlsKey);
  for (const [, v] of env) if (v.length >= MIN_SECRET_LENGTH) secrets.push(v);
  if (host.kind === 'ssh' && !sshPrivateKey) throw new InputError('ssh-private-key', `is required for ${host.text}`);
  if (host.kind === 'ssh' && !get('ssh-known-hosts')) {
    throw new InputError('ssh-known-hosts', `is required for ${host.text} (the host key is always checked)`);
  }
  const app = parseAppName(get('app') || defaultImageName(image), !get('app'));
  const healthPath = urlPath('health-path', get('health-path') || '/');
  const route = readRouteSettings(get, secrets);
  const remove = parseBool('remove', get('remove'), false);
  if (remove && parseBool('rollback', get('rollback'), false)) throw new InputError('remove', '"true" cannot go with rollback: true');
  const renew = parseBool('renew', get('renew'), false);
  if (renew && (remove || parseBool('rollback', get('rollback'), false))) throw new InputError('renew', `"true" cannot go with ${remove ? 'remove' : 'rollback'}: true`);
  const tls =
    host.kind === 'tcp'
      ? { ca: get('tls-ca') || undefined, cert: get('tls-cert') || undefined, key: tlsKey }
      : undefined;
  return {
    host,
    sshPrivateKey,
    sshKnownHosts: get('ssh-known-hosts') || undefined,
    dockerSocket: socketPath('docker-socket', get('docker-socket') || '/var/run/docker.sock'),
    ...(tls && { tls }),
    app,
    containerPort: parseInteger('container-port', get('container-port'), 8080, 1, 65535),
    publicPort: parsePublishedPort('public-port', get('public-port'), '80'),
    healthPath,
    healthTimeoutSeconds: parseInteger('health-timeout', get('health-timeout'), 60, 1, 3600),
    proxyImage: imageReference('proxy-image', get('proxy-image') || 'haproxy:lts'),
    env,
    soakSeconds: parseInteger('soak-seconds', get('soak-seconds'), 10, 0, 3600),
    rollback: parseBool('rollback', get('rollback'), false),
    historyLimit: parseInteger('history-limit', get('history-limit'), 20, 1, 1000),
    service: readAppOptions(get, get('workdir') || '/app'),
    ...(route && { route }),
    ...(remove && { remove }),
    modes: readModeInputs(get),
    ...(renew && { renew }),
  };
}
