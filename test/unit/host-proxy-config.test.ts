import { describe, expect, it } from 'vitest';
import { hostProxyConfig, NO_ROUTE_BACKEND } from '../../src/deploy/placements/host-proxy/config.js';
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
  const cfg = hostProxyConfig(
    [
      { app: 'b', route: { hosts: ['b.test'], tls: 'off' }, containerPort: 8080, healthPath: '/health', live: 'green' },
      { app: 'a', route: { hosts: ['a.test'], tls: 'acme' }, containerPort: 3000, healthPath: '/', live: 'blue' },
      { app: 'a-api', route: { hosts: ['a.test'], pathPrefix: '/api', tls: 'acme' }, containerPort: 3000, healthPath: '/' },
    ],
    { tls: true },
  );
  const lines = cfg.split('\n');
  it('routes by Host, the longest prefix first, and 404s the rest', () => {
    const use = lines.filter((l) => l.includes('use_backend')).slice(0, 3);
    expect(use[0]).toContain('use_backend app-a-api if { var(txn.host) -m str a.test } { path -m str /api } ||');
    expect(use[0]).toContain('{ path_beg /api/ }');
    expect(cfg).toContain(`default_backend ${NO_ROUTE_BACKEND}`);
    expect(cfg).toMatch(/http-request return status 404 content-type text\/html/);
  });
  it('strips the prefix, names the live server, checks each app', () => {
    expect(cfg).toContain('http-request set-path "%[path,regsub(^/api/?,/)]"');
    expect(cfg).toContain('server blue a-blue:3000 check\n');
    expect(cfg).toContain('server green a-blue'.replace('a-blue', 'a-green') + ':3000 check disabled');
    expect(cfg).toContain('server green b-green:8080 check\n');
  });
  it('redirects TLS hosts to HTTPS except challenges and the in-container soak probe, serves h2, answers ACME from a map', () => {
    expect(cfg).toContain('http-request redirect scheme https code 301 if !acme_challenge !{ src 127.0.0.1 } { var(txn.host) -m str a.test }');
    expect(cfg).toMatch(/bind :8443 ssl crt-list \S+ alpn h2,http\/1.1/);
    expect(cfg).toMatch(/http-request return status 200 content-type text\/plain lf-string "%\[path,field\(4,\/\),map\(\S+acme.map\)\]"/);
    expect(cfg).toContain('option idle-close-on-response');
    expect(cfg).toContain('hard-stop-after');
  });
});
