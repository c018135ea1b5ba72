import { describe, expect, it } from 'vitest';
import { parseCpus, parseLogOpts, parseMemory, readAppOptions } from '../../src/settings/app.js';
import { readSettings } from '../../src/settings/index.js';
import { pathPrefix, readRouteSettings } from '../../src/settings/route.js';

// Issue 24: input edges — log-opts as Docker reads --log-opt, bounded limits, path prefixes that can match.

const inputs = (m: Record<string, string>) => (name: string) => m[name] ?? '';

describe('log-opts: one option a line, the value kept whole', () => {
  it('keeps commas inside a value (labels=team,env is one option, not a refused "env" line)', () => {
    expect(parseLogOpts('labels=team,env')).toEqual({ labels: 'team,env' });
    expect(parseLogOpts('tag=x,b=c')).toEqual({ tag: 'x,b=c' });
    expect(parseLogOpts('labels=team,env\nenv-regex=^APP_')).toEqual({ labels: 'team,env', 'env-regex': '^APP_' });
    expect(parseLogOpts('loki-external-labels=job=web,env=prod\nloki-url=https://loki/push')).toEqual({
      'loki-external-labels': 'job=web,env=prod',
      'loki-url': 'https://loki/push',
    });
    expect(readAppOptions(inputs({ 'log-driver': 'journald', 'log-opts': 'labels=team,env' })).log).toEqual({ driver: 'journald', options: { labels: 'team,env' } });
  });

  it('still reads the older single-line comma form when each comma is followed by a Docker option name', () => {
    expect(parseLogOpts('max-size=10m,max-file=3')).toEqual({ 'max-size': '10m', 'max-file': '3' });
    expect(parseLogOpts('max-size=10m, max-file=3, compress=true')).toEqual({ 'max-size': '10m', 'max-file': '3', compress: 'true' });
    expect(parseLogOpts('tag={{.Name}},labels=team,env,splunk-token=abc')).toEqual({ tag: '{{.Name}}', labels: 'team,env', 'splunk-token': 'abc' });
    // on several lines a comma never splits
    expect(parseLogOpts('max-size=10m,max-file=3\ntag=x')).toEqual({ 'max-size': '10m,max-file=3', tag: 'x' });
  });

  it('refuses an option given twice and a line that is no key=value, naming log-opts', () => {
    expect(() => parseLogOpts('max-size=1m\nmax-size=2m')).toThrow(/^Input 'log-opts': "max-size" is given twice/);
    expect(() => parseLogOpts('max-size=1m\nrotate')).toThrow(/^Input 'log-opts': line 2 "rotate" is not KEY=VALUE/);
  });
});

describe('limits: bounded when read, naming the input and the range', () => {
  it('refuses a memory limit above 1 PiB (9999999999g overflows the engine int64)', () => {
    expect(() => parseMemory('9999999999g')).toThrow(/^Input 'memory': "9999999999g" is out of range: a memory limit is from 6m to 1048576g/);
    expect(() => parseMemory('1048577g')).toThrow(/^Input 'memory'.*out of range/);
    expect(() => parseMemory('99999999999999999999999')).toThrow(/^Input 'memory'.*out of range/);
    expect(() => parseMemory('5m')).toThrow(/^Input 'memory': "5m" is below Docker's minimum of 6m: a memory limit is from 6m to 1048576g/);
    expect(parseMemory('1048576g')).toBe(1024 ** 5);
    expect(parseMemory('6m')).toBe(6 * 1024 ** 2);
  });

  it('refuses cpus outside 0.01..1024', () => {
    expect(() => parseCpus('1025')).toThrow(/^Input 'cpus': "1025" must be a number of CPUs from 0.01 to 1024/);
    expect(() => parseCpus('0.001')).toThrow(/from 0.01 to 1024/);
    expect(() => parseCpus('1e3')).toThrow(/^Input 'cpus'/);
    expect(parseCpus('1024')).toBe(1024);
  });

  it('refuses huge or negative whole numbers in every numeric input, naming it and its range', () => {
    const deploy = { image: `r/app@sha256:${'a'.repeat(64)}`, 'shipshape-entry': 'deploy', 'deploy-host': 'unix:///var/run/docker.sock' };
    const cases: [string, string, RegExp][] = [
      ['stop-timeout', '99999999999999999999', /from 0 to 3600/],
      ['ready-seconds', '3601', /from 0 to 3600/],
      ['soak-seconds', '-1', /from 0 to 3600/],
      ['health-timeout', '1e9', /from 1 to 3600/],
      ['retain', '101', /from 1 to 100/],
      ['history-limit', '1001', /from 1 to 1000/],
      ['container-port', '65536', /from 1 to 65535/],
      ['public-port', '99999', /from 1 to 65535/],
      ['replicas', '9999999999', /from 1 to 100/],
      ['record-retention-days', '91', /from 1 to 90/],
    ];
    for (const [name, value, range] of cases) {
      expect(() => readSettings(inputs({ ...deploy, [name]: value }), {}), name).toThrow(new RegExp(`^Input '${name}': "${value}" .*${range.source}`));
    }
  });
});

describe('path-prefix: no segment a normalised request path cannot have', () => {
  it('refuses dot segments, naming path-prefix, the value and what to write', () => {
    for (const p of ['/..', '/.', '/api/../x', '/api/./x', '/api/..']) {
      expect(() => pathPrefix('path-prefix', p), p).toThrow(new RegExp(`^Input 'path-prefix': ${JSON.stringify(p).replace(/[.*/]/g, '\\$&')} has a \\. or \\.\\. segment.*write the path the requests actually use`));
    }
    // a dot inside a segment is a name like any other
    expect(pathPrefix('path-prefix', '/v1.2/.well-known')).toBe('/v1.2/.well-known');
  });

  it('refuses empty segments (// no longer silently means the whole host)', () => {
    expect(() => pathPrefix('path-prefix', '//')).toThrow(/^Input 'path-prefix': "\/\/" has an empty segment \(\/\/\); leave path-prefix empty to route the whole host/);
    expect(() => pathPrefix('path-prefix', '/api//v2')).toThrow(/^Input 'path-prefix': "\/api\/\/v2" has an empty segment.*write "\/api\/v2", or leave path-prefix empty/);
    expect(() => pathPrefix('path-prefix', '/api//')).toThrow(/empty segment/);
    expect(() => readRouteSettings(inputs({ hosts: 'a.test', 'path-prefix': '//' }))).toThrow(/^Input 'path-prefix'/);
  });

  it('still takes a trailing slash, and / or nothing as the whole host', () => {
    expect(pathPrefix('path-prefix', '/api/')).toBe('/api');
    expect(pathPrefix('path-prefix', '/')).toBeUndefined();
    expect(pathPrefix('path-prefix', '')).toBeUndefined();
  });
});
