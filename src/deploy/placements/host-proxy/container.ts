import type { Logger } from '../../../log.js';
import { InputError } from '../../../settings/parsers.js';
import type { RouteSettings } from '../../../settings/route.js';
import type { Docker } from '../../engine/docker.js';
import { ProxyError } from '../../core/edge-errors.js';
import { CONFIG_DIR, CONFIG_FILE, PROXY_COMMAND, ProxyControl } from '../../haproxy.js';
import { awaitReload, masterWorkerHint, reportImageChange, startProxy } from '../proxy-container.js';
import { ensureImage } from '../../docker-host/images.js';
import { NETWORK } from '../../core/spec.js';
import { writeInitialCertificates } from './certs.js';
import { HOST_HTTP_PORT, HOST_HTTPS_PORT, SERVER_STATE, type HostProxyFiles } from './config.js';
import { pruneMaps, putHostProxyFiles, putMaps } from './files.js';

/**
 * The host proxy's container name; everything of it (state volume, config lock) derives from it.
 * `SHIPSHAPE_HOST_PROXY_NAME` sets another one: tests sharing one engine each run their own.
 */
export const hostProxyName = (env: NodeJS.ProcessEnv = process.env) => env.SHIPSHAPE_HOST_PROXY_NAME?.trim() || 'shipshape-host-proxy';
export const hostProxyVolume = (name: string) => `${name}-state`;

type Port = RouteSettings['httpPort'];
const binding = (p: Port) => ({ HostIp: p.address ?? '', HostPort: String(p.port) });
const show = (b: { HostIp: string; HostPort: string }) => (b.HostIp ? `${b.HostIp}:${b.HostPort}` : b.HostPort);

/**
 * The one proxy per host for every app with `hosts`: created with its state volume over the config
 * directory (config, certificates, crt-list, ACME map and app list survive a new container), the
 * ports given, a default certificate, and `config` (the current app set), then started. An existing
 * one must publish the same ports: Docker cannot change them, so a deploy asking for others fails
 * naming the input; one running another image than `proxy-image` is kept and reported (proxy-container.ts).
 * Its command is shipshape's (PROXY_COMMAND), not the image's. Call under the host-wide lock.
 */
export async function ensureHostProxy(
  docker: Docker,
  o: { name: string; image: string; platform: string; httpPort: Port; httpsPort: Port; config: () => HostProxyFiles; logger: Logger },
): Promise<ProxyControl> {
  await docker.ensureNetwork(NETWORK);
  let info = await docker.inspect(o.name);
  let created = false;
  if (info) reportImageChange(o.logger, info, o.name, o.image, { shared: true });
  else {
    await ensureImage(docker, o.image, o.platform);
    await docker.ensureVolume(hostProxyVolume(o.name), { 'shipshape.role': 'host-proxy' });
    const http = `${HOST_HTTP_PORT}/tcp`;
    const https = `${HOST_HTTPS_PORT}/tcp`;
    created = !!(await docker.create(o.name, {
      Image: o.image,
      ...PROXY_COMMAND,
      Labels: { 'shipshape.role': 'host-proxy' },
      ExposedPorts: { [http]: {}, [https]: {} },
      HostConfig: {
        PortBindings: { [http]: [binding(o.httpPort)], [https]: [binding(o.httpsPort)] },
        RestartPolicy: { Name: 'unless-stopped' },
        NetworkMode: NETWORK,
        Mounts: [{ Type: 'volume', Source: hostProxyVolume(o.name), Target: CONFIG_DIR }],
      },
    }));
    if (created) {
      // The default key is a throwaway nobody trusts: root-owned and world-readable is fine before the first start.
      await writeInitialCertificates(docker, o.name, { uid: 0, gid: 0 });
      await docker.putFile(o.name, CONFIG_DIR, 'acme.map', '');
      await putHostProxyFiles(docker, o.name, o.config());
    }
    info = await docker.inspect(o.name);
  }
  if (!info) throw new ProxyError(`host proxy container ${o.name} vanished while being created`);
  for (const [input, port, want] of [
    ['http-port', HOST_HTTP_PORT, o.httpPort],
    ['https-port', HOST_HTTPS_PORT, o.httpsPort],
  ] as const) {
    const bound = info.HostConfig?.PortBindings?.[`${port}/tcp`]?.[0];
    if (bound && (bound.HostIp !== binding(want).HostIp || bound.HostPort !== binding(want).HostPort)) {
      throw new InputError(
        input,
        `"${show(binding(want))}" differs from ${show(bound)}, which the host proxy ${o.name} already publishes for every app on this host; use ${show(bound)} (moving it means removing ${o.name}, which drops every app's open connections)`,
      );
    }
  }
  const control = new ProxyControl(docker, o.name);
  if (!info.State.Running) await startProxy(docker, control, { image: info.Config.Image, created });
  return control;
}




