import { peerBounds, seconds } from '../../bounds.js';
import { errorMessage, peerText, type Logger } from '../../log.js';
import { InputError } from '../../settings/parsers.js';
import { ProxyError } from '../core/edge-errors.js';
import type { ContainerInfo, Docker } from '../engine/docker.js';
import { notRunnable, PROXY_COMMAND, type ProxyControl } from '../haproxy.js';

// What the app's own proxy and the host proxy share of their container's start and checks.

/** How long a started proxy may take to open its runtime API: a loaded host once took more than 10 s. */
export const runtimeOpenMs = () => Math.max(peerBounds().waitMs, 10_000);

const BASH_OK = 'shipshape-bash-ok';

/**
 * The one thing shipshape needs inside the proxy image besides `haproxy`: bash, whose /dev/tcp reaches
 * the runtime API on 127.0.0.1 in the container (the Engine API can only exec there, not connect).
 */
async function checkBash(docker: Docker, container: string, image: string): Promise<void> {
  const r = await docker.exec(container, ['bash', '-c', `echo ${BASH_OK}`], peerBounds().engineCallMs);
  if (r.exitCode === 0 && r.stdout.includes(BASH_OK)) return;
  const why = peerText((r.stderr.trim() || r.stdout.trim() || 'no output').slice(0, 300), 300);
  throw new InputError(
    'proxy-image',
    `"${image}" cannot run bash in ${container} (exit ${r.exitCode}${notRunnable(r) ? ': bash is missing' : ''}: ${why}). shipshape reaches HAProxy's runtime API through bash inside the proxy container, so the image needs bash (coreutils are not needed). Use the official haproxy image (e.g. haproxy:lts, Debian-based) or an image derived from it that keeps bash; the Alpine variant (haproxy:lts-alpine) and distroless images have none`,
  );
}

/** Waits until the proxy's runtime API answers `show info`, at most runtimeOpenMs. */
export async function waitForRuntime(control: ProxyControl, name: string): Promise<void> {
  const limit = runtimeOpenMs();
  const deadline = Date.now() + limit;
  let last: unknown;
  for (;;) {
    try {
      await control.runtime('show info');
      return;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new ProxyError(`proxy ${name} did not open its runtime API within ${seconds(limit)}: ${errorMessage(last)}`, { cause: last });
}

/**
 * Starts a proxy container, checks that its image has bash and waits for its runtime API. When that
 * fails, a container this run created is removed — nothing half set up stays, and the next deploy
 * creates it again from scratch; one that existed before is left as it was. The error says which.
 */
export async function startProxy(docker: Docker, control: ProxyControl, o: { image: string; created: boolean }): Promise<void> {
  const name = control.container;
  try {
    await docker.start(name);
    await checkBash(docker, name, o.image);
    await waitForRuntime(control, name);
  } catch (e) {
    const logs = await docker.logs(name, 5).catch(() => [] as string[]);
    const tail = logs.length > 0 ? ` (its last log lines: ${logs.join(' | ')})` : '';
    if (!o.created) throw withMessage(e, `${errorMessage(e)}${tail}; ${name} existed before this deploy and was left as it was: check it on the host`);
    try {
      await docker.remove(name);
    } catch (r) {
      throw withMessage(e, `${errorMessage(e)}${tail}; removing the new ${name} failed too (${errorMessage(r)}): remove it on the host before deploying again`);
    }
    throw withMessage(e, `${errorMessage(e)}${tail}; removed ${name}, which this deploy had created, so the next deploy creates it again`);
  }
}

function withMessage(e: unknown, message: string): Error {
  if (e instanceof InputError) return new InputError(e.input, message.replace(/^Input '[^']*': /, ''));
  return new ProxyError(message, { cause: e });
}

/** `haproxy:lts` and `docker.io/library/haproxy:lts` are one image. */
const normalize = (ref: string) => ref.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');

/**
 * A changed `proxy-image` is not applied to a running proxy: replacing its container closes the public
 * port for a moment and drops open connections (every app's, for the host proxy). It is reported.
 */
export function reportImageChange(logger: Logger, info: ContainerInfo, name: string, wanted: string, o: { shared: boolean }): void {
  const running = info.Config.Image;
  if (normalize(running) === normalize(wanted)) return;
  const drop = o.shared ? 'this drops the open connections of every app on this host' : 'this drops its open connections';
  logger.warning(
    `input 'proxy-image' is "${wanted}", but the proxy ${name} runs "${running}"; a deploy does not replace a running proxy, so this one goes on with "${running}". To use "${wanted}", remove ${name} on the host (docker rm -f ${name}; ${drop}) and deploy again; or set proxy-image to "${running}" to keep it`,
  );
}

/**
 * Why a reload may have started no new worker: a proxy created before shipshape set its command runs
 * what its image's entrypoint gives, and HAProxy without `-W` ignores SIGUSR2. Empty when it runs ours.
 */
export async function masterWorkerHint(docker: Docker, name: string): Promise<string> {
  const info = await docker.inspect(name).catch(() => undefined);
  const entrypoint = (info?.Config as { Entrypoint?: string[] | null } | undefined)?.Entrypoint;
  if (!info || JSON.stringify(entrypoint) === JSON.stringify(PROXY_COMMAND.Entrypoint)) return '';
  return `; ${name} runs its image's entrypoint (${JSON.stringify(entrypoint ?? null)}), created by an older shipshape, and HAProxy ignores a reload unless that adds -W (master-worker): remove ${name} on the host (this drops its open connections) so the next deploy creates it with shipshape's own command`;
}

/**
 * After a SIGUSR2 to the master: polls (every 200 ms, for `ms`) until a worker other than `before`
 * answers and then `ready` (if given) holds. `reloaded`: the new worker came; `last`: what was seen
 * last (the runtime socket may not answer for a moment after the reload).
 */
export async function awaitReload(
  control: ProxyControl,
  before: string | undefined,
  ms: number,
  ready?: () => Promise<true | string>,
): Promise<{ done: boolean; reloaded: boolean; last: string }> {
  const deadline = Date.now() + ms;
  let reloaded = false;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      if (!reloaded) {
        const now = await control.workerPid();
        reloaded = !!now && now !== before;
        last = `worker pid still ${now}`;
      }
      if (reloaded) {
        const seen = ready ? await ready() : true;
        if (seen === true) return { done: true, reloaded, last };
        last = seen;
      }
    } catch (e) {
      last = errorMessage(e);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { done: false, reloaded, last };
}
