// Fault injection: at each phase a peer goes silent, slow (1 byte a second) or resets the connection. Every
// case must end the step in bounded time with one ::error:: line naming the peer and what to check, the record
// finalized by main, nothing left on the host that was not there before, and the live color serving.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy } from '../../src/deploy/index.js';
import { buildTestApp, HEALTH_PATH } from '../support/deploy-apps.js';
import { httpGet, waitForBody } from '../support/deploy-load.js';
import { memoryLogger, readHostStateFile, removeApp, sshSettings, writeHostStateFile } from '../support/deploy-settings.js';
import { FAULTS, FaultyListener, FaultyProxy, FaultySocketProxy, HTTP_HEAD, SSH_BANNER, type Fault } from '../support/fault-listeners.js';
import { run, runOk } from '../support/process.js';
import { runAction, type ActionRun } from '../support/run-action.js';
import { expectCleanFailure } from '../support/step-failure.js';
import { testbed, type Testbed } from '../support/testbed.js';
import { buildStallProxy, setRuntimeFault } from '../support/stall-proxy.js';

// One peer wait of 2 s: registry operations give up within 9 s, Engine calls within 10 s, runtime commands 3 s.
const PEER_ENV = { SHIPSHAPE_PEER_TIMEOUT_SECONDS: '2' };
const RUN_LIMIT_MS = 90_000;
let tb: Testbed;
let work: string;
const listeners: { close(): Promise<void> }[] = [];
const keep = <T extends { close(): Promise<void> }>(l: T) => (listeners.push(l), l);

beforeAll(async () => {
  tb = testbed();
  work = await mkdtemp(path.join(os.tmpdir(), 'i10-faults-'));
  await writeFile(path.join(work, 'index.html'), 'i10\n');
});
afterAll(async () => {
  await Promise.all(listeners.map((l) => l.close().catch(() => {})));
  await rm(work, { recursive: true, force: true });
});

const buildInputs = (registry: string, name: string, over: Record<string, string> = {}) => ({
  context: work,
  image: `${registry}/i10-faults/${name}`,
  platforms: 'linux/amd64',
  cmd: 'httpd -f -p 8080',
  cache: 'false',
  'oci-layout': path.join(work, '..', `${path.basename(work)}-${name}-layout`),
  ...over,
});