/** `show servers state` without the rows of `fresh` backends: their servers start as the new config says. */
const withoutBackends = (state: string, fresh: ReadonlySet<string>) =>
  state
    .split('\n')
    .filter((l) => l.startsWith('#') || !fresh.has(l.split(' ')[1] ?? ''))
    .join('\n');

/**
 * A new config by HAProxy's hitless reload, never a restart: checked first (`haproxy -c` in the
 * container), the servers' runtime state saved (so other apps' colors, addresses and drains carry
 * over; `fresh` backends' servers start from the config instead), then SIGUSR2 to the master: the new
 * worker takes over the listening sockets, the old one finishes its requests, closes idle keep-alive
 * connections after their response (`idle-close-on-response`) and is stopped after `hard-stop-after`
 * at the latest. Returns the old worker's pid.
 */
export async function reloadHostProxy(docker: Docker, control: ProxyControl, files: HostProxyFiles, o: { fresh?: string[] } = {}): Promise<string | undefined> {
  const candidate = `${CONFIG_FILE}.next`;
  await putMaps(docker, control.container, files);
  await docker.putFile(control.container, CONFIG_DIR, candidate, files.config);
  const check = await docker.exec(control.container, ['haproxy', '-c', '-q', '-f', `${CONFIG_DIR}/${candidate}`], 20_000);
  if (check.exitCode !== 0) {
    throw new ProxyError(`the host proxy's new config does not pass haproxy -c (left the running one): ${(check.stderr || check.stdout).trim().slice(0, 500)}`);
  }
  const before = await control.workerPid();
  // Written through the engine: the config directory is root's, HAProxy's user cannot write there.
  const state = withoutBackends(await control.runtime('show servers state'), new Set(o.fresh ?? []));
  await docker.putFile(control.container, CONFIG_DIR, SERVER_STATE.slice(CONFIG_DIR.length + 1), `${state}\n`);
  await docker.putFile(control.container, CONFIG_DIR, CONFIG_FILE, files.config);
  await docker.signal(control.container, 'SIGUSR2');
  const out = await awaitReload(control, before, 15_000);
  if (out.done) {
    await pruneMaps(docker, control.container, files);
    return before;
  }
  const last = out.last;
  throw new ProxyError(`the host proxy ${control.container} did not start a new worker within 15 s of its reload (last: ${last})${await masterWorkerHint(docker, control.container)}`);
}

/** The old worker of a reload has finished its requests and left (bounded by `hard-stop-after`, 30 s). */
export async function waitWorkerGone(docker: Docker, control: ProxyControl, pid: string | undefined, logger: { info(m: string): void }): Promise<void> {
  if (!pid || !/^\d+$/.test(pid)) return;
  const start = Date.now();
  let said = false;
  while (Date.now() - start < 35_000) {
    const r = await docker.exec(control.container, ['bash', '-c', '[ -d "/proc/$1" ]', 'gone', pid], 10_000);
    if (r.exitCode !== 0) return;
    if (!said && Date.now() - start > 2000) {
      logger.info(`${control.container}: waiting for the worker before the reload to finish its requests (at most 30 s)`);
      said = true;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
