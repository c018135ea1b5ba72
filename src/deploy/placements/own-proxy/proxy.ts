import { ensureImage } from '../../docker-host/images.js';
import { NETWORK } from '../../core/spec.js';
import type { DeploySettings } from '../../../settings/index.js';
import type { Docker } from '../../engine/docker.js';
import type { Logger } from '../../../log.js';
import { ProxyError } from '../../core/edge-errors.js';
import { CONFIG_DIR, CONFIG_FILE, FRONTEND_PORT, PROXY_COMMAND, ProxyControl, proxyConfig } from '../../haproxy.js';
import { awaitReload, masterWorkerHint, reportImageChange, startProxy } from '../proxy-container.js';
import { type Color } from '../../core/color.js';

export const proxyName = (app: string) => `${app}-proxy`;

/**
 * The app's proxy container `<app>-proxy`: owns the public port and gets its config (naming `live`)
 * through the archive API before its first start. Its command is shipshape's (PROXY_COMMAND), not the
 * image's; one running another image than `proxy-image` is kept and reported (proxy-container.ts).
 */
export async function ensureProxy(docker: Docker, s: DeploySettings, platform: string, live: Color | undefined, logger: Logger): Promise<ProxyControl> {
  const name = proxyName(s.app);
  await docker.ensureNetwork(NETWORK);
  let info = await docker.inspect(name);
  let created = false;
  if (info) reportImageChange(logger, info, name, s.proxyImage, { shared: false });
  else {
    await ensureImage(docker, s.proxyImage, platform);
    const port = `${FRONTEND_PORT}/tcp`;
    created = !!(await docker.create(name, {
      Image: s.proxyImage,
      ...PROXY_COMMAND,
      Labels: { 'shipshape.app': s.app, 'shipshape.role': 'proxy' },
      ExposedPorts: { [port]: {} },
      HostConfig: {
        PortBindings: { [port]: [{ HostIp: s.publicPort.address ?? '', HostPort: String(s.publicPort.port) }] },
        RestartPolicy: { Name: 'unless-stopped' },
        NetworkMode: NETWORK,
      },
    }));
    if (created) await writeProxyConfig(docker, s, live);
    info = await docker.inspect(name);
  }
  if (!info) throw new ProxyError(`proxy container ${name} vanished while being created`);
  const bound = info.HostConfig?.PortBindings?.[`${FRONTEND_PORT}/tcp`]?.[0];
  const wanted = { HostIp: s.publicPort.address ?? '', HostPort: String(s.publicPort.port) };
  if (bound && (bound.HostIp !== wanted.HostIp || bound.HostPort !== wanted.HostPort)) {
    const show = (b: { HostIp: string; HostPort: string }) => (b.HostIp ? `${b.HostIp}:${b.HostPort}` : b.HostPort);
    throw new ProxyError(
      `input 'public-port' is ${show(wanted)} but ${name} already publishes ${show(bound)}; Docker cannot change a running container's ports, so remove ${name} on the host to move the app (this drops open connections)`,
    );
  }
  const control = new ProxyControl(docker, name);
  if (!info.State.Running) await startProxy(docker, control, { image: info.Config.Image, created });
  await applyCheckChange(docker, s, control, live);
  return control;
}

/**
 * The config lines that define the health check, the app port and the servers (a color's backup twin
 * included: a proxy written before the twins has none, and the runtime API cannot add a server).
 */
const checkLines = (config: string) =>
  config
    .split('\n')
    .filter((l) => /^\s*(option httpchk|server (blue|green)(-bk)? )/.test(l))
    .map((l) => l.replace(/ disabled$/, ''))
    .join('\n');

/**
 * A changed `health-path` or `container-port`, or a proxy from an older shipshape, needs a new config:
 * HAProxy's runtime API cannot change a backend's check or add servers. It is rewritten (naming the live color) and the proxy reloaded gracefully (SIGUSR2 to
 * the master) once, before the new color starts; swaps themselves never reload. Only when the live color
 * passes the new check too — otherwise the reload would take it down.
 */
async function applyCheckChange(docker: Docker, s: DeploySettings, control: ProxyControl, live: Color | undefined): Promise<void> {
  const current = (await docker.getFile(control.container, `${CONFIG_DIR}/${CONFIG_FILE}`)) ?? '';
  const wanted = proxyConfig({ app: s.app, containerPort: s.containerPort, healthPath: s.healthPath, live });
  if (checkLines(current) === checkLines(wanted)) return;
  if (live) {
    const { status } = await control.probeWithStats(s.healthPath);
    if (!/^HTTP\/\S+ 2\d\d/.test(status) || checkLines(current).includes(`:${s.containerPort} `) === false) {
      throw new ProxyError(
        `input 'health-path' "${s.healthPath}" / 'container-port' ${s.containerPort} differ from the check ${control.container} runs, ` +
          `and the live color ${live} does not pass the new one (GET ${s.healthPath}: ${status}); reloading would take it down. ` +
          `Deploy once more with the previous values, or remove ${control.container} on the host to start over (this drops open connections)`,
      );
    }
  }
  const before = await control.workerPid();
  await writeProxyConfig(docker, s, live);
  await docker.signal(control.container, 'SIGUSR2');
  // A new worker must have started (else the old check still runs), and have checked the live server
  // before traffic relies on it again.
  const out = await awaitReload(control, before, RELOAD_UP_MS, live ? async () => {
    const stat = (await control.stats())[live];
    return stat?.status === 'UP' || (stat ? `${stat.status} ${stat.checkStatus}` : 'no server row');
  } : undefined);
  if (out.done) return;
  const last = out.last;
  if (!out.reloaded) {
    // Put back: a config on disk that the running worker never loaded would hide the change from the next deploy.
    await docker.putFile(control.container, CONFIG_DIR, CONFIG_FILE, current);
    throw new ProxyError(
      `${control.container} did not start a new worker within ${RELOAD_UP_MS / 1000} s of its reload for the new check (last: ${last}); its config was put back as it was${await masterWorkerHint(docker, control.container)}`,
    );
  }
  throw new ProxyError(`${control.container} reloaded for the new check, but the live color ${live} was not UP within ${RELOAD_UP_MS / 1000} s (last: ${last})`);
}

const RELOAD_UP_MS = 15_000;

/** The on-disk config names the live color, so a proxy restart comes back serving it. */
export async function writeProxyConfig(docker: Docker, s: DeploySettings, live: Color | undefined): Promise<void> {
  const text = proxyConfig({ app: s.app, containerPort: s.containerPort, healthPath: s.healthPath, live });
  await docker.putFile(proxyName(s.app), CONFIG_DIR, CONFIG_FILE, text);
}
