import { describe, expect, it } from 'vitest';
import { hostProxyConfig, MAP_FILE, NO_ROUTE_BACKEND, runtimeShape } from '../../src/deploy/placements/host-proxy/config.js';
import { longestLine, manyApps, routeOf, tlsHosts } from '../support/host-proxy-maps.js';
import { selfSignedCertificate } from '../../src/deploy/placements/host-proxy/default-cert.js';
import { hostName, LETS_ENCRYPT, pathPrefix, readRouteSettings, routeUrl } from '../../src/settings/route.js';

const reader = (m: Record<string, string>) => (n: string) => m[n] ?? '';

describe('route inputs', () => {
  it('parses hosts, prefix, tls and ports', () => {
    const r = readRouteSettings(reader({ hosts: 'WWW.Example.com, example.com\nexample.com', 'path-prefix': '/api/', tls: 'acme', 'https-port': '127.0.0.1:18443' }))!;
    expect(r).toEqual({ hosts: ['www.example.com', 'example.com'], pathPrefix: '/api', tls: 'acme', httpPort: { port: 80 }, httpsPort: { address: '127.0.0.1', port: 18443 }, acme: { directory: LETS_ENCRYPT } });
    expect(routeUrl(r)).toBe('https://www.example.com:18443/api');
  });
  it('reads the TLS inputs: a provided pair checked against hosts (key masked), acme e-mail and directory', () => {
    const pair = selfSignedCertificate('a.test');
    const secrets: string[] = [];
    const r = readRouteSettings(reader({ hosts: 'a.test', tls: 'provided', 'tls-certificate': pair.certPem, 'tls-certificate-key': pair.keyPem }), secrets)!;
    expect(r.certificate).toEqual(pair);
    expect(secrets).toEqual([pair.keyPem]);
    expect(() => readRouteSettings(reader({ hosts: 'b.test', tls: 'provided', 'tls-certificate': pair.certPem, 'tls-certificate-key': pair.keyPem }))).toThrow(/^Input 'tls-certificate': does not cover b.test/);
    expect(() => readRouteSettings(reader({ hosts: 'a.test', tls: 'provided', 'tls-certificate': pair.certPem }))).toThrow(/^Input 'tls-certificate-key': is required with tls: provided/);
    expect(() => readRouteSettings(reader({ hosts: 'a.test', 'tls-certificate': pair.certPem }))).toThrow(/^Input 'tls-certificate': is set, but tls is "off"/);
    expect(() => readRouteSettings(reader({ hosts: 'a.test', tls: 'provided', 'acme-email': 'a@b.c', 'tls-certificate': pair.certPem, 'tls-certificate-key': pair.keyPem }))).toThrow(/^Input 'acme-email': is set, but tls is "provided"/);
    const acme = readRouteSettings(reader({ hosts: 'a.test', tls: 'acme', 'acme-email': 'ops@a.test', 'acme-directory': 'https://127.0.0.1:14000/dir' }))!;
    expect(acme.acme).toEqual({ email: 'ops@a.test', directory: 'https://127.0.0.1:14000/dir' });
    expect(() => readRouteSettings(reader({ hosts: 'a.test', tls: 'acme', 'acme-directory': 'http://x/dir' }))).toThrow(/^Input 'acme-directory'/);
    expect(() => readRouteSettings(reader({ hosts: 'a.test', tls: 'acme', 'acme-email': 'nope' }))).toThrow(/^Input 'acme-email'/);
  });
  it('is absent without hosts, and refuses what needs them', () => {
    expect(readRouteSettings(reader({}))).toBeUndefined();
    expect(() => readRouteSettings(reader({ tls: 'acme' }))).toThrow(/Input 'tls'.*needs hosts/);
    expect(() => readRouteSettings(reader({ 'path-prefix': '/x' }))).toThrow(/Input 'path-prefix'/);
  });
  it('refuses values that would change a config line, naming the input', () => {
    expect(() => hostName('hosts', 'a.test if TRUE')).toThrow(/Input 'hosts': "a.test if TRUE" is not a host name/);
    expect(() => hostName('hosts', '-a.test')).toThrow(/Input 'hosts'/);
    expect(() => pathPrefix('path-prefix', '/a b')).toThrow(/Input 'path-prefix'/);
    expect(() => pathPrefix('path-prefix', '/a,(b)')).toThrow(/Input 'path-prefix'/);
    expect(() => readRouteSettings(reader({ hosts: 'a.test', tls: 'on' }))).toThrow(/Input 'tls': "on" must be off, acme or provided/);
    expect(() => readRouteSettings(reader({ hosts: 'a.test', 'http-port': 'x' }))).toThrow(/Input 'http-port'/);
  });
});

