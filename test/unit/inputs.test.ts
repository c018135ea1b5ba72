import { describe, expect, it } from 'vitest';
import { InputError, parseCommand, parseDeployHost, parseKeyValues, parseList, readSettings } from '../../src/settings/index.js';

const reader = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';
const settings = (inputs: Record<string, string>, env: NodeJS.ProcessEnv = { GITHUB_WORKSPACE: '/ws', RUNNER_TEMP: '/tmp/rt' }) =>
  readSettings(reader({ image: 'ghcr.io/Acme/Web', ...inputs }), env);

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('checks the inputs alone decide, done when they are read (issue 21)', () => {
  const deploy = { 'deploy-host': 'unix:///var/run/docker.sock' };

  it('refuses hosts with role: worker (a worker has no route), except for remove and renew', () => {
    expect(errorOf(() => settings({ ...deploy, hosts: 'web.example.com', role: 'worker' })).message).toBe("Input 'hosts': is set, but role is worker: a worker has no route");
    expect(errorOf(() => settings({ ...deploy, hosts: 'web.example.com', role: 'worker', rollback: 'true' })).input).toBe('hosts');
    expect(settings({ ...deploy, hosts: 'web.example.com', role: 'worker', remove: 'true' }).deploy?.remove).toBe(true);
    expect(settings({ ...deploy, hosts: 'web.example.com', role: 'worker', renew: 'true' }).deploy?.renew).toBe(true);
  });

  it('refuses tcp:// without all of docker-tls-ca, -cert and -key (or their deprecated tls-* names); with them the engine TLS is in engineTls', () => {
    const tcp = { 'deploy-host': 'tcp://10.0.0.5:2376' };
    const old = { 'tls-ca': 'CA', 'tls-cert': 'CERT', 'tls-key': 'KEY' };
    const renamed = { 'docker-tls-ca': 'CA', 'docker-tls-cert': 'CERT', 'docker-tls-key': 'KEY' };
    for (const tls of [old, renamed]) {
      for (const missing of Object.keys(tls)) {
        const given = { ...tcp, ...tls, [missing]: '' };
        expect(errorOf(() => settings(given)).message, missing).toBe(
          "Input 'deploy-host': tcp://10.0.0.5:2376 needs docker-tls-ca, docker-tls-cert and docker-tls-key (the engine's client TLS: it must verify the client and be verified)",
        );
      }
      const s = settings({ ...tcp, ...tls });
      expect(s.deploy?.engineTls).toEqual({ ca: 'CA', cert: 'CERT', key: 'KEY' });
      expect(s.secrets).toContain('KEY');
    }
    expect(settings(deploy).deploy?.engineTls).toBeUndefined();
  });

  it('refuses a single-host input with deploy-mode swarm, and replicas with deploy-mode container, when read', () => {
    expect(errorOf(() => settings({ ...deploy, 'deploy-mode': 'swarm', 'soak-seconds': '30' })).input).toBe('soak-seconds');
    expect(errorOf(() => settings({ ...deploy, 'deploy-mode': 'container', replicas: '3' })).input).toBe('replicas');
    // auto: only the engine can say which mode it is; the deploy refuses then (swarm/run.ts, swarmMode)
    expect(settings({ ...deploy, 'soak-seconds': '30', replicas: '3' }).deploy?.modes).toEqual({ mode: 'auto', replicas: 3, containerOnly: ['soak-seconds'] });
  });
});

