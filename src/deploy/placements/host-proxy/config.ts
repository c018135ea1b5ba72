import { createHash } from 'node:crypto';
import type { RouteSettings } from '../../../settings/route.js';
import { CONFIG_DIR, PROXY_DEFAULTS, RETRY_LINES, RUNTIME_PORT, serverLines } from '../../haproxy.js';
import { COLORS, type Color } from '../../core/color.js';

/** In-container ports of the host-wide proxy (≥ 1024: the official image runs as a non-root user). */
export const HOST_HTTP_PORT = 8080;
export const HOST_HTTPS_PORT = 8443;
export const ACME_MAP = `${CONFIG_DIR}/acme.map`;
export const CRT_LIST = `${CONFIG_DIR}/certs.list`;
/** Servers' runtime state saved before a reload and loaded by the new worker (colors, addresses, drains). */
export const SERVER_STATE = `${CONFIG_DIR}/server-state`;
export const NO_ROUTE_BACKEND = 'shipshape-no-route';
export const appBackend = (app: string) => `app-${app}`;
/** A staged entry's backend: the candidate's check and port, routed to by no request. */
export const stageBackend = (app: string) => `stage-${app}`;

/** One app on the host proxy: its routes (validated by settings/route.ts) and its check. */
export interface HostApp {
  app: string;
  route: Pick<RouteSettings, 'hosts' | 'pathPrefix' | 'tls'>;
  containerPort: number;
  healthPath: string;
  live?: Color;
}

const NOT_FOUND =
  '<!doctype html><title>404 Not Found</title><h1>404 Not Found</h1><p>No app on this proxy serves this host and path.</p>';

/**
 * Servers start from the address the last worker had (`last`) or none, the `docker` resolver finding
 * it at run time; only the live server's name is also looked up at start
 * (`libc`): it is the one a committed entry serves from at once. Every other name may well not exist
 * (the idle color), and each missing name costs `haproxy -c` and a new worker a DNS timeout — minutes
 * at 200 apps.
 */
const liveLookedUp = (a: HostApp, lines: string[]) => (a.live ? lines.map((l) => (l.startsWith(`    server ${a.live} `) ? l.replace(/ check\b/, ' check init-addr last,libc,none') : l)) : lines);

/** What the running worker cannot take from the runtime API: everything but the servers' `disabled` flags and start-up lookups. */
export const runtimeShape = (config: string) => config.replace(/ init-addr \S+/g, '').replace(/ disabled$/gm, '');

/** The config and the files it loads, each written in CONFIG_DIR under its name (`maps`: name → content). */
export interface HostProxyFiles {
  config: string;
  maps: Record<string, string>;
}

/** The names routes and TLS-host files take: their content's hash, so a config names exactly the files it was checked with. */
export const MAP_FILE = /^(?:routes-[0-9a-f]{16}\.map|tls-[0-9a-f]{16}\.lst)$/;
const named = (kind: 'routes' | 'tls', ext: string, text: string) => `${kind}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.${ext}`;

/**
 * The route map, looked up with `map_beg` (HAProxy's prefix tree: the longest key wins) on the request's
 * `<host><path>/`: an app without prefix has `<host>/`, one with `/api` has `<host>/api/`, which takes
 * `/api` (`/api/` after the appended slash) and `/api/…` but not `/apix`. Longest prefix first, for a reader.
 */
export function routeMap(apps: HostApp[]): string {
  const rows = [...apps]
    .sort((x, y) => (y.route.pathPrefix?.length ?? 0) - (x.route.pathPrefix?.length ?? 0) || x.app.localeCompare(y.app))
    .flatMap((a) => a.route.hosts.map((h) => `${h}${a.route.pathPrefix ?? ''}/ ${appBackend(a.app)}`));
  return rows.length > 0 ? `${rows.join('\n')}\n` : '';
}

/** The hosts redirected to HTTPS: every host of an app with TLS, one a line. */
export function tlsHostList(apps: HostApp[]): string {
  const hosts = [...new Set(apps.filter((a) => a.route.tls !== 'off').flatMap((a) => a.route.hosts))].sort();
  return hosts.length > 0 ? `${hosts.join('\n')}\n` : '';
}

/**
 * The host-wide proxy's config: one backend per app, chosen by the request's Host (port dropped,
 * lower-cased, a trailing dot stripped) and path prefix, longest prefix first, through a map file
 * (routeMap); anything else gets the proxy's 404 page. No line grows with the number of apps or hosts
 * (HAProxy truncates a line after 64 words): hosts and routes live in files the config names.
 * ACME HTTP-01 answers come from a map the runtime API fills (`add map`), so the proxy answers
 * challenges itself; apps with TLS get HTTP redirected to HTTPS (challenges excepted). SNI only
 * picks the certificate (crt-list); routing is always by Host. Swaps stay runtime-API `set server`
 * commands; a changed app set is written here and applied by a hitless reload (master-worker).
 */
