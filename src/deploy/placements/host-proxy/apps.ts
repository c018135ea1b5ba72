import { InputError } from '../../../settings/parsers.js';
import { hostName, pathPrefix, type RouteSettings } from '../../../settings/route.js';
import { HostStateError } from '../../core/edge-errors.js';
import type { HostApp } from './config.js';

/**
 * What the host proxy carries, kept on the host apart from any app's state: its ports, the apps it
 * routes, and the entries staged by deploys under way (`staged`: each a backend of its own that no
 * request is routed to, where a candidate with a new check or port is gated; committed at the switch).
 */
export interface HostProxyState {
  httpPort: RouteSettings['httpPort'];
  httpsPort: RouteSettings['httpsPort'];
  apps: HostApp[];
  staged?: HostApp[];
}

const portText = (p: { address?: string; port: number }) => (p.address ? `${p.address}:${p.port}` : String(p.port));
const routeKey = (host: string, prefix?: string) => `${host}${prefix ?? ''}`;

/** Everything of an entry that decides how the proxy routes and checks it (not which color is live). */
export const shapeOf = (a: HostApp) =>
  JSON.stringify({ hosts: a.route.hosts, pathPrefix: a.route.pathPrefix ?? '', tls: a.route.tls, port: a.containerPort, health: a.healthPath });

/**
 * Refuses what `app` cannot have on this proxy: other published ports (Docker cannot change a running
 * container's ports) or a host and prefix another app already routes (it would take that app's traffic).
 */
export function checkFits(state: HostProxyState | undefined, app: HostApp, ports: Pick<RouteSettings, 'httpPort' | 'httpsPort'>): void {
  if (!state) return;
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

/** The state with `app` added or replaced (checked by checkFits first), its staged entry dropped. */
export function upsertApp(state: HostProxyState | undefined, app: HostApp, ports: Pick<RouteSettings, 'httpPort' | 'httpsPort'>): HostProxyState {
  checkFits(state, app, ports);
  const apps = (state?.apps ?? []).filter((a) => a.app !== app.app);
  return { httpPort: state?.httpPort ?? ports.httpPort, httpsPort: state?.httpsPort ?? ports.httpsPort, apps: [...apps, app], ...staged(state, app.app) };
}

const staged = (state: HostProxyState | undefined, without: string, add?: HostApp) => {
  const list = [...(state?.staged ?? []).filter((a) => a.app !== without), ...(add ? [add] : [])];
  return list.length > 0 ? { staged: list } : {};
};

/** The state with `app` staged (routes and live entry untouched). */
export function stageApp(state: HostProxyState | undefined, app: HostApp, ports: Pick<RouteSettings, 'httpPort' | 'httpsPort'>): HostProxyState {
  checkFits(state, app, ports);
  return { httpPort: state?.httpPort ?? ports.httpPort, httpsPort: state?.httpsPort ?? ports.httpsPort, apps: state?.apps ?? [], ...staged(state, app.app, { ...app, live: undefined }) };
}

/** The state without `app`'s staged entry. */
export function unstageApp(state: HostProxyState, app: string): HostProxyState {
  const { staged: _drop, ...rest } = state;
  return { ...rest, ...staged(state, app) };
}

/** The state with `app`'s entry as it was (`previous`), or without it when it had none; nothing staged for it. */
export function restoreApp(state: HostProxyState, app: string, previous: HostApp | undefined): HostProxyState {
  const apps = state.apps.filter((a) => a.app !== app);
  const { staged: _drop, ...rest } = state;
  return { ...rest, apps: previous ? [...apps, previous] : apps, ...staged(state, app) };
}

/** The state without `app` (teardown); the proxy itself stays, with its 404 page, when none is left. */
export function removeApp(state: HostProxyState, app: string): HostProxyState {
  const { staged: _drop, ...rest } = state;
  return { ...rest, apps: state.apps.filter((a) => a.app !== app), ...staged(state, app) };
}

/** The live color of one app, as the config on disk must name it so a proxy restart serves it. */
export function withLive(state: HostProxyState, app: string, live: HostApp['live']): HostProxyState {
  return { ...state, apps: state.apps.map((a) => (a.app === app ? { ...a, live } : a)) };
}

// Names and values read back from the host go into config lines and runtime-API commands: checked as the inputs are.
const NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;
const PATH = /^\/[\x21-\x7e]*$/;
const valid = (check: () => boolean) => {
  try {
    return check();
  } catch {
    return false;
  }
};

function checkEntry(a: unknown, where: string): HostApp {
  const e = a as HostApp;
  const bad = (what: string) => new HostStateError(`${where}: ${what}; fix or remove the entry`);
  if (!e || typeof e !== 'object' || typeof e.app !== 'string' || !NAME.test(e.app)) throw bad(`an entry has no valid app name (${JSON.stringify((e as { app?: unknown })?.app)})`);
  const r = e.route;
  if (!r || !Array.isArray(r.hosts) || r.hosts.length === 0 || !r.hosts.every((h) => typeof h === 'string' && valid(() => hostName('hosts', h) === h))) throw bad(`the app ${e.app} has invalid hosts`);
  if (r.pathPrefix !== undefined && (typeof r.pathPrefix !== 'string' || !valid(() => pathPrefix('path-prefix', r.pathPrefix!) === r.pathPrefix))) throw bad(`the app ${e.app} has an invalid path prefix`);
  if (!['off', 'provided', 'acme'].includes(r.tls)) throw bad(`the app ${e.app} has an unknown tls mode`);
  if (!Number.isInteger(e.containerPort) || e.containerPort < 1 || e.containerPort > 65535) throw bad(`the app ${e.app} has an invalid container port`);
  if (typeof e.healthPath !== 'string' || !PATH.test(e.healthPath)) throw bad(`the app ${e.app} has an invalid health path`);
  if (e.live !== undefined && e.live !== 'blue' && e.live !== 'green') throw bad(`the app ${e.app} has an unknown live color`);
  return e;
}

/** Parses and checks the app list read from the proxy's state (`where` names the file for the error). */
export function parseHostProxyState(text: string, where: string): HostProxyState {
  let v: HostProxyState;
  try {
    v = JSON.parse(text) as HostProxyState;
  } catch (e) {
    throw new HostStateError(`${where} is not JSON; fix or remove it`, { cause: e });
  }
  if (!v || typeof v !== 'object' || !Array.isArray(v.apps)) throw new HostStateError(`${where} has no app list; fix or remove it`);
  const port = (p: unknown) => !!p && typeof p === 'object' && Number.isInteger((p as { port: unknown }).port);
  if (!port(v.httpPort) || !port(v.httpsPort)) throw new HostStateError(`${where} has no valid published ports; fix or remove it`);
  v.apps.forEach((a) => checkEntry(a, where));
  if (v.staged !== undefined && !Array.isArray(v.staged)) throw new HostStateError(`${where} has an invalid staged list; fix or remove it`);
  (v.staged ?? []).forEach((a) => checkEntry(a, where));
  return v;
}
