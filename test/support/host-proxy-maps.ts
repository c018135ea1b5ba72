// Reading the host proxy's config and maps as HAProxy does, and a host of many apps, for the tests
// and the bench of the host proxy at scale.
import { CONFIG_DIR } from '../../src/deploy/haproxy.js';
import type { HostApp, HostProxyFiles } from '../../src/deploy/placements/host-proxy/config.js';
import { runOk } from './process.js';

const fileNamed = (f: HostProxyFiles, re: RegExp, what: string) => {
  const path = re.exec(f.config)?.[1];
  const name = path?.startsWith(`${CONFIG_DIR}/`) ? path.slice(CONFIG_DIR.length + 1) : undefined;
  const text = name === undefined ? undefined : f.maps[name];
  if (text === undefined) throw new Error(`the config names no ${what} among its maps (${path ?? 'no line'})`);
  return text;
};

/**
 * The backend a request goes to: the config's `use_backend` line's map looked up as `map_beg` does —
 * the longest key that begins `<host><path>/` — or the map's default.
 */
export function routeOf(f: HostProxyFiles, host: string, path: string): string {
  const line = /use_backend %\[var\(txn\.route\),map_beg\((\S+),(\S+)\)\] if !\{ var\(txn\.host\) -m sub \/ \}/.exec(f.config);
  if (!line) throw new Error('the config has no use_backend by the route map, for hosts without a slash');
  if (host.includes('/')) return line[2]!;
  const key = `${host}${path}/`;
  let best: { key: string; backend: string } | undefined;
  for (const row of fileNamed(f, /map_beg\(([^,]+),/, 'route map').split('\n')) {
    const [k, backend] = row.split(' ');
    if (k && backend && key.startsWith(k) && (!best || k.length > best.key.length)) best = { key: k, backend };
  }
  return best?.backend ?? line[2]!;
}

/** The hosts the HTTP frontend redirects to HTTPS (none without a redirect line). */
export function tlsHosts(f: HostProxyFiles): string[] {
  if (!/redirect scheme https .* -m str -f /.test(f.config)) return [];
  return fileNamed(f, /redirect scheme https .* -m str -f (\S+) \}/, 'TLS host list')
    .split('\n')
    .filter(Boolean);
}

/** The most words on one config line (HAProxy truncates a line after 64). */
export const longestLine = (text: string) => Math.max(...text.split('\n').map((l) => l.trim().split(/\s+/).filter(Boolean).length));

/**
 * `apps` apps sharing `hosts` host names evenly (`<prefix>-<app>-<n>.test`), every other app with TLS
 * (half the names), every tenth with a path prefix.
 */
export function manyApps(apps: number, hosts: number, o: { prefix?: string; port?: number } = {}): HostApp[] {
  const p = o.prefix ?? 'sc';
  const per = Math.ceil(hosts / apps);
  return Array.from({ length: apps }, (_, i) => {
    const app = `${p}-app-${String(i).padStart(3, '0')}`;
    const names = Array.from({ length: Math.min(per, hosts - i * per) }, (_, n) => `${app}-${n}.test`);
    return {
      app,
      route: { hosts: names, tls: i % 2 === 0 ? 'provided' : 'off', ...(i % 10 === 5 && { pathPrefix: `/svc${i}` }) },
      containerPort: o.port ?? 8080,
      healthPath: '/',
      live: 'blue',
    } satisfies HostApp;
  });
}

const BACKGROUND_CONFIG = [
  'global',
  '    maxconn 4000',
  'defaults',
  '    mode http',
  '    timeout connect 3s',
  '    timeout client 30s',
  '    timeout server 30s',
  'frontend bg',
  '    bind :8080',
  '    http-request return status 200 content-type text/plain string bg',
].join('\n');

/**
 * One container answering 200 "bg" on 8080 to any request, reachable on `network` under the live
 * server name of every app in `apps` (`<app>-<live>`, DNS aliases): many apps' backends, one small
 * process (HAProxy itself, no fork per request as busybox httpd does).
 */
export async function startBackgroundApps(name: string, apps: HostApp[], o: { image: string; network: string }): Promise<void> {
  const aliases = apps.flatMap((a) => ['--network-alias', `${a.app}-${a.live ?? 'blue'}`]);
  await runOk('docker', ['run', '-d', '--name', name, '--network', o.network, ...aliases, '-e', `BG=${BACKGROUND_CONFIG}`, o.image, 'sh', '-c', 'printf "%s\\n" "$BG" > /tmp/bg.cfg && exec haproxy -f /tmp/bg.cfg']);
}
