import { createHash } from 'node:crypto';
import type { DeploySettings } from '../../../settings/index.js';
import { DEFAULT_REPLICAS } from '../../../settings/deploy-mode.js';
import { CONFIG_DIR, CONFIG_FILE, DOCKER_RESOLVER, FRONTEND_PORT, PROXY_DEFAULTS, PROXY_GLOBAL } from '../../haproxy.js';
import { appOptions } from '../../core/spec.js';
import { DeployError } from '../../core/errors.js';
import { ownLabels, type ServiceSpec } from './api.js';

export const OVERLAY = 'shipshape-overlay';
export const proxyServiceName = (app: string) => `${app}-proxy`;
const NS = 1e9;
/** Swarm's update monitor after each task: a task failing within it rolls the update back. */
export const MONITOR_SECONDS = 3;
/** Between two tasks: the proxy re-resolves tasks.<app> (hold valid 1 s) and checks the new task twice. */
export const UPDATE_DELAY_SECONDS = 2;

export const replicasOf = (s: DeploySettings) => s.modes?.replicas ?? DEFAULT_REPLICAS;

/**
 * The task's HEALTHCHECK, so Swarm's start-first update waits for a healthy task and rolls back on an
 * unhealthy one. The image may have no curl: wget (busybox, Debian), curl, else the probe fails and says
 * so in the health log. The proxy gates traffic by its own HTTP check either way.
 */
export function healthProbe(port: number, path: string): string {
  const url = `http://127.0.0.1:${port}${path}`;
  return `if command -v wget >/dev/null 2>&1; then wget -q -O /dev/null '${url}'; elif command -v curl >/dev/null 2>&1; then curl -fsS -o /dev/null '${url}'; else echo 'shipshape: no wget or curl in the image for the swarm health check' >&2; exit 1; fi`;
}

function mounts(s: DeploySettings): unknown[] {
  return appOptions(s).volumes.map((v) =>
    v.kind === 'tmpfs'
      ? { Type: 'tmpfs', Target: v.target }
      : // A named volume is per node in Swarm (created on the node a task lands on); a bind needs the path on every node.
        { Type: v.kind, Source: v.source, Target: v.target, ReadOnly: v.readOnly },
  );
}

/** Seconds Swarm watches each new task for a failure before the next: a worker's `ready-seconds`. */
export const monitorSecondsOf = (s: DeploySettings) => (appOptions(s).role === 'worker' ? appOptions(s).readySeconds : MONITOR_SECONDS);

/**
 * The task's health check: a web app's HTTP probe; a worker's `health-cmd`, else none set (the image's
 * own HEALTHCHECK if it has one, else a running task counts, watched for `ready-seconds` by the monitor).
 */
// The engine runs the first check one interval after the start, and a start-first update waits for it
// on every task: 1 s (not 2) takes a second off each task's turn; 8 retries keep the 8 s a task may fail first.
function healthcheck(s: DeploySettings): { Healthcheck?: Record<string, unknown> } {
  const opts = appOptions(s);
  if (opts.role === 'web') return { Healthcheck: { Test: ['CMD-SHELL', healthProbe(s.containerPort, s.healthPath)], Interval: NS, Timeout: 5 * NS, Retries: 8, StartPeriod: 0 } };
  return opts.healthCmd ? { Healthcheck: { Test: ['CMD-SHELL', opts.healthCmd], Interval: 2 * NS, Timeout: 10 * NS, Retries: 3 } } : {};
}

/**
 * The app as one Swarm service: dnsrr on the overlay (no VIP: no IPVS here), start-first rolling updates
 * with rollback; a worker with `overlap: false` stop-first (each task stopped before its replacement starts).
 */
export function appServiceSpec(s: DeploySettings, o: { image: string; owner: { id: string; runUrl?: string }; platforms?: string[] }): ServiceSpec {
  const opts = appOptions(s);
  const labels = { ...ownLabels(s.app, 'app'), 'shipshape.image': o.image, 'shipshape.deployed-by': o.owner.id, ...(o.owner.runUrl && { 'shipshape.run-url': o.owner.runUrl }) };
  const order = opts.role === 'worker' && !opts.overlap ? 'stop-first' : 'start-first';
  const update = { Parallelism: 1, Delay: UPDATE_DELAY_SECONDS * NS, Monitor: monitorSecondsOf(s) * NS, MaxFailureRatio: 0, Order: order };
  return {
    Name: s.app,
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: o.image,
        Labels: labels,
        Env: s.env.map(([k, v]) => `${k}=${v}`),
        ...healthcheck(s),
        StopGracePeriod: opts.stopTimeoutSeconds * NS,
        Mounts: mounts(s),
      },
      Resources: { Limits: { ...(opts.memoryBytes && { MemoryBytes: opts.memoryBytes }), ...(opts.cpus && { NanoCPUs: Math.round(opts.cpus * NS) }) } },
      // `any`: a task Swarm stopped for failing its health check exits 0 (the app's SIGTERM handler) and must still be replaced.
      RestartPolicy: { Condition: 'any', Delay: 2 * NS },
      Networks: [{ Target: OVERLAY, Aliases: [s.app] }, ...opts.networks.map((n) => ({ Target: n.name, Aliases: n.aliases }))],
      LogDriver: { Name: opts.log.driver, Options: opts.log.options },
      // Only nodes whose platform the image has get its tasks (each node pulls its own variant of the index).
      ...(o.platforms?.length && { Placement: { Platforms: o.platforms.map((p) => ({ OS: p.split('/')[0], Architecture: p.split('/')[1] })) } }),
    },
    Mode: { Replicated: { Replicas: replicasOf(s) } },
    UpdateConfig: { ...update, FailureAction: 'rollback' },
    RollbackConfig: { ...update, FailureAction: 'pause' },
    EndpointSpec: { Mode: 'dnsrr' },
  };
}

