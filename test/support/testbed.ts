import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real parts `bash scripts/testbed.sh up` starts on 127.0.0.1 (see scripts/testbed.sh). */
export interface Testbed {
  /** Testbed state dir. */
  dir: string;
  /** host:port of the anonymous, htpasswd (Basic) and Bearer-token registries. */
  registries: { anon: string; basic: string; token: string };
  /** Credentials for the basic and token registries (the token server grants pull/push/delete on any repository). */
  registryUser: string;
  registryPassword: string;
  /** Realm URL of the token server (http://127.0.0.1:5003/token). */
  tokenRealm: string;
  /** Docker-style config.json with `auths` for the basic and token registries (also a skopeo/buildah --authfile). */
  authFile: string;
  /** Directory holding authFile as config.json: usable as DOCKER_CONFIG. */
  dockerConfigDir: string;
  /** Multi-arch (linux/amd64 + linux/arm64) busybox base, an OCI index; same path exists on all three registries. */
  baseImage: string;
  /** Stand-in for the official haproxy image (linux/amd64). */
  proxyImage: string;
  ssh: {
    /** ssh://root@127.0.0.1:2222 */
    url: string;
    /** A user (same key) whose sshd refuses streamlocal forwarding: the transport must use dial-stdio. */
    noStreamUser: string;
    privateKey: string;
    privateKeyPath: string;
    /** known_hosts line(s) for [127.0.0.1]:2222. */
    knownHosts: string;
    knownHostsPath: string;
    /** OpenSSH client config (port, key, known_hosts, StrictHostKeyChecking yes). */
    configPath: string;
    /** Directory with an `ssh` wrapper using configPath (honours SHIPSHAPE_TB_SSH_CONFIG): prepend to PATH so
     *  `docker -H ssh://root@127.0.0.1:2222 …` works. */
    binDir: string;
  };
  dockerSocket: string;
  /** Three Docker engines in network namespaces joined as one swarm (scripts/testbed-swarm.sh); n1 is the manager. */
  swarm: {
    /** The manager's engine socket: reached over the testbed's sshd as docker-socket. */
    managerSocket: string;
    nodes: { name: string; address: string; socket: string }[];
  };
  /** pebble (Let's Encrypt's test CA) and its mock DNS; every name resolves to 127.0.0.1. */
  acme: {
    /** https://127.0.0.1:14000/dir: default lifetimes. */
    directory: string;
    /** A second pebble whose certificates live `shortLifetimeSeconds` (renewal tests). */
    shortDirectory: string;
    shortLifetimeSeconds: number;
    /** Management URLs of each pebble's issuing root (differs per pebble and per start). */
    roots: string;
    shortRoots: string;
    /** The CA of both directories' own HTTPS certificate: what NODE_EXTRA_CA_CERTS must name. */
    directoryCaPath: string;
    /** The host port pebble's HTTP-01 validation connects to: the tests' host proxy publishes its HTTP there. */
    httpPort: number;
    /** pebble-challtestsrv's management API (e.g. /add-a to point one name elsewhere). */
    dnsManagement: string;
  };
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TESTBED_NOT_UP = 'testbed is not up: run `bash scripts/testbed.sh up`';
let cached: Testbed | undefined;

function parseExports(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^export ([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) vars.set(m[1]!, m[2]!);
  }
  return vars;
}

/** Returns the running testbed; throws `testbed is not up: run …` when any part is not answering. */
export function testbed(): Testbed {
  if (cached) return cached;
  let out: string;
  try {
    out = execFileSync('bash', [join(repoRoot, 'scripts', 'testbed.sh'), 'env'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(`${TESTBED_NOT_UP}${stderr ? ` (${stderr})` : ''}`);
  }
  const vars = parseExports(out);
  const get = (name: string): string => {
    const value = vars.get(name);
    if (!value) throw new Error(`${TESTBED_NOT_UP} (\`testbed.sh env\` did not print ${name})`);
    return value;
  };
  const privateKeyPath = get('SHIPSHAPE_TB_SSH_PRIVATE_KEY_PATH');
  const knownHostsPath = get('SHIPSHAPE_TB_SSH_KNOWN_HOSTS_PATH');
  cached = {
    dir: get('SHIPSHAPE_TB_DIR'),
    registries: {
      anon: get('SHIPSHAPE_TB_REGISTRY_ANON'),
      basic: get('SHIPSHAPE_TB_REGISTRY_BASIC'),
      token: get('SHIPSHAPE_TB_REGISTRY_TOKEN'),
    },
    registryUser: get('SHIPSHAPE_TB_REGISTRY_USER'),
    registryPassword: get('SHIPSHAPE_TB_REGISTRY_PASSWORD'),
    tokenRealm: get('SHIPSHAPE_TB_TOKEN_REALM'),
    authFile: get('SHIPSHAPE_TB_REGISTRY_AUTHFILE'),
    dockerConfigDir: get('SHIPSHAPE_TB_DOCKER_CONFIG'),
    baseImage: get('SHIPSHAPE_TB_BASE_IMAGE'),
    proxyImage: get('SHIPSHAPE_TB_PROXY_IMAGE'),
    ssh: {
      url: get('SHIPSHAPE_TB_SSH_URL'),
      // Not required here: only the dial-stdio test needs it, and it fails naming it when absent.
      noStreamUser: vars.get('SHIPSHAPE_TB_SSH_NOSTREAM_USER') ?? '',
      privateKey: readFileSync(privateKeyPath, 'utf8'),
      privateKeyPath,
      knownHosts: readFileSync(knownHostsPath, 'utf8'),
      knownHostsPath,
      configPath: get('SHIPSHAPE_TB_SSH_CONFIG'),
      binDir: get('SHIPSHAPE_TB_BIN'),
    },
    dockerSocket: get('SHIPSHAPE_TB_DOCKER_SOCKET'),
    swarm: {
      managerSocket: get('SHIPSHAPE_TB_SWARM_MANAGER_SOCKET'),
      nodes: get('SHIPSHAPE_TB_SWARM_NODES')
        .split(',')
        .map((name, i) => ({ name, address: get('SHIPSHAPE_TB_SWARM_ADDRESSES').split(',')[i]!, socket: get('SHIPSHAPE_TB_SWARM_SOCKETS').split(',')[i]! })),
    },
    acme: {
      directory: get('SHIPSHAPE_TB_ACME_DIRECTORY'),
      shortDirectory: get('SHIPSHAPE_TB_ACME_SHORT_DIRECTORY'),
      shortLifetimeSeconds: Number(get('SHIPSHAPE_TB_ACME_SHORT_LIFETIME')),
      roots: get('SHIPSHAPE_TB_ACME_ROOTS'),
      shortRoots: get('SHIPSHAPE_TB_ACME_SHORT_ROOTS'),
      directoryCaPath: get('SHIPSHAPE_TB_ACME_DIRECTORY_CA'),
      httpPort: Number(get('SHIPSHAPE_TB_ACME_HTTP_PORT')),
      dnsManagement: get('SHIPSHAPE_TB_ACME_DNS_MANAGEMENT'),
    },
  };
  return cached;
}
