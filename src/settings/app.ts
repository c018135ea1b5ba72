import * as path from 'node:path';
import { withDefaults } from './defaults.js';
import { InputError, parseBool, parseCommand, parseInteger, parseKeyValues, parseList, type InputReader } from './parsers.js';

/** One mount of an app instance: a named volume (shared by both colors), a bind mount or a tmpfs. */
export type VolumeMount =
  | { kind: 'volume'; source: string; target: string; readOnly: boolean }
  | { kind: 'bind'; source: string; target: string; readOnly: boolean }
  | { kind: 'tmpfs'; target: string };

/**
 * What a real app needs of its container besides the image (issue 13): mounts, networks, limits,
 * logs, the release command and the role. Defaults are action.yml's (defaults.ts).
 */
export interface AppOptions {
  volumes: VolumeMount[];
  networks: { name: string; aliases: string[] }[];
  memoryBytes?: number;
  memoryText?: string;
  cpus?: number;
  stopTimeoutSeconds: number;
  log: { driver: string; options: Record<string, string> };
  releaseCommand?: string[];
  role: 'web' | 'worker';
  healthCmd?: string;
  readySeconds: number;
  overlap: boolean;
  retain: number;
}

/** Rotation by default (as Kamal does): json-file capped at 3 × 10 MB (log-opts' description in action.yml says so; a test checks it). */
export const DEFAULT_JSON_LOG_OPTS: Record<string, string> = { 'max-size': '10m', 'max-file': '3' };

const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

function checkTarget(line: string, target: string, workdir: string | undefined): string {
  if (!target.startsWith('/')) throw new InputError('volumes', `"${line}": the target "${target}" must be an absolute path`);
  if (target.split('/').includes('..')) throw new InputError('volumes', `"${line}": the target must not contain ".."`);
  const t = path.posix.normalize(target).replace(/(.)\/$/, '$1');
  if (t === '/') throw new InputError('volumes', `"${line}": a volume cannot be mounted on /`);
  if (workdir && t === path.posix.normalize(workdir).replace(/(.)\/$/, '$1')) {
    throw new InputError('volumes', `"${line}": the target ${t} is the app's workdir (it would hide the app's files); mount a folder under it`);
  }
  return t;
}

/** `NAME:/path[:ro]`, `/host/path:/path[:ro]`, `tmpfs:/path`, one a line. */
export function parseVolumes(text: string, workdir?: string): VolumeMount[] {
  const out: VolumeMount[] = [];
  for (const line of text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))) {
    const parts = line.split(':');
    let readOnly = false;
    if (parts.length === 3) {
      if (parts[2] !== 'ro' && parts[2] !== 'rw') throw new InputError('volumes', `"${line}": the mode must be ro or rw, not "${parts[2]}"`);
      readOnly = parts[2] === 'ro';
    } else if (parts.length !== 2) {
      throw new InputError('volumes', `"${line}" is not NAME:/path[:ro], /host/path:/path[:ro] or tmpfs:/path`);
    }
    const [source, rawTarget] = parts;
    const target = checkTarget(line, rawTarget, workdir);
    if (out.some((v) => v.target === target)) throw new InputError('volumes', `"${line}": ${target} is mounted twice`);
    if (source === 'tmpfs') {
      if (readOnly) throw new InputError('volumes', `"${line}": a tmpfs cannot be read-only`);
      out.push({ kind: 'tmpfs', target });
    } else if (source.startsWith('/')) {
      if (source.split('/').includes('..')) throw new InputError('volumes', `"${line}": the host path must not contain ".."`);
      out.push({ kind: 'bind', source: path.posix.normalize(source), target, readOnly });
    } else if (source.startsWith('.') || source.includes('/') || source === '') {
      throw new InputError('volumes', `"${line}": the host path "${source}" must be absolute (relative paths are refused)`);
    } else if (!VOLUME_NAME.test(source)) {
      throw new InputError('volumes', `"${line}": "${source}" is not a volume name (letters, digits, '_', '.', '-')`);
    } else {
      out.push({ kind: 'volume', source, target, readOnly });
    }
  }
  return out;
}

/** `NAME` or `NAME:alias1,alias2` — one a line (or comma separated without aliases). */
export function parseNetworks(text: string): { name: string; aliases: string[] }[] {
  const out: { name: string; aliases: string[] }[] = [];
  const lines = text.includes(':') ? text.split('\n') : parseList(text);
  for (const line of lines.map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))) {
    const [name, aliasText = ''] = line.split(/:(.*)/s);
    if (!VOLUME_NAME.test(name)) throw new InputError('networks', `"${line}": "${name}" is not a network name`);
    if (name === 'host' || name === 'none' || name === 'bridge') throw new InputError('networks', `"${line}": ${name} cannot be joined besides shipshape's own network`);
    const aliases = parseList(aliasText);
    for (const a of aliases) if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(a)) throw new InputError('networks', `"${line}": "${a}" is not a network alias`);
    if (out.some((n) => n.name === name)) throw new InputError('networks', `"${line}": ${name} is listed twice`);
    out.push({ name, aliases });
  }
  return out;
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
const MIN_MEMORY = 6 * 1024 ** 2;
/** 1 PiB: far above any host, and exact in a JS number (the engine takes an int64; 9999999999g overflows it). */
const MAX_MEMORY = 1024 ** 5;