export function hostProxyConfig(apps: HostApp[], o: { tls: boolean; staged?: HostApp[] }): HostProxyFiles {
  const sorted = [...apps].sort((a, b) => a.app.localeCompare(b.app));
  const routes = routeMap(sorted);
  const tlsHosts = tlsHostList(sorted);
  const routesFile = named('routes', 'map', routes);
  const tlsFile = named('tls', 'lst', tlsHosts);
  const frontend = (name: string, bind: string, redirect: boolean) => [
    `frontend ${name}`,
    `    bind ${bind}`,
    // The Host routed on: port dropped, lower-cased, one trailing dot stripped (`app.example.` is the
    // same name fully qualified; the inputs strip it too).
    '    http-request set-var(txn.host) hdr(host),field(1,:),lower,regsub([.]$,)',
    '    acl acme_challenge path_beg /.well-known/acme-challenge/',
    `    http-request return status 200 content-type text/plain lf-string "%[path,field(4,/),map(${ACME_MAP})]" if acme_challenge { path,field(4,/),map(${ACME_MAP}) -m found }`,
    ...(redirect && tlsHosts !== ''
      ? // Not the deploy's own soak probe, sent from inside the proxy's container over plain HTTP.
        [`    http-request redirect scheme https code 301 if !acme_challenge !{ src 127.0.0.1 } { var(txn.host) -m str -f ${CONFIG_DIR}/${tlsFile} }`]
      : []),
    // The route key `<host><path>/` (see routeMap).
    '    http-request set-var(txn.path) path',
    '    http-request set-var(txn.route) var(txn.host),concat(,txn.path,/)',
    // A Host with a slash would reach into the path part of the key: no route.
    `    use_backend %[var(txn.route),map_beg(${CONFIG_DIR}/${routesFile},${NO_ROUTE_BACKEND})] if !{ var(txn.host) -m sub / }`,
    `    default_backend ${NO_ROUTE_BACKEND}`,
    '',
  ];
  const check = (a: HostApp) => [
    `    option httpchk GET ${a.healthPath}`,
    '    http-check expect rstatus ^2[0-9][0-9]$',
    '    default-server inter 500ms fastinter 250ms downinter 500ms rise 2 fall 3 resolvers docker init-addr last,none',
  ];
  const backend = (a: HostApp) => {
    const p = a.route.pathPrefix;
    return [
      `backend ${appBackend(a.app)}`,
      '    balance roundrobin',
      ...(p ? [`    http-request set-path "%[path,regsub(^${p.replace(/\./g, '\\\\.')}/?,/)]"`] : []),
      ...RETRY_LINES,
      ...check(a),
      ...liveLookedUp(a, serverLines(a.app, a.containerPort, a.live)),
      '',
    ];
  };
  // Only checks run here: its servers are never sent a request.
  const stage = (a: HostApp) => [`backend ${stageBackend(a.app)}`, ...check(a), ...COLORS.map((c) => `    server ${c} ${a.app}-${c}:${a.containerPort} check disabled`), ''];
  const config = [
    'global',
    `    stats socket ipv4@127.0.0.1:${RUNTIME_PORT} level admin expose-fd listeners`,
    '    stats timeout 10s',
    // An old worker left after a reload finishes its requests, then is stopped (bounded).
    '    hard-stop-after 30s',
    `    server-state-file ${SERVER_STATE}`,
    '',
    ...PROXY_DEFAULTS,
    // A worker being replaced tells keep-alive clients to close after their current response.
    '    option idle-close-on-response',
    '    load-server-state-from-file global',
    // Many apps' checks and a reload's second worker share the host: a check answered in 2 s is not a
    // failure (the default, `inter` 500 ms, took a loaded app down right after a reload).
    '    timeout check 2s',
    '',
    'resolvers docker',
    '    nameserver dns 127.0.0.11:53',
    '    hold valid 2s',
    '',
    ...frontend('http', `:${HOST_HTTP_PORT}`, true),
    ...(o.tls ? frontend('https', `:${HOST_HTTPS_PORT} ssl crt-list ${CRT_LIST} alpn h2,http/1.1`, false) : []),
    `backend ${NO_ROUTE_BACKEND}`,
    `    http-request return status 404 content-type text/html string "${NOT_FOUND.replace(/"/g, '\\"')}"`,
    '',
    ...sorted.flatMap(backend),
    ...[...(o.staged ?? [])].sort((a, b) => a.app.localeCompare(b.app)).flatMap(stage),
  ].join('\n');
  return { config, maps: { [routesFile]: routes, [tlsFile]: tlsHosts } };
}