describe('host proxy config', () => {
  const files = hostProxyConfig(
    [
      { app: 'b', route: { hosts: ['b.test'], tls: 'off' }, containerPort: 8080, healthPath: '/health', live: 'green' },
      { app: 'a', route: { hosts: ['a.test'], tls: 'acme' }, containerPort: 3000, healthPath: '/', live: 'blue' },
      { app: 'a-api', route: { hosts: ['a.test'], pathPrefix: '/api', tls: 'acme' }, containerPort: 3000, healthPath: '/' },
      { app: 'a-v1', route: { hosts: ['a.test', 'www.a.test'], pathPrefix: '/api/v1', tls: 'off' }, containerPort: 3000, healthPath: '/' },
    ],
    { tls: true, staged: [{ app: 'c', route: { hosts: ['c.test'], tls: 'acme' }, containerPort: 80, healthPath: '/up' }] },
  );
  const cfg = files.config;
  const route = (host: string, path: string) => routeOf(files, host, path);
  it('routes by Host through the route map, the longest prefix first, and 404s the rest', () => {
    expect(route('a.test', '/')).toBe('app-a');
    expect(route('a.test', '/api')).toBe('app-a-api');
    expect(route('a.test', '/api/')).toBe('app-a-api');
    expect(route('a.test', '/api/x')).toBe('app-a-api');
    expect(route('a.test', '/apix')).toBe('app-a');
    expect(route('a.test', '/api/v1')).toBe('app-a-v1');
    expect(route('a.test', '/api/v1/users')).toBe('app-a-v1');
    expect(route('a.test', '/api/v1x')).toBe('app-a-api');
    expect(route('www.a.test', '/api/v1/x')).toBe('app-a-v1');
    expect(route('www.a.test', '/')).toBe(NO_ROUTE_BACKEND);
    expect(route('b.test', '/anything')).toBe('app-b');
    expect(route('a.tes', '/')).toBe(NO_ROUTE_BACKEND);
    expect(route('', '/')).toBe(NO_ROUTE_BACKEND);
    expect(route('a.test/api', '/x')).toBe(NO_ROUTE_BACKEND);
    expect(cfg).toContain(`default_backend ${NO_ROUTE_BACKEND}`);
    expect(cfg).toMatch(/http-request return status 404 content-type text\/html/);
  });
  it('never routes a staged backend: it is checked, not in the route map', () => {
    expect(cfg).toContain('backend stage-c\n');
    expect(route('c.test', '/')).toBe(NO_ROUTE_BACKEND);
    expect(Object.values(files.maps).join('')).not.toContain('stage-');
    expect(tlsHosts(files)).not.toContain('c.test');
  });
  it('strips the prefix, names the live server, checks each app', () => {
    expect(cfg).toContain('http-request set-path "%[path,regsub(^/api/?,/)]"');
    expect(cfg).toContain('server blue a-blue:3000 check init-addr last,libc,none\n');
    expect(cfg).toContain('server green a-green:3000 check disabled\n');
    expect(cfg).toContain('server green b-green:8080 check init-addr last,libc,none\n');
  });
  it("looks up only the live server's name at start: an idle color's name may not exist, each missing one a DNS timeout", () => {
    expect(cfg).toContain('init-addr last,none\n');
    expect(cfg.match(/libc/g)).toHaveLength(2);
    expect(cfg).toMatch(/server blue-bk a-blue:3000 check backup/);
    expect(cfg).not.toMatch(/server \S+ c-(blue|green):80 check init-addr last,libc/);
    const as = (live: 'blue' | 'green') => hostProxyConfig([{ app: 'x', route: { hosts: ['x.test'], tls: 'off' }, containerPort: 80, healthPath: '/', live }], { tls: true }).config;
    expect(as('blue')).not.toBe(as('green'));
    expect(runtimeShape(as('blue'))).toBe(runtimeShape(as('green')));
  });
  it('redirects TLS hosts to HTTPS except challenges and the in-container soak probe, serves h2, answers ACME from a map', () => {
    expect(cfg).toMatch(/^ {4}http-request redirect scheme https code 301 if !acme_challenge !\{ src 127\.0\.0\.1 \} \{ var\(txn\.host\) -m str -f \/usr\/local\/etc\/haproxy\/tls-[0-9a-f]{16}\.lst \}$/m);
    expect(tlsHosts(files)).toEqual(['a.test']);
    expect(cfg).toMatch(/bind :8443 ssl crt-list \S+ alpn h2,http\/1.1/);
    expect(cfg).toMatch(/http-request return status 200 content-type text\/plain lf-string "%\[path,field\(4,\/\),map\(\S+acme.map\)\]"/);
    expect(cfg).toContain('option idle-close-on-response');
    expect(cfg).toContain('hard-stop-after');
  });
  it('no redirect line without a TLS host', () => {
    const plain = hostProxyConfig([{ app: 'b', route: { hosts: ['b.test'], tls: 'off' }, containerPort: 8080, healthPath: '/' }], { tls: true });
    expect(plain.config).not.toContain('redirect');
    expect(routeOf(plain, 'b.test', '/')).toBe('app-b');
  });
  it('names each map by its content: the same apps give the same files, changed hosts other ones', () => {
    const one = (hosts: string[]) => hostProxyConfig([{ app: 'x', route: { hosts, tls: 'acme' }, containerPort: 80, healthPath: '/' }], { tls: true });
    expect(one(['x.test'])).toEqual(one(['x.test']));
    const names = (f: { maps: Record<string, string> }) => Object.keys(f.maps).sort();
    expect(names(one(['x.test']))).not.toEqual(names(one(['x.test', 'y.test'])));
    for (const n of names(files)) {
      expect(n).toMatch(MAP_FILE);
      expect(cfg).toContain(`/usr/local/etc/haproxy/${n}`);
    }
  });
  it('has no line over 64 words (HAProxy truncates there) for 200 apps and 1,000 hosts', () => {
    const many = manyApps(200, 1000);
    const big = hostProxyConfig(many, { tls: true, staged: many.slice(0, 3) });
    // No line grows with the apps: the longest is the one of a single app.
    expect(longestLine(big.config)).toBe(longestLine(hostProxyConfig(many.slice(0, 1), { tls: true }).config));
    expect(longestLine(big.config)).toBeLessThanOrEqual(64);
    const rows = Object.values(big.maps).flatMap((t) => t.split('\n').filter(Boolean));
    expect(rows.length).toBe(1000 + 500);
    for (const a of many) for (const h of a.route.hosts) expect(routeOf(big, h, `${a.route.pathPrefix ?? ''}/x`)).toBe(`app-${a.app}`);
  });
});