/** Docker's memory units: `512m`, `1g`, `268435456`; from 6 MiB (the engine's floor) to 1 PiB. */
export function parseMemory(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([bkmg]?)b?$/i.exec(t);
  if (!m) throw new InputError('memory', `"${t}" is not a size (e.g. 512m, 1g)`);
  const bytes = Math.floor(Number(m[1]) * UNITS[m[2].toLowerCase()]);
  const range = 'a memory limit is from 6m to 1048576g (1 PiB); write e.g. 512m or 4g, or leave it empty for no limit';
  if (bytes < MIN_MEMORY) throw new InputError('memory', `"${t}" is below Docker's minimum of 6m: ${range}`);
  if (bytes > MAX_MEMORY) throw new InputError('memory', `"${t}" is out of range: ${range}`);
  return bytes;
}

export function parseCpus(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (!/^\d+(?:\.\d+)?$/.test(t) || Number(t) < 0.01 || Number(t) > 1024) throw new InputError('cpus', `"${t}" must be a number of CPUs from 0.01 to 1024 (e.g. 1.5)`);
  return Number(t);
}

// Docker's own log-opt names (its built-in drivers, dual logging's cache-*) and the driver prefixes: only a comma
// before one of these splits the older single-line form, so a value such as `labels=team,env` stays whole.
const DOCKER_LOG_OPT = /^(?:max-size|max-file|compress|labels|labels-regex|env|env-regex|tag|mode|max-buffer-size|line-only|(?:syslog|gelf|fluentd|awslogs|splunk|gcp|logentries|loki|cache)-[a-z0-9-]+)=/;

/**
 * `log-opts`: one `key=value` a line, as Docker's `--log-opt` takes one option per flag (the value kept
 * whole, commas and `=` included). A single line in the older comma-separated form
 * (`max-size=10m,max-file=3`) is split only at a comma followed by one of Docker's option names.
 */
export function parseLogOpts(text: string): Record<string, string> {
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  let options = text;
  if (lines.length === 1) {
    const parts: string[] = [];
    for (const piece of lines[0]!.trim().split(',')) {
      if (parts.length > 0 && !DOCKER_LOG_OPT.test(piece.trim())) parts[parts.length - 1] += `,${piece}`;
      else parts.push(piece.trim());
    }
    options = parts.join('\n');
  }
  const out: Record<string, string> = {};
  for (const [key, value] of parseKeyValues('log-opts', options)) {
    if (key in out) throw new InputError('log-opts', `"${key}" is given twice; give each option once, one key=value a line`);
    out[key] = value;
  }
  return out;
}

function parseLog(driverText: string, optsText: string): AppOptions['log'] {
  const driver = driverText.trim();
  if (!/^[a-z0-9][a-z0-9_.:/-]*$/i.test(driver)) throw new InputError('log-driver', `"${driver}" is not a log driver name`);
  const given = parseLogOpts(optsText);
  const options = Object.keys(given).length > 0 ? given : driver === 'json-file' ? { ...DEFAULT_JSON_LOG_OPTS } : {};
  return { driver, options };
}

/** Reads the app inputs (`get` as index.ts's reader; empty ones read as declared); `workdir` is the image's, to refuse mounting over it. */
export function readAppOptions(given: InputReader, workdir?: string): AppOptions {
  const get = withDefaults(given);
  const role = get('role');
  if (role !== 'web' && role !== 'worker') throw new InputError('role', `"${role}" must be web or worker`);
  const memoryText = get('memory');
  const memoryBytes = parseMemory(memoryText);
  const cpus = parseCpus(get('cpus'));
  const releaseCommand = parseCommand('release-command', get('release-command'));
  const healthCmd = get('health-cmd') || undefined;
  if (healthCmd && role !== 'worker') throw new InputError('health-cmd', `"${healthCmd}" applies to role: worker only (a web app is checked through the proxy at health-path)`);
  return {
    volumes: parseVolumes(get('volumes'), workdir),
    networks: parseNetworks(get('networks')),
    ...(memoryBytes !== undefined && { memoryBytes, memoryText: memoryText.trim() }),
    ...(cpus !== undefined && { cpus }),
    stopTimeoutSeconds: parseInteger('stop-timeout-seconds', get('stop-timeout-seconds'), 0, 3600),
    log: parseLog(get('log-driver'), get('log-opts')),
    ...(releaseCommand?.length && { releaseCommand }),
    role,
    ...(healthCmd && { healthCmd }),
    readySeconds: parseInteger('ready-seconds', get('ready-seconds'), 0, 3600),
    overlap: parseBool('overlap', get('overlap')),
    retain: parseInteger('retain', get('retain'), 1, 100),
  };
}

/** The options when none are given (what readAppOptions returns for empty inputs). */
export const defaultAppOptions = (): AppOptions => readAppOptions(() => '');