/** Server slots for tasks.<app>: start-first runs up to replicas + 1 at once; spare slots cost nothing. */
const slots = (replicas: number) => Math.max(10, 2 * replicas + 2);

/**
 * The swarm proxy: the app's tasks found through Docker's DNS (tasks.<app>, every task's address) with
 * active HTTP checks, so a task takes traffic only once it answers health-path; a task that goes away
 * is retried elsewhere (retry-on, redispatch) until the next resolution drops it.
 */
export function swarmProxyConfig(s: DeploySettings): string {
  return [
    ...PROXY_GLOBAL,
    '',
    ...PROXY_DEFAULTS,
    '    retry-on all-retryable-errors',
    '',
    ...DOCKER_RESOLVER,
    '    accepted_payload_size 8192',
    // Re-resolve every second and drop a task gone from the answer after 1 s; a failed or slow lookup
    // (a loaded node's DNS) keeps the last good answer instead of taking every server out.
    '    hold valid 1s',
    '    hold obsolete 1s',
    '    hold nx 5s',
    '    hold other 30s',
    '    hold refused 30s',
    '    hold timeout 30s',
    '',
    'frontend public',
    `    bind :${FRONTEND_PORT}`,
    '    default_backend app',
    '',
    'backend app',
    '    balance roundrobin',
    `    option httpchk GET ${s.healthPath}`,
    '    http-check expect rstatus ^2[0-9][0-9]$',
    // A loaded node answers checks slowly: a check times out after 2 s, and three failures take a task out.
    '    timeout check 2s',
    '    default-server inter 500ms fastinter 250ms downinter 500ms rise 2 fall 3 resolvers docker init-addr none',
    `    server-template task 1-${slots(replicasOf(s))} tasks.${s.app}:${s.containerPort} check`,
    '',
  ].join('\n');
}

export const proxyConfigName = (app: string, text: string) => `${app}-proxy-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;

/**
 * Refuses a `public-port` bound to one address. Swarm's host-mode publishing (PublishedPort, no address)
 * has no host IP, so the port would be open on every address of every node: a port meant for
 * 127.0.0.1 would silently face the network. Refused rather than warned about for that reason.
 */
export function refuseBoundPublicPort(s: DeploySettings): void {
  const address = s.publicPort.address;
  if (!address || address === '0.0.0.0' || address === '::' || appOptions(s).role !== 'web') return;
  const given = address.includes(':') ? `[${address}]:${s.publicPort.port}` : `${address}:${s.publicPort.port}`;
  throw new DeployError(
    `input 'public-port' is "${given}", but deploy-mode swarm publishes the proxy's port in host mode on every address of every node (Swarm cannot bind one address); nothing was changed. Set public-port to ${s.publicPort.port} and restrict access with a firewall, or deploy with deploy-mode: container`,
  );
}

/** One proxy task per node (global), published in host mode: the routing mesh does not route without IPVS. */
export function proxyServiceSpec(s: DeploySettings, config: { name: string; id: string }): ServiceSpec {
  const labels = ownLabels(s.app, 'proxy');
  return {
    Name: proxyServiceName(s.app),
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: s.proxyImage,
        Labels: labels,
        Configs: [{ ConfigName: config.name, ConfigID: config.id, File: { Name: `${CONFIG_DIR}/${CONFIG_FILE}`, UID: '0', GID: '0', Mode: 0o444 } }],
      },
      RestartPolicy: { Condition: 'any', Delay: NS },
      Networks: [{ Target: OVERLAY }],
    },
    Mode: { Global: {} },
    UpdateConfig: { Parallelism: 1, Delay: NS, FailureAction: 'pause', Order: 'stop-first' },
    EndpointSpec: { Mode: 'dnsrr', Ports: [{ Protocol: 'tcp', TargetPort: FRONTEND_PORT, PublishedPort: s.publicPort.port, PublishMode: 'host' }] },
  };
}
