import { describe, expect, it } from 'vitest';
import { removeApp, upsertApp, withLive } from '../../src/deploy/placements/host-proxy/apps.js';
import type { HostApp } from '../../src/deploy/placements/host-proxy/config.js';

const ports = { httpPort: { address: '127.0.0.1', port: 18480 }, httpsPort: { address: '127.0.0.1', port: 18443 } };
const app = (name: string, hosts: string[], pathPrefix?: string): HostApp => ({ app: name, route: { hosts, pathPrefix, tls: 'off' }, containerPort: 8080, healthPath: '/' });

describe('host proxy app set', () => {
  it('adds, replaces and removes apps without touching the others', () => {
    let s = upsertApp(undefined, app('a', ['a.test']), ports);
    s = upsertApp(s, app('b', ['b.test']), ports);
    s = upsertApp(s, app('a', ['a.test', 'www.a.test']), ports);
    s = withLive(s, 'a', 'green');
    expect(s.apps.map((a) => [a.app, a.route.hosts.length, a.live])).toEqual([['b', 1, undefined], ['a', 2, 'green']]);
    expect(removeApp(s, 'a').apps.map((a) => a.app)).toEqual(['b']);
  });
  it('lets two apps share a host on different prefixes, refuses the same route', () => {
    const s = upsertApp(upsertApp(undefined, app('a', ['a.test']), ports), app('api', ['a.test'], '/api'), ports);
    expect(s.apps).toHaveLength(2);
    expect(() => upsertApp(s, app('c', ['a.test'], '/api'), ports)).toThrow(/Input 'hosts': "a.test\/api" is already routed to the app api/);
  });
  it('refuses other published ports, naming the input', () => {
    const s = upsertApp(undefined, app('a', ['a.test']), ports);
    expect(() => upsertApp(s, app('b', ['b.test']), { ...ports, httpPort: { port: 80 } })).toThrow(/Input 'http-port': "80" differs from 127.0.0.1:18480/);
    expect(() => upsertApp(s, app('b', ['b.test']), { ...ports, httpsPort: { port: 443 } })).toThrow(/Input 'https-port'/);
  });
});
