import { InputError } from '../../input-parsers.js';
import type { RouteSettings } from '../../route-inputs.js';
import type { HostApp } from './config.js';

/** What the host proxy carries, kept on the host apart from any app's state: its ports and apps. */
export interface HostProxyState {
  httpPort: RouteSettings['httpPort'];
  httpsPort: RouteSettings['httpsPort'];
  apps: HostApp[];
}

const portText = (p: { address?: string; port: number }) => (p.address ? `${p.address}:${p.port}` : String(p.port));
const routeKey = (host: string, prefix?: string) => `${host}${prefix ?? ''}`;

/**
 * The state with `app` added or replaced. A later deploy asking for other published ports fails
 * naming the input (Docker cannot change a running container's ports), and so does a host and
 * prefix another app already routes (it would take that app's traffic).
 */
export function upsertApp(state: HostProxyState | undefined, app: HostApp, ports: Pick<RouteSettings, 'httpPort' | 'httpsPort'>): HostProxyState {
  if (state) {
    for (const [input, have, want] of [
      ['http-port', state.httpPort, ports.httpPort],
      ['https-port', state.httpsPort, ports.httpsPort],
    ] as const) {
      if (portText(have) !== portText(want)) {
        throw new InputError(input, `"${portText(want)}" differs from ${portText(have)}, which the host proxy already publishes for other apps; use ${portText(have)} or move every app`);
      }
    }
    const mine = new Set(app.route.hosts.map((h) => routeKey(h, app.route.pathPrefix)));
    for (const other of state.apps) {
      if (other.app === app.app) continue;
      const clash = other.route.hosts.find((h) => mine.has(routeKey(h, other.route.pathPrefix)));
      if (clash) throw new InputError('hosts', `"${routeKey(clash, app.route.pathPrefix)}" is already routed to the app ${other.app} on this host; remove it there first`);
    }
  }
  const apps = (state?.apps ?? []).filter((a) => a.app !== app.app);
  return { httpPort: state?.httpPort ?? ports.httpPort, httpsPort: state?.httpsPort ?? ports.httpsPort, apps: [...apps, app] };
}

/** The state without `app` (teardown); the proxy itself stays, with its 404 page, when none is left. */
export function removeApp(state: HostProxyState, app: string): HostProxyState {
  return { ...state, apps: state.apps.filter((a) => a.app !== app) };
}

/** The live color of one app, as the config on disk must name it so a proxy restart serves it. */
export function withLive(state: HostProxyState, app: string, live: HostApp['live']): HostProxyState {
  return { ...state, apps: state.apps.map((a) => (a.app === app ? { ...a, live } : a)) };
}
