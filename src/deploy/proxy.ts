import type { DeploySettings } from '../inputs.js';
import type { Docker, RegistryAuth } from './engine/docker.js';
import { CONFIG_DIR, CONFIG_FILE, FRONTEND_PORT, ProxyControl, proxyConfig, type Color } from './haproxy.js';
import { parseHostState, STATE_DIR, STATE_FILE, stateVolume, type HostState } from './host-state.js';

export const NETWORK = 'shipshape';
export const proxyName = (app: string) => `${app}-proxy`;
export const colorName = (app: string, color: Color) => `${app}-${color}`;

/** Pulls an image only when the engine does not have it yet (the proxy and lock image); auth only for its own registry. */
export async function ensureImage(docker: Docker, ref: string, platform: string, auth?: RegistryAuth): Promise<void> {
  if (await docker.imageExists(ref)) return;
  await docker.pull(ref, platform, auth && ref.startsWith(`${auth.serveraddress}/`) ? auth : undefined);
}

/**
 * The app's proxy container `<app>-proxy`: owns the public port, mounts the state volume, and
 * gets its config through the archive API before its first start. Returns it with the host state
 * (live color, history), read once here for the whole deploy.
 */
export async function ensureProxy(docker: Docker, s: DeploySettings, platform: string): Promise<{ proxy: ProxyControl; state: HostState }> {
  const name = proxyName(s.app);
  await docker.ensureNetwork(NETWORK);
  await docker.ensureVolume(stateVolume(s.app), { 'shipshape.app': s.app });
  let info = await docker.inspect(name);
  let state: HostState | undefined;
  if (!info) {
    await ensureImage(docker, s.proxyImage, platform);
    const port = `${FRONTEND_PORT}/tcp`;
    const created = await docker.create(name, {
      Image: s.proxyImage,
      Labels: { 'shipshape.app': s.app, 'shipshape.role': 'proxy' },
      ExposedPorts: { [port]: {} },
      HostConfig: {
        PortBindings: { [port]: [{ HostIp: s.publicPort.address ?? '', HostPort: String(s.publicPort.port) }] },
        RestartPolicy: { Name: 'unless-stopped' },
        NetworkMode: NETWORK,
        Mounts: [{ Type: 'volume', Source: stateVolume(s.app), Target: STATE_DIR }],
      },
    });
    if (created) {
      state = await readHostState(docker, s.app).catch(() => parseHostState(undefined));
      await writeProxyConfig(docker, s, state.live);
    }
    info = await docker.inspect(name);
  }
  if (!info) throw new Error(`proxy container ${name} vanished while being created`);
  const bound = info.HostConfig?.PortBindings?.[`${FRONTEND_PORT}/tcp`]?.[0];
  const wanted = { HostIp: s.publicPort.address ?? '', HostPort: String(s.publicPort.port) };
  if (bound && (bound.HostIp !== wanted.HostIp || bound.HostPort !== wanted.HostPort)) {
    const show = (b: { HostIp: string; HostPort: string }) => (b.HostIp ? `${b.HostIp}:${b.HostPort}` : b.HostPort);
    throw new Error(
      `input 'public-port' is ${show(wanted)} but ${name} already publishes ${show(bound)}; Docker cannot change a running container's ports, so remove ${name} on the host to move the app (this drops open connections)`,
    );
  }
  const control = new ProxyControl(docker, name);
  if (!info.State.Running) {
    await docker.start(name);
    await waitForRuntime(control, name);
  }
  state ??= await readHostState(docker, s.app);
  await applyCheckChange(docker, s, control, state.live);
  return { proxy: control, state };
}

/** The config lines that define the health check and the app port: what the runtime API cannot change. */
const checkLines = (config: string) =>
  config
    .split('\n')
    .filter((l) => /^\s*(option httpchk|server (blue|green) )/.test(l))
    .map((l) => l.replace(/ disabled$/, ''))
    .join('\n');

/**
 * A changed `health-path` or `container-port` needs a new config: HAProxy's runtime API cannot change
 * a backend's check. It is rewritten (naming the live color) and the proxy reloaded gracefully (SIGUSR2 to
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
      throw new Error(
        `input 'health-path' "${s.healthPath}" / 'container-port' ${s.containerPort} differ from the check ${control.container} runs, ` +
          `and the live color ${live} does not pass the new one (GET ${s.healthPath}: ${status}); reloading would take it down. ` +
          `Deploy once more with the previous values, or remove ${control.container} on the host to start over (this drops open connections)`,
      );
    }
  }
  await writeProxyConfig(docker, s, live);
  await docker.signal(control.container, 'SIGUSR2');
  // The reloaded worker must have checked the live server before traffic relies on it again.
  const deadline = Date.now() + 15_000;
  while (live && Date.now() < deadline) {
    const stat = (await control.stats().catch(() => ({}) as Awaited<ReturnType<ProxyControl['stats']>>))[live];
    if (stat?.status === 'UP') return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function waitForRuntime(control: ProxyControl, name: string): Promise<void> {
  let last: unknown;
  for (let i = 0; i < 50; i++) {
    try {
      await control.runtime('show info');
      return;
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`proxy ${name} did not open its runtime API within 10 s: ${(last as Error).message}`);
}

/** The on-disk config names the live color, so a proxy restart comes back serving it. */
export async function writeProxyConfig(docker: Docker, s: DeploySettings, live: Color | undefined): Promise<void> {
  const text = proxyConfig({ app: s.app, containerPort: s.containerPort, healthPath: s.healthPath, live });
  await docker.putFile(proxyName(s.app), CONFIG_DIR, CONFIG_FILE, text);
}

export async function readHostState(docker: Docker, app: string): Promise<HostState> {
  return parseHostState(await docker.getFile(proxyName(app), `${STATE_DIR}/${STATE_FILE}`));
}

export async function writeHostState(docker: Docker, app: string, state: HostState): Promise<void> {
  await docker.putFile(proxyName(app), STATE_DIR, STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
}
