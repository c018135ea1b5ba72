import { peerText } from '../log.js';
import { readFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Credentials {
  username: string;
  password: string;
}

/** Where a credential came from, for log lines and error messages (never the secret itself). */
export type CredentialSource =
  | { kind: 'inputs' }
  | { kind: 'docker-config'; path: string; via: 'auths' | `docker-credential-${string}` }
  | { kind: 'anonymous' };

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';

export function defaultDockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.DOCKER_CONFIG ?? path.join(os.homedir(), '.docker'), 'config.json');
}

/** `https://host:port/v1/` → `host:port`, the form config.json keys are matched by (as Docker does). */
export function normalizeConfigKey(key: string): string {
  let host = key.replace(/^[a-z]+:\/\//i, '');
  host = host.split('/')[0].toLowerCase();
  return DOCKER_HUB_HOSTS.has(host) ? 'docker.io' : host;
}

/** The server URL a credential helper expects on stdin for a registry host. */
function helperServerUrl(registry: string): string {
  return DOCKER_HUB_HOSTS.has(registry) ? DOCKER_HUB_CONFIG_KEY : registry;
}

const HELPER_TIMEOUT_MS = 30_000;

/** Runs `docker-credential-<helper> get`; undefined when the helper knows no credentials for the server. */
export async function runCredentialHelper(helper: string, serverUrl: string): Promise<Credentials | undefined> {
  const program = `docker-credential-${helper}`;
  // A helper is a program looked up on PATH: a name with a slash would run a file by path instead.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(helper)) {
    throw new Error(`the Docker config names the credential helper ${JSON.stringify(helper).slice(0, 100)}, which is not a helper name (letters, digits, . _ -)`);
  }
  // silent: a helper's stdout carries the secret and must never reach the log
  // loaded only when a helper runs: most runs have none, and a fingerprint hit should not pay for the module
  const { getExecOutput } = await import('@actions/exec');
  // Through sh, not @actions/exec's `input`: that writes stdin with no error listener, so a helper that exits
  // without reading it (a broken one) raised an uncaught EPIPE that crashed the whole action.
  const script = 'command -v "$0" >/dev/null 2>&1 || { echo "not found on PATH" >&2; exit 127; }; printf %s "$1" | "$0" get';
  const run = getExecOutput('/bin/sh', ['-c', script, program, serverUrl], { silent: true, ignoreReturnCode: true }).catch((err: Error) => {
    throw new Error(`${program} get failed for ${serverUrl}: ${err.message}`);
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${program} get did not answer for ${serverUrl} within ${HELPER_TIMEOUT_MS / 1000} s`)), HELPER_TIMEOUT_MS);
    timer.unref();
  });
  const { exitCode, stdout, stderr } = await Promise.race([run, timeout]).finally(() => clearTimeout(timer));
  if (exitCode !== 0) {
    if (/credentials not found/i.test(`${stdout}${stderr}`)) return undefined;
    // Never include stdout: a helper may have printed a secret before failing.
    throw new Error(`${program} get failed for ${serverUrl}: ${peerText(stderr.trim(), 200) || `exit code ${exitCode}`}`);
  }
  let parsed: { Username?: string; Secret?: string };
  try {
    parsed = JSON.parse(stdout) as { Username?: string; Secret?: string };
  } catch {
    throw new Error(`${program} get returned output that is not JSON for ${serverUrl}`);
  }
  if (!parsed.Secret) return undefined;
  return { username: parsed.Username ?? '', password: parsed.Secret };
}

/**
 * Credentials for a registry host from a Docker config file, as the docker CLI resolves them:
 * `credHelpers[host]`, else `credsStore`, else the `auths` entry (base64 `auth` or username/password).
 * An identity token is returned with username `<token>` (Docker's convention).
 */
export async function credentialsFromDockerConfig(
  registry: string,
  configPath: string,
): Promise<{ credentials: Credentials; source: CredentialSource } | undefined> {
  let config: DockerConfig;
  try {
    config = JSON.parse(await readFile(configPath, 'utf8')) as DockerConfig;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read Docker config ${configPath}: ${(err as Error).message}`);
  }
  const wanted = normalizeConfigKey(registry);
  const helperFor = Object.entries(config.credHelpers ?? {}).find(([key]) => normalizeConfigKey(key) === wanted)?.[1];
  for (const helper of [helperFor, config.credsStore]) {
    if (!helper) continue;
    const found = await runCredentialHelper(helper, helperServerUrl(wanted));
    if (found) return { credentials: found, source: { kind: 'docker-config', path: configPath, via: `docker-credential-${helper}` } };
  }
  const entry = Object.entries(config.auths ?? {}).find(([key]) => normalizeConfigKey(key) === wanted)?.[1];
  if (!entry) return undefined;
  const source: CredentialSource = { kind: 'docker-config', path: configPath, via: 'auths' };
  if (entry.identitytoken) return { credentials: { username: '<token>', password: entry.identitytoken }, source };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new Error(`Docker config ${configPath}: the auths entry for ${wanted} is not base64 "user:password"`);
    return { credentials: { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }, source };
  }
  if (entry.username && entry.password) return { credentials: { username: entry.username, password: entry.password }, source };
  return undefined;
}
