import { describe, expect, it } from 'vitest';
import { parseCpus, parseMemory, parseNetworks, parseVolumes, readAppOptions } from '../../src/settings/app.js';
import { containerSpec } from '../../src/deploy/docker-host/runtime.js';
import { instanceSpec } from '../../src/deploy/core/spec.js';
import { readSettings } from '../../src/settings/index.js';

const inputs = (m: Record<string, string>) => (name: string) => m[name] ?? '';

describe('app inputs (issue 13)', () => {
  it('parses named volumes, bind mounts and tmpfs', () => {
    expect(parseVolumes('data:/data\n/srv/up:/uploads:ro\ntmpfs:/tmp/cache\n# comment')).toEqual([
      { kind: 'volume', source: 'data', target: '/data', readOnly: false },
      { kind: 'bind', source: '/srv/up', target: '/uploads', readOnly: true },
      { kind: 'tmpfs', target: '/tmp/cache' },
    ]);
  });

  it('refuses relative host paths, .., duplicate targets and the workdir, naming the input and the line', () => {
    expect(() => parseVolumes('./up:/uploads')).toThrow(/Input 'volumes': "\.\/up:\/uploads": the host path "\.\/up" must be absolute/);
    expect(() => parseVolumes('up/x:/uploads')).toThrow(/must be absolute/);
    expect(() => parseVolumes('/srv/../etc:/x')).toThrow(/host path must not contain "\.\."/);
    expect(() => parseVolumes('data:/a/../b')).toThrow(/target must not contain "\.\."/);
    expect(() => parseVolumes('a:/data\nb:/data/')).toThrow(/\/data is mounted twice/);
    expect(() => parseVolumes('data:/app', '/app')).toThrow(/"data:\/app": the target \/app is the app's workdir/);
    expect(() => parseVolumes('data:relative')).toThrow(/must be an absolute path/);
    expect(() => parseVolumes('data:/x:rx')).toThrow(/mode must be ro or rw, not "rx"/);
    expect(() => parseVolumes('tmpfs:/x:ro')).toThrow(/tmpfs cannot be read-only/);
  });

  it('parses networks with aliases; refuses host, none and duplicates', () => {
    expect(parseNetworks('backend, jobs')).toEqual([
      { name: 'backend', aliases: [] },
      { name: 'jobs', aliases: [] },
    ]);
    expect(parseNetworks('backend:web,api\njobs')).toEqual([
      { name: 'backend', aliases: ['web', 'api'] },
      { name: 'jobs', aliases: [] },
    ]);
    expect(() => parseNetworks('host')).toThrow(/Input 'networks': "host"/);
    expect(() => parseNetworks('a\na')).toThrow(/a is listed twice/);
  });

  it('reads Docker units for memory and cpus', () => {
    expect(parseMemory('512m')).toBe(512 * 1024 ** 2);
    expect(parseMemory('1g')).toBe(1024 ** 3);
    expect(parseMemory('')).toBeUndefined();
    expect(() => parseMemory('lots')).toThrow(/Input 'memory': "lots" is not a size/);
    expect(() => parseMemory('1m')).toThrow(/below Docker's minimum/);
    expect(parseCpus('1.5')).toBe(1.5);
    expect(() => parseCpus('-1')).toThrow(/Input 'cpus': "-1"/);
  });

  it('defaults: web, rotated json-file logs, stop-timeout 10, ready 5 s, overlap, retain 5', () => {
    const o = readAppOptions(inputs({}));
    expect(o).toMatchObject({ role: 'web', stopTimeoutSeconds: 10, readySeconds: 5, overlap: true, retain: 5, volumes: [], networks: [] });
    expect(o.log).toEqual({ driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } });
    expect(readAppOptions(inputs({ 'log-driver': 'local' })).log).toEqual({ driver: 'local', options: {} });
    expect(readAppOptions(inputs({ 'log-opts': 'max-size=1m' })).log.options).toEqual({ 'max-size': '1m' });
    expect(() => readAppOptions(inputs({ role: 'cron' }))).toThrow(/Input 'role': "cron" must be web or worker/);
    expect(() => readAppOptions(inputs({ 'health-cmd': 'true' }))).toThrow(/Input 'health-cmd'.*role: worker only/);
    expect(() => readAppOptions(inputs({ retain: '0' }))).toThrow(/Input 'retain': "0"/);
    expect(readAppOptions(inputs({ 'release-command': "sh -c 'rake db:migrate'" })).releaseCommand).toEqual(['sh', '-c', 'rake db:migrate']);
  });

  it('the service spec carries the options; the container spec applies them', () => {
    const settings = readSettings(
      inputs({
        image: '127.0.0.1:5000/i13/web@sha256:' + 'a'.repeat(64),
        'shipshape-entry': 'deploy',
        'deploy-host': 'unix:///var/run/docker.sock',
        volumes: 'data:/data\ntmpfs:/scratch',
        networks: 'db:web',
        memory: '256m',
        cpus: '0.5',
        'stop-timeout': '20',
        role: 'worker',
        'health-cmd': 'test -f /tmp/up',
      }),
      {},
    ).deploy!;
    const spec = instanceSpec(settings, { color: 'blue', image: 'x@sha256:' + 'b'.repeat(64), platform: 'linux/amd64', network: 'shipshape', owner: { id: 'r' } });
    expect(spec).toMatchObject({ role: 'worker', networks: [{ name: 'db', aliases: ['web'] }], limits: { memoryBytes: 256 * 1024 ** 2, cpus: 0.5 }, stopTimeoutSeconds: 20 });
    const c = containerSpec(spec);
    expect(c).toMatchObject({
      StopTimeout: 20,
      Healthcheck: { Test: ['CMD-SHELL', 'test -f /tmp/up'] },
      HostConfig: {
        Memory: 256 * 1024 ** 2,
        NanoCpus: 5e8,
        LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
        Mounts: [
          { Type: 'volume', Source: 'data', Target: '/data', ReadOnly: false },
          { Type: 'tmpfs', Target: '/scratch' },
        ],
      },
    });
  });
});

describe('the build record of an app deploy', () => {
  it('names volume targets, networks, limits, logs, the release exit code and pruned images; no env values', async () => {
    const { appRecord } = await import('../../src/steps/deploy-app-record.js');
    const s = {
      ...readSettings(inputs({ image: 'r/app@sha256:' + 'a'.repeat(64), 'shipshape-entry': 'deploy', 'deploy-host': 'unix:///var/run/docker.sock', 'deploy-env': 'TOKEN=very-secret-value', volumes: 'data:/data\ntmpfs:/t', networks: 'db', memory: '128m', 'release-command': 'migrate' }), {}).deploy!,
    };
    const rec = appRecord(s, { release: { command: ['migrate'], exitCode: 1, ms: 5 }, images: { retain: 5, retained: ['a'], pruned: ['b'], inUse: [] } });
    expect(rec).toMatchObject({
      role: 'web',
      volumes: [{ kind: 'volume', source: 'data', target: '/data', read_only: false }, { kind: 'tmpfs', target: '/t' }],
      networks: [{ name: 'db', aliases: [] }],
      limits: { memory_bytes: 128 * 1024 ** 2, stop_timeout_seconds: 10 },
      log: { driver: 'json-file', option_names: ['max-file', 'max-size'] },
      release: { command: ['migrate'], exit_code: 1, ms: 5 },
      images: { retain: 5, retained: ['a'], pruned: ['b'], in_use: [] },
    });
    expect(JSON.stringify(rec)).not.toContain('very-secret-value');
  });
});