describe('readSettings', () => {
  it('applies the documented defaults and lowercases the image', () => {
    const s = settings({});
    expect(s.entry).toBe('build');
    expect(s.build.image).toEqual({ registry: 'ghcr.io', repository: 'acme/web' });
    expect(s.build.context).toBe('/ws');
    expect(s.build.platforms.map((p) => `${p.os}/${p.architecture}`)).toEqual(['linux/amd64', 'linux/arm64']);
    expect(s.build.workdir).toBe('/app');
    expect(s.build.push).toBe(true);
    expect(s.build.cache).toBe(true);
    expect(s.build.ociLayout).toBe('/tmp/rt/shipshape/web-oci');
    expect(s.build.base).toBeUndefined();
    expect(s.deploy).toBeUndefined();
  });

  it('sbom and provenance default to true; false turns each off; a bad value names the input', () => {
    expect(settings({}).attest).toEqual({ sbom: true, provenance: true });
    expect(settings({ sbom: 'false', provenance: 'false' }).attest).toEqual({ sbom: false, provenance: false });
    expect(settings({ provenance: 'false' }).attest).toEqual({ sbom: true, provenance: false });
    expect(errorOf(() => settings({ sbom: 'maybe' })).message).toMatch(/'sbom': "maybe"/);
  });

  it('requires image and names it', () => {
    expect(errorOf(() => readSettings(reader({}), {})).message).toMatch(/Input 'image': is required/);
  });

  it('accepts tag names and metadata-action full refs of the same repository', () => {
    const s = settings({ tags: 'latest, v1\nghcr.io/acme/web:1.2.3\nghcr.io/acme/web:latest' });
    expect(s.build.tags).toEqual(['latest', 'v1', '1.2.3']);
    expect(errorOf(() => settings({ tags: 'ghcr.io/other/app:1' })).message).toMatch(/'tags'.*ghcr.io\/other\/app/);
    expect(errorOf(() => settings({ tags: 'bad tag!' })).message).toMatch(/'tags'.*"bad tag!"/);
  });

  it('names the input and value for a bad platform, boolean, port or KEY=VALUE line', () => {
    expect(errorOf(() => settings({ platforms: 'linux/amd64,linux/sparc' })).message).toMatch(/'platforms'.*linux\/sparc/);
    expect(errorOf(() => settings({ push: 'maybe' })).message).toMatch(/'push': "maybe"/);
    expect(errorOf(() => settings({ env: 'A=1\nnot a pair' })).message).toMatch(/'env': line 2 "not a pair"/);
    expect(errorOf(() => settings({ expose: '80, http' })).message).toMatch(/'expose': "http"/);
    expect(errorOf(() => settings({ workdir: 'app' })).message).toMatch(/'workdir': "app"/);
    expect(errorOf(() => settings({ 'platform-files': 'linux/s390x=x' })).message).toMatch(/'platform-files'.*not in platforms/);
  });

  it('parses the build config inputs', () => {
    const s = settings({
      base: '127.0.0.1:5000/shipshape/base:1',
      cmd: '["httpd","-f"]',
      entrypoint: 'sh -c "echo hi"',
      env: 'A=1\nB=x=y',
      expose: '8080, 53/udp',
      'platform-files': 'linux/arm64=arm',
      layers: 'package*.json\n\nnode_modules/**',
    });
    expect(s.build.base).toEqual({ registry: '127.0.0.1:5000', repository: 'shipshape/base', tag: '1' });
    expect(s.build.cmd).toEqual(['httpd', '-f']);
    expect(s.build.entrypoint).toEqual(['sh', '-c', 'echo hi']);
    expect(s.build.env).toEqual([['A', '1'], ['B', 'x=y']]);
    expect(s.build.expose).toEqual(['8080/tcp', '53/udp']);
    expect(s.build.platformFiles).toEqual([{ platform: { os: 'linux', architecture: 'arm64' }, dir: '/ws/arm' }]);
    expect(s.build.layers).toEqual(['package*.json', 'node_modules/**']);
  });

  it('reads deploy settings, collects secrets and never echoes a deploy-env value', () => {
    const s = settings({
      'deploy-host': 'ssh://deploy@example.com:2222',
      'ssh-private-key': 'KEYMATERIAL',
      'ssh-known-hosts': '[example.com]:2222 ssh-ed25519 AAAA',
      'deploy-env': 'DB_PASSWORD=hunter22',
      'public-port': '127.0.0.1:18080',
      'registry-username': 'u',
      'registry-password': 'p4ss',
    });
    expect(s.deploy?.host).toMatchObject({ kind: 'ssh', user: 'deploy', host: 'example.com', port: 2222 });
    expect(s.deploy?.app).toBe('web');
    expect(s.deploy?.publicPort).toEqual({ address: '127.0.0.1', port: 18080 });
    expect(s.secrets).toEqual(expect.arrayContaining(['KEYMATERIAL', 'hunter22', 'p4ss']));
    const e = errorOf(() => settings({ 'deploy-host': 'unix:///s', 'deploy-env': 'SECRETVALUE' }));
    expect(e.message).toMatch(/'deploy-env'/);
    expect(e.message).not.toContain('SECRETVALUE');
  });

  it('requires host-key material for ssh and a deploy-host for the deploy entry', () => {
    expect(errorOf(() => settings({ 'deploy-host': 'ssh://u@h', 'ssh-private-key': 'k' })).message).toMatch(/ssh-known-hosts/);
    expect(errorOf(() => settings({ 'shipshape-entry': 'deploy' })).message).toMatch(/'deploy-host'/);
  });
});

describe('input parsers', () => {
  it('parses deploy hosts', () => {
    expect(parseDeployHost('unix:///var/run/docker.sock')).toMatchObject({ kind: 'unix', path: '/var/run/docker.sock' });
    expect(parseDeployHost('tcp://127.0.0.1:2376')).toMatchObject({ kind: 'tcp', host: '127.0.0.1', port: 2376 });
    expect(parseDeployHost('ssh://root@127.0.0.1')).toMatchObject({ kind: 'ssh', port: 22 });
    expect(() => parseDeployHost('ftp://x')).toThrow(/'deploy-host': "ftp:\/\/x" has unsupported scheme/);
    expect(() => parseDeployHost('tcp://host')).toThrow(/no port/);
    expect(() => parseDeployHost('ssh://u:pw@h')).toThrow(/password/);
  });

  it('parses commands as JSON or shell words', () => {
    expect(parseCommand('cmd', `a 'b c' "d \\"e\\"" f\\ g`)).toEqual(['a', 'b c', 'd "e"', 'f g']);
    expect(parseCommand('cmd', '')).toBeUndefined();
    expect(() => parseCommand('cmd', '[1]')).toThrow(/JSON array of strings/);
    expect(() => parseCommand('cmd', 'a "b')).toThrow(/unclosed/);
  });

  it('splits lists and key-value lines', () => {
    expect(parseList('a, b\n# c\n\nd')).toEqual(['a', 'b', 'd']);
    expect(parseKeyValues('labels', 'a=1\n# x\n b = 2 ')).toEqual([['a', '1'], ['b', ' 2']]);
  });
});
