import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, DeployError } from '../../src/deploy/index.js';
import { EngineClient } from '../../src/deploy/engine/client.js';
import { Docker } from '../../src/deploy/engine/docker.js';
import { unixTransport } from '../../src/deploy/engine/transport.js';
import { acquireLease, lockName, releaseLease } from '../../src/deploy/docker-host/lease.js';
import { buildTestApp } from '../support/deploy-apps.js';
import { waitForBody } from '../support/deploy-load.js';
import { memoryLogger, removeApp, sshSettings } from '../support/deploy-settings.js';
import { runOk } from '../support/process.js';
import { testbed, type Testbed } from '../support/testbed.js';

const APP = 'deploy-auth';
const PORT = 18084;
let tb: Testbed;
const privateImages = { v1: '', v2: '' };

const unixSettings = (over = {}) => ({ ...sshSettings(tb, APP, PORT, over), host: { kind: 'unix' as const, path: tb.dockerSocket, text: `unix://${tb.dockerSocket}` } });

describe('deploy lease and registry credentials (unix://)', () => {
  beforeAll(async () => {
    tb = testbed();
    await removeApp(APP);
    await removeApp('deploy-lease');
    // v1 and v2 copied to the htpasswd registry: the engine can only pull them with X-Registry-Auth.
    for (const v of ['v1', 'v2'] as const) {
      const anon = await buildTestApp(tb, v, 'deploy-e2e/private');
      const tagged = `${tb.registries.basic}/deploy-e2e/private:${v}`;
      await runOk('docker', ['pull', '-q', anon]);
      await runOk('docker', ['tag', anon, tagged]);
      await runOk('docker', ['--config', tb.dockerConfigDir, 'push', tagged]);
      const digests = await runOk('docker', ['image', 'inspect', '--format', '{{range .RepoDigests}}{{println .}}{{end}}', tagged]);
      privateImages[v] = digests.split('\n').find((d) => d.startsWith(`${tb.registries.basic}/`))!.trim();
      await runOk('docker', ['rmi', tagged, anon]);
    }
  });
  afterAll(async () => {
    await removeApp(APP);
    await removeApp('deploy-lease');
  });

  it('fails a wait for a live lease with a message naming the holder and run URL', async () => {
    const docker = new Docker(await new EngineClient(unixTransport(tb.dockerSocket)).connect());
    const owner = { id: 'run-holder', runUrl: 'https://ci.example/run/1', actor: 'octocat' };
    const lease = await acquireLease(docker, { app: 'deploy-lease', owner, image: tb.proxyImage, ttlMs: 60000, waitMs: 0, now: Date.now });
    expect(lease).toMatchObject({ name: lockName('deploy-lease'), holder: 'run-holder' });
    // An injected clock that moves 1 s per reading: the wait bound is reached on the clock, not on a loaded machine's timers.
    let clock = Date.now();
    const now = () => (clock += 1000);
    const second = acquireLease(docker, { app: 'deploy-lease', owner: { id: 'run-2' }, image: tb.proxyImage, ttlMs: 60000, waitMs: 1500, now, pollMs: 1 });
    await expect(second).rejects.toThrow(/app deploy-lease is locked by run-holder by octocat \(https:\/\/ci\.example\/run\/1\) since .*; waited [2-9] s/);
    await releaseLease(docker, 'deploy-lease', 'run-2');
    expect(await docker.inspect(lockName('deploy-lease'))).toBeDefined();
    await releaseLease(docker, 'deploy-lease', 'run-holder');
    expect(await docker.inspect(lockName('deploy-lease'))).toBeUndefined();
  });

  it('pulls from an authenticated registry with X-Registry-Auth', async () => {
    const auth = { username: tb.registryUser, password: tb.registryPassword, serveraddress: tb.registries.basic };
    const masked: string[] = [];
    const r = await deploy(unixSettings(), { image: privateImages.v1, registryAuth: auth, owner: { id: 'run-auth' }, logger: memoryLogger(), mask: (s) => masked.push(s) });
    expect(r.to.digest).toBe(privateImages.v1);
    expect(masked).toContain(tb.registryPassword);
    await waitForBody(PORT, 'v1\n');
  });

  it('fails a pull with wrong credentials without leaking them, leaving the live color alone', async () => {
    const bad = { username: tb.registryUser, password: 'wrong-password-123', serveraddress: tb.registries.basic };
    const e = await deploy(unixSettings(), { image: privateImages.v2, registryAuth: bad, owner: { id: 'run-bad-auth' }, logger: memoryLogger(), mask: () => {} }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeployError);
    expect((e as Error).message).toMatch(/pull .*deploy-e2e\/private@sha256:[0-9a-f]{64} \(linux\/amd64\): .*(unauthorized|authentication required)/);
    expect((e as Error).message).not.toContain('wrong-password-123');
    expect(JSON.stringify((e as DeployError).result)).not.toContain('wrong-password-123');
    await waitForBody(PORT, 'v1\n');
  });
});
