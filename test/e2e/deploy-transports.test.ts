import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, DeployError } from '../../src/deploy/index.js';
import { EngineClient } from '../../src/deploy/engine/client.js';
import { openTransport } from '../../src/deploy/engine/transport.js';
import { openSshTransport } from '../../src/deploy/engine/transport-ssh.js';
import { Docker } from '../../src/deploy/engine/docker.js';
import { buildTestApp, multiArchApp } from '../support/deploy-apps.js';
import { httpGet, waitForBody } from '../support/deploy-load.js';
import { memoryLogger, removeApp, sshSettings } from '../support/deploy-settings.js';
import { makeTlsMaterial, startTlsForwarder, type TlsMaterial } from '../support/deploy-tls.js';
import { runOk } from '../support/process.js';
import { testbed, type Testbed } from '../support/testbed.js';

const TLS_PORT = 23761;
let tb: Testbed;
let v1 = '';
let tlsMaterial: TlsMaterial;
let forwarder: { close: () => Promise<void> } | undefined;
const apps = ['deploy-tls', 'deploy-unix', 'deploy-multi'];

const req = (id: string) => ({ image: v1, owner: { id }, logger: memoryLogger(), mask: () => {} });

/** The testbed's host key line rewritten with another key, or hashed the way `ssh-keygen -H` does. */
function otherKeyLine(): string {
  const blob = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), randomBytes(32)]);
  return `[127.0.0.1]:2222 ssh-ed25519 ${blob.toString('base64')}\n`;
}
function hashedLine(line: string): string {
  const [, type, key] = line.trim().split(/\s+/);
  const salt = randomBytes(20);
  const hash = createHmac('sha1', salt).update('[127.0.0.1]:2222').digest('base64');
  return `|1|${salt.toString('base64')}|${hash} ${type} ${key}\n`;
}