type Phase = 'fingerprint lookup' | 'registry ping' | 'blob upload';
const PHASES: Record<Phase, { on: (r: http.IncomingMessage) => boolean; names: RegExp }> = {
  'fingerprint lookup': { on: (r) => r.method === 'GET' && /\/manifests\/fp-/.test(r.url ?? ''), names: /GET manifest i10-faults\/[\w-]+:fp-/ },
  'registry ping': { on: (r) => r.method === 'GET' && r.url === '/v2/', names: /GET \/v2\/ \(ping\)/ },
  'blob upload': { on: (r) => r.method === 'PUT' && /\/blobs\/uploads\//.test(r.url ?? ''), names: /upload .*sha256:/ },
};

/** What each fault must be reported as (besides naming the registry and the operation). */
const FAULT_WORDS: Record<Fault, RegExp> = {
  silent: /no data for 2 s|no complete response head within 2 s/,
  slow: /no complete response head within 2 s/,
  reset: /ECONNRESET|socket hang up/,
};

describe.concurrent('registry faults (build + push through dist/index.js)', () => {
  for (const [phase, { on, names }] of Object.entries(PHASES) as [Phase, (typeof PHASES)[Phase]][]) {
    for (const fault of FAULTS) {
      it(`${phase}: ${fault}`, async () => {
        const proxy = keep(await new FaultyProxy({ host: '127.0.0.1', port: Number(tb.registries.anon.split(':')[1]) }, (r) => (on(r) ? fault : undefined)).listen());
        const name = `${phase.replace(/\W+/g, '-')}-${fault}-${Date.now().toString(36)}`;
        const r = await runAction({ inputs: buildInputs(proxy.address, name), env: PEER_ENV, timeoutMs: RUN_LIMIT_MS });
        const { error, record } = expectCleanFailure(r, new RegExp(`registry ${proxy.address.replace(/\./g, '\\.')}: `));
        expect(error).toMatch(names);
        expect(error).toMatch(FAULT_WORDS[fault]);
        expect(error).toMatch(/gave up after \d+ attempts? over [\d.]+ s; check that the registry is up and reachable/);
        expect(proxy.faulted.length).toBeGreaterThan(0);
        expect(record.error).toBe(error.replace(/^::error::/, '').replace(/%0A/g, '\n'));
      });
    }
  }

  for (const fault of FAULTS) {
    it(`token endpoint: ${fault}`, async () => {
      const tokenServer = keep(await new FaultyListener(fault, HTTP_HEAD).listen());
      const realm = tb.tokenRealm;
      const rewrite = (h: http.IncomingHttpHeaders) => {
        const w = h['www-authenticate'];
        return typeof w === 'string' ? { ...h, 'www-authenticate': w.replace(realm, `http://${tokenServer.address}/token`) } : h;
      };
      const proxy = keep(await new FaultyProxy({ host: '127.0.0.1', port: Number(tb.registries.token.split(':')[1]) }, () => undefined, rewrite).listen());
      const r = await runAction({
        inputs: buildInputs(proxy.address, `token-${fault}-${Date.now().toString(36)}`, { 'registry-username': tb.registryUser, 'registry-password': tb.registryPassword }),
        env: PEER_ENV,
        timeoutMs: RUN_LIMIT_MS,
      });
      const { error } = expectCleanFailure(r, new RegExp(`the token server ${tokenServer.address.replace(/\./g, '\\.')}: `));
      expect(error).toMatch(FAULT_WORDS[fault]);
      expect(error).toMatch(/check that the token server 127\.0\.0\.1:\d+ is up and reachable/);
      const log = (r.stdout + r.stderr).split('\n').filter((l) => !l.startsWith('::add-mask::'));
      expect(log.join('\n')).not.toContain(tb.registryPassword);
    });
  }

  it('a canceled step exits promptly while a registry never answers (record canceled)', async () => {
    const proxy = keep(await new FaultyProxy({ host: '127.0.0.1', port: Number(tb.registries.anon.split(':')[1]) }, () => 'silent').listen());
    let sent = false;
    const r = await runAction({
      inputs: buildInputs(proxy.address, `cancel-${Date.now().toString(36)}`),
      env: { SHIPSHAPE_PEER_TIMEOUT_SECONDS: '60' },
      timeoutMs: 60_000,
      onSpawn: (pid) => {
        const poll = setInterval(() => {
          if (sent) return clearInterval(poll);
          if (proxy.faulted.length > 0) {
            sent = true;
            process.kill(pid, 'SIGTERM');
          }
        }, 100);
      },
    });
    expect(sent).toBe(true);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(143);
    expect(JSON.parse(await readFile(r.outputs['record-path'], 'utf8'))).toMatchObject({ status: 'canceled' });
  });
});

describe.concurrent('SSH handshake faults (deploy entry through dist/index.js)', () => {
  for (const fault of FAULTS) {
    it(`SSH handshake: ${fault}`, async () => {
      const sshd = keep(await new FaultyListener(fault, SSH_BANNER).listen());
      const app = `i10-ssh-${fault}`;
      const r = await runAction({
        entry: 'deploy',
        inputs: {
          image: `${tb.registries.anon}/i10-faults/never@sha256:${'0'.repeat(64)}`,
          'deploy-host': `ssh://root@${sshd.address}`,
          'ssh-private-key': tb.ssh.privateKey,
          'ssh-known-hosts': tb.ssh.knownHosts.replace(/\[127\.0\.0\.1\]:2222/g, `[127.0.0.1]:${sshd.port}`),
          app,
        },
        env: PEER_ENV,
        timeoutMs: RUN_LIMIT_MS,
      });
      const { error } = expectCleanFailure(r, new RegExp(`ssh://root@${sshd.address.replace(/\./g, '\\.')}`));
      expect(error).toMatch(fault === 'reset' ? /ECONNRESET|Connection lost|closed/ : /no SSH handshake within 2 s/);
      expect(error).toMatch(/check deploy-host/);
      const left = await runOk('docker', ['ps', '-a', '--filter', `name=${app}`, '--format', '{{.Names}}']);
      expect(left.trim()).toBe('');
    });
  }
});

/** A live app (v1 on blue) whose next deploy (v2) meets a fault; it must fail cleanly and leave v1 serving. */
async function faultedDeploy(app: string, port: number, images: { v2: string }, over: Record<string, string>): Promise<ActionRun> {
  return runAction({
    entry: 'deploy',
    inputs: {
      image: images.v2,
      'deploy-host': tb.ssh.url,
      'ssh-private-key': tb.ssh.privateKey,
      'ssh-known-hosts': tb.ssh.knownHosts,
      app,
      'public-port': `127.0.0.1:${port}`,
      'health-path': HEALTH_PATH,
      'health-timeout': '20',
      'soak-seconds': '1',
      ...over,
    },
    env: PEER_ENV,
    timeoutMs: RUN_LIMIT_MS,
  });
}

/** Nothing of the failed deploy is left: no candidate, no lease, no process of a stalled command; v1 serves. */
async function expectHostUnchanged(app: string, port: number, live: string): Promise<void> {
  const names = (await runOk('docker', ['ps', '-a', '--filter', `name=^${app}-`, '--format', '{{.Names}} {{.State}}'])).trim().split('\n').sort();
  expect(names).toEqual([`${app}-${live} running`, `${app}-proxy running`].sort());
  expect((await run('docker', ['inspect', `shipshape-lock-${app}`])).code).not.toBe(0);
  const top = await runOk('docker', ['top', `${app}-proxy`, '-o', 'pid,args']);
  expect(top).not.toMatch(/sleep 3600|i10-fault/);
  const served = await httpGet(port);
  expect(served.status).toBe(200);
  expect(served.body).toBe('v1\n');
}

describe.concurrent('Docker host faults (deploy entry through dist/index.js, live app on the testbed)', () => {
  const images = { v1: '', v2: '' };
  let proxyImage = '';
  beforeAll(async () => {
    [images.v1, images.v2, proxyImage] = await Promise.all([
      buildTestApp(tb, 'v1', 'i10-faults/app'),
      buildTestApp(tb, 'v2', 'i10-faults/app'),
      buildStallProxy(tb, 'i10-faults/stall-proxy'),
    ]);
  }, 180_000);

  it('Engine API call (the candidate start): silent, slow, reset; then a tampered state.json', async () => {
    const app = 'i10-fault-engine';
    const port = 18310;
    await removeApp(app);
    try {
      await deploy(sshSettings(tb, app, port, { proxyImage, soakSeconds: 0 }), { image: images.v1, owner: { id: 'i10-setup' }, logger: memoryLogger(), mask: () => {} });
      await waitForBody(port, 'v1\n');
      for (const fault of FAULTS) {
        const dir = await mkdtemp(path.join(os.tmpdir(), 'i10-engine-'));
        const socket = path.join(dir, 'engine.sock');
        const engine = keep(
          await new FaultySocketProxy(tb.dockerSocket, (method, url) => (method === 'POST' && new RegExp(`/containers/${app}-(blue|green)/start$`).test(url) ? fault : undefined)).listen(socket),
        );
        try {
          const r = await faultedDeploy(app, port, images, { 'proxy-image': proxyImage, 'docker-socket': socket });
          const { error } = expectCleanFailure(r, new RegExp(`Engine API POST /containers/${app}-green/start on ssh://root@127\\.0\\.0\\.1:2222 failed`));
          expect(error, fault).toMatch(fault === 'reset' ? /ECONNRESET|socket hang up|closed|ended/ : /no complete answer within 10 s; check the Docker engine/);
          expect(engine.faulted).toHaveLength(1);
          await expectHostUnchanged(app, port, 'blue');
        } finally {
          await engine.close();
          await rm(dir, { recursive: true, force: true });
        }
      }
      // A value read back from the host that would add a runtime API command or a config line is refused.
      const saved = await readHostStateFile(tb, app);
      const tampered = JSON.stringify({ ...JSON.parse(saved), live: 'blue; set server app/green state ready' });
      await writeHostStateFile(tb, app, tampered);
      try {
        const r = await faultedDeploy(app, port, images, { 'proxy-image': proxyImage });
        expectCleanFailure(r, /state\.json holds "blue; set server app\/green state ready" as 'live', which shipshape never writes; check or remove it on the host/);
        await expectHostUnchanged(app, port, 'blue');
      } finally {
        await writeHostStateFile(tb, app, saved);
      }
    } finally {
      await removeApp(app);
    }
  }, 240_000);

  it('HAProxy runtime command (the candidate switched in): silent, slow, reset', async () => {
    const app = 'i10-fault-runtime';
    const port = 18311;
    await removeApp(app);
    try {
      await deploy(sshSettings(tb, app, port, { proxyImage, soakSeconds: 0 }), { image: images.v1, owner: { id: 'i10-setup' }, logger: memoryLogger(), mask: () => {} });
      await waitForBody(port, 'v1\n');
      for (const fault of FAULTS) {
        await setRuntimeFault(`${app}-proxy`, fault);
        try {
          const r = await faultedDeploy(app, port, images, { 'proxy-image': proxyImage });
          const { error } = expectCleanFailure(r, new RegExp(`HAProxy runtime API "set server app/green [^"]*" in ${app}-proxy`));
          expect(error, fault).toMatch(fault === 'reset' ? /failed \(exit 1\): .*Connection refused/ : /did not answer within 3 s \(stopped\); check the proxy container/);
        } finally {
          await setRuntimeFault(`${app}-proxy`, undefined);
        }
        await expectHostUnchanged(app, port, 'blue');
      }
    } finally {
      await removeApp(app);
    }
  }, 240_000);
});
