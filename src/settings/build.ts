import * as os from 'node:os';
import * as path from 'node:path';
import { parseLeveledAnnotation, type LeveledAnnotation } from '../oci/annotations.js';
import { parsePlatform, platformKey, type Platform } from '../oci/platform.js';
import { isValidTag, parseReference, repositoryName, type Reference } from '../oci/reference.js';
import { InputError, parseBool, parseCommand, parseKeyValues, parseList, type InputReader, type KeyValue } from './parsers.js';
import { absolutePath, registryHostName } from './values.js';
import { envCredential } from '../secret-forms.js';

// The build and registry inputs of the root action: what is built, how, and where it is pushed.

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

export function parseImage(text: string): Reference {
  if (text.trim() === '') throw new InputError('image', 'is required (a repository such as ghcr.io/acme/web)');
  try {
    return parseReference(text);
  } catch (e) {
    throw new InputError('image', `"${text}": ${(e as Error).message}`);
  }
}

function parsePlatforms(text: string): Platform[] {
  const items = parseList(text);
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

/** The image's last path part: the default of `app`, and of the OCI layout's folder name. */
export function defaultImageName(image: Reference): string {
  return image.repository.split('/').pop()!;
}

/** The build inputs (`get` reads empty inputs as declared, defaults.ts); `image` is the parsed `image` input. */
export function readBuildSettings(get: InputReader, image: Reference, env: NodeJS.ProcessEnv): BuildSettings {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const temp = env.RUNNER_TEMP || os.tmpdir();
  const context = path.resolve(workspace, get('context'));
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
  const workdir = absolutePath('workdir', get('workdir'));
  return {
    context,
    image: { registry: image.registry, repository: image.repository },
    tags: parseTags([image.tag ?? '', get('tags')].join('\n'), image),
    ...(base && { base, baseText }),
    platforms,
    workdir,
    entrypoint: parseCommand('entrypoint', get('entrypoint')),
    cmd: parseCommand('cmd', get('cmd')),
    env: parseKeyValues('image-env', get('image-env')),
    labels: parseKeyValues('labels', get('labels')),
    annotations: parseAnnotations(get('annotations'), platforms),
    expose: parseExpose(get('expose')),
    user: get('user') || undefined,
    layers: get('layers')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#')),
    platformFiles: parsePlatformFiles(get('platform-files'), context, platforms),
    ignoreFile: get('ignore-file'),
    push: parseBool('push', get('push')),
    ociLayout: path.resolve(workspace, get('oci-layout') || path.join(temp, 'shipshape', `${defaultImageName(image)}-oci`)),
    cache: parseBool('cache', get('cache')),
    cacheDir: path.resolve(
      workspace,
      get('cache-dir') || path.join(env.RUNNER_TOOL_CACHE || path.join(os.homedir(), '.cache'), 'shipshape', 'blobs'),
    ),
  };
}

/**
 * `image-env` values that look like credentials (secret-forms.ts envCredential): each is added to `secrets`
 * (masked, scrubbed from the record) and gets a warning. Warned, not refused: the sign is a guess
 * (a public client key is named like a secret too), and what reaches the image is the user's choice.
 */
export function credentialEnvWarnings(env: KeyValue[], secrets: string[], input = 'image-env'): string[] {
  const warnings: string[] = [];
  for (const [name, value] of env) {
    const found = envCredential(name, value);
    if (!found) continue;
    for (const s of found.secrets) if (!secrets.includes(s)) secrets.push(s);
    warnings.push(
      `Input '${input}': ${name} looks like a credential (${found.why}); ${input} is baked into the image config, where anyone who can pull the image reads it. ` +
        `Pass runtime secrets with deploy-env instead (set on the container when it starts, never in the image). The value is masked in this log, and the provenance records ${input} names only.`,
    );
  }
  return warnings;
}

/** The registry credentials (both or neither; `secrets` gets the password and `user:password`) and the insecure registries. */
export function readRegistrySettings(get: InputReader, secrets: string[]): RegistrySettings {
  const password = get('registry-password');
  const username = get('registry-username');
  if (password) secrets.push(password);
  if (password && username) secrets.push(`${username}:${password}`);
  if (password && !username) throw new InputError('registry-password', 'is set but registry-username is empty');
  if (username && !password) throw new InputError('registry-username', `"${username}" is set but registry-password is empty`);
  return {
    ...(username && { username, password }),
    insecure: parseList(get('insecure-registries')).map((h) => registryHostName('insecure-registries', h).toLowerCase()),
  };
}