describe('deploy transports', () => {
  beforeAll(async () => {
    tb = testbed();
    for (const app of apps) await removeApp(app);
    v1 = await buildTestApp(tb, 'v1', 'deploy-e2e/transports');
    tlsMaterial = await makeTlsMaterial();
    forwarder = await startTlsForwarder(tlsMaterial, TLS_PORT, tb.dockerSocket);
  });
  afterAll(async () => {
    await forwarder?.close();
    for (const app of apps) await removeApp(app);
  });

  it('refuses an SSH host whose key does not match ssh-known-hosts', async () => {
    const settings = sshSettings(tb, 'deploy-refused', 18085, { sshKnownHosts: otherKeyLine() });
    await expect(deploy(settings, req('refused'))).rejects.toThrow(/host key of \[127\.0\.0\.1\]:2222 does not match ssh-known-hosts \(server offered SHA256:/);
  });

  it('refuses an SSH host that ssh-known-hosts does not list', async () => {
    const settings = sshSettings(tb, 'deploy-refused', 18085, { sshKnownHosts: 'other.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ9+fake\n' });
    const e = await deploy(settings, req('unknown')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeployError);
    expect((e as Error).message).toMatch(/\[127\.0\.0\.1\]:2222 is not listed in ssh-known-hosts/);
    expect((e as Error).message).not.toContain(tb.ssh.privateKey.split('\n')[1]);
  });

  it('accepts a hashed (|1|) known_hosts entry and talks to the engine over one SSH connection', async () => {
    const line = tb.ssh.knownHosts.split('\n').find((l) => l.startsWith('[127.0.0.1]:2222'))!;
    const transport = await openTransport(sshSettings(tb, 'x', 1, { sshKnownHosts: hashedLine(line) }));
    try {
      const api = await new EngineClient(transport).connect();
      expect(api.engineVersion).toMatch(/^\d+\./);
      expect(Number(api.apiVersion)).toBeGreaterThanOrEqual(1.4);
    } finally {
      transport.close();
    }
  });

  it('falls back to `docker system dial-stdio` on the host when the server refuses streamlocal forwarding', async () => {
    // The testbed's sshd has `AllowStreamLocalForwarding no` for this user only.
    expect(tb.ssh.noStreamUser, 'the testbed has no SHIPSHAPE_TB_SSH_NOSTREAM_USER: run bash scripts/testbed.sh up').not.toBe('');
    const transport = await openSshTransport({
      user: tb.ssh.noStreamUser,
      host: '127.0.0.1',
      port: 2222,
      privateKey: tb.ssh.privateKey,
      knownHosts: tb.ssh.knownHosts,
      dockerSocket: tb.dockerSocket,
    });
    try {
      const docker = new Docker(await new EngineClient(transport).connect());
      expect(transport.via).toMatch(/^dial-stdio \(streamlocal refused: /);
      expect(await docker.imageExists(tb.proxyImage)).toBe(true);
      const name = `i11-dialstdio-${Date.now().toString(36)}`;
      await runOk('docker', ['create', '--name', name, '--label', 'shipshape.app=i11-dialstdio', tb.proxyImage, 'true']);
      try {
        expect((await docker.list('shipshape.app=i11-dialstdio')).map((c) => c.Names[0])).toEqual([`/${name}`]);
      } finally {
        await runOk('docker', ['rm', '-f', name]);
      }
    } finally {
      transport.close();
    }
  });

  it('uses the streamlocal forward when the server allows it', async () => {
    const transport = await openTransport(sshSettings(tb, 'x', 1));
    try {
      await new EngineClient(transport).connect();
      expect(transport.via).toBe('streamlocal');
    } finally {
      transport.close();
    }
  });

  it('deploys over tcp:// with verified TLS client certificates', async () => {
    const settings = {
      ...sshSettings(tb, 'deploy-tls', 18082),
      host: { kind: 'tcp' as const, host: '127.0.0.1', port: TLS_PORT, text: `tcp://127.0.0.1:${TLS_PORT}` },
      engineTls: { ca: tlsMaterial.ca, cert: tlsMaterial.clientCert, key: tlsMaterial.clientKey },
    };
    const r = await deploy(settings, req('tls'));
    expect(r).toMatchObject({ host: `tcp://127.0.0.1:${TLS_PORT}`, color: 'blue' });
    await waitForBody(18082, 'v1\n');
  });

  it('refuses a tcp:// engine whose certificate is not signed by tls-ca', async () => {
    const stranger = await makeTlsMaterial();
    const settings = {
      ...sshSettings(tb, 'deploy-tls', 18082),
      host: { kind: 'tcp' as const, host: '127.0.0.1', port: TLS_PORT, text: `tcp://127.0.0.1:${TLS_PORT}` },
      engineTls: { ca: stranger.ca, cert: tlsMaterial.clientCert, key: tlsMaterial.clientKey },
    };
    await expect(deploy(settings, req('tls-bad'))).rejects.toThrow(/TLS connection to tcp:\/\/127\.0\.0\.1:23761 failed/);
  });

  it('deploys over unix:// to the local engine', async () => {
    const settings = { ...sshSettings(tb, 'deploy-unix', 18083), host: { kind: 'unix' as const, path: tb.dockerSocket, text: `unix://${tb.dockerSocket}` } };
    const r = await deploy(settings, req('unix'));
    expect(r).toMatchObject({ host: `unix://${tb.dockerSocket}`, color: 'blue', noop: false });
    expect((await httpGet(18083)).body).toBe('v1\n');
    const labels = JSON.parse(await runOk('docker', ['inspect', '--format', '{{json .Config.Labels}}', 'deploy-unix-blue']));
    expect(labels).toMatchObject({ 'shipshape.app': 'deploy-unix', 'shipshape.color': 'blue', 'shipshape.image': v1 });
  });

  it('refuses to move an existing app to another public port, naming the input', async () => {
    const settings = { ...sshSettings(tb, 'deploy-unix', 18087), host: { kind: 'unix' as const, path: tb.dockerSocket, text: `unix://${tb.dockerSocket}` } };
    await expect(deploy(settings, req('unix-port'))).rejects.toThrow(/input 'public-port' is 127\.0\.0\.1:18087 but deploy-unix-proxy already publishes 127\.0\.0\.1:18083/);
    expect((await httpGet(18083)).body).toBe('v1\n');
  });

  it('deploys a multi-platform index by digest, pulling and recording the host platform manifest', async () => {
    const multi = await multiArchApp(tb, v1);
    const settings = { ...sshSettings(tb, 'deploy-multi', 18086), host: { kind: 'unix' as const, path: tb.dockerSocket, text: `unix://${tb.dockerSocket}` } };
    const r = await deploy(settings, { ...req('multi'), image: multi.image, platformManifests: multi.platforms });
    expect(r).toMatchObject({ platform: 'linux/amd64', pulledPlatformDigest: multi.platforms[0].digest, to: { digest: multi.image } });
    await waitForBody(18086, 'v1\n');
  });
});
