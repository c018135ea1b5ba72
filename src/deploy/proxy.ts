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
 * gets its config through the archive API before its first start.
 */
export async function ensureProxy(docker: Docker, s: DeploySettings, platform: string): Promise<ProxyControl> {
  const name = proxyName(s.app);
  await docker.ensureNetwork(NETWORK);
  await docker.ensureVolume(stateVolume(s.app), { 'shipshape.app': s.app });
  let info = await docker.inspect(name);
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
      const state = await readHostState(docker, s.app).catch(() => parseHostState(undefined));
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
  return control;
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
