import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, DeployError, rollback, type DeployResult } from '../../src/deploy/index.js';
import { buildTestApp, multiArchApp } from '../support/deploy-apps.js';
import { httpGet, underBothLoads, underLoad } from '../support/deploy-load.js';
import { memoryLogger, sshSettings } from '../support/deploy-settings.js';
import { onManager as onManagerOf, removeSwarmApp, swarmSettings } from '../support/deploy-swarm.js';
import { runOk } from '../support/process.js';
import { testbed, type Testbed } from '../support/testbed.js';

// deploy-mode swarm against the testbed's three-engine swarm, the manager reached over its sshd. Traffic
// goes to the proxy's host-mode port on the manager's namespace address (10.214.0.11).
const APP = 'i14-swarm';
const PORT = 18914;
const REPLICAS = 3;
let tb: Testbed;
let manager: string;
const images = { v1: '', v2: '', v3: '' };
let multi: { image: string; platforms: { platform: string; digest: string }[] };

const settings = () => swarmSettings(tb, APP, PORT, REPLICAS);
const req = (image: string, id: string, logger = memoryLogger()) => ({ image, owner: { id, runUrl: `https://ci.example/run/${id}` }, logger, mask: () => {} });
const onManager = (...args: string[]) => onManagerOf(tb, ...args);

const loaded = <T>(keepAlive: boolean, fn: () => Promise<T>) => underLoad(PORT, keepAlive, fn, { address: manager, seconds: 150, label: 'swarm ' });

/** Image and node of each running task, from the manager. */
async function runningTasks(): Promise<{ image: string; node: string }[]> {
  const out = await onManager('service', 'ps', '--no-trunc', APP, '--filter', 'desired-state=running', '--format', '{{.Image}} {{.Node}} {{.CurrentState}}');
  return out.trim().split('\n').filter((l) => / Running /.test(l)).map((l) => ({ image: l.split(' ')[0]!, node: l.split(' ')[1]! }));
}

const serves = async (body: string) => {
  for (let i = 0; i < 40; i++) {
    const r = await httpGet(PORT, '/', manager).catch(() => ({ status: 0, body: '' }));
    if (r.status === 200 && r.body === body) return true;
    await new Promise((res) => setTimeout(res, 250));
  }
  return false;
};

describe('deploy-mode swarm: a Swarm service behind the app proxy on a three-node swarm', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    tb = testbed();
    manager = tb.swarm.nodes[0]!.address;
    await removeSwarmApp(tb, APP);
    images.v1 = await buildTestApp(tb, 'v1', 'i14-swarm/app');
    images.v2 = await buildTestApp(tb, 'v2', 'i14-swarm/app');
    images.v3 = await buildTestApp(tb, 'v3', 'i14-swarm/app');
    // v2 as a two-platform index: every (amd64) node must resolve its own platform's manifest.
    multi = await multiArchApp(tb, images.v2, 'i14-swarm/multi');
  }, 300_000);
  afterAll(() => removeSwarmApp(tb, APP), 120_000);

  it('deploy-mode auto with replicas on a plain engine (no swarm): refused naming replicas, nothing created', async () => {
    const plain = sshSettings(tb, 'i14-auto-plain', 18916, { modes: { mode: 'auto', replicas: 3, containerOnly: [] } });
    await expect(deploy(plain, req(images.v1, 'i14-auto'))).rejects.toThrow(/Input 'replicas': is 3, but it applies to deploy-mode swarm only \(the deploy host is not an active swarm manager\)/);
    expect((await runOk('docker', ['ps', '-a', '-q', '--filter', 'name=i14-auto-plain'])).trim()).toBe('');
  });

  it('a public-port bound to one address is refused naming the input (Swarm would publish it on every address); nothing created', async () => {
    const bound = swarmSettings(tb, 'i14-bound', 18917, 1, { publicPort: { address: '127.0.0.1', port: 18917 } });
    try {
      await expect(deploy(bound, req(images.v1, 'i14-bound'))).rejects.toThrow(/input 'public-port' is "127\.0\.0\.1:18917", but deploy-mode swarm publishes .* on every address of every node .*Set public-port to 18917/);
      expect((await onManager('service', 'ls', '-q', '--filter', 'name=i14-bound')).trim()).toBe('');
    } finally {
      await removeSwarmApp(tb, 'i14-bound');
    }
  });

  it('deploy-mode auto on the manager creates the service: 3 tasks of v1 spread over the 3 nodes, served through the proxy', async () => {
    const logger = memoryLogger();
    const auto = swarmSettings(tb, APP, PORT, REPLICAS);
    const r: DeployResult = await deploy({ ...auto, modes: { ...auto.modes!, mode: 'auto' } }, req(images.v1, 'i14-v1', logger));
    expect(r.noop).toBe(false);
    expect(r.swarm).toMatchObject({ replicas: REPLICAS, update_state: 'running' });
    expect(r.swarm!.tasks).toHaveLength(REPLICAS);
    expect(new Set(r.swarm!.tasks.map((t) => t.node)).size).toBe(3);
    expect(r.swarm!.tasks.every((t) => t.image === images.v1 && t.node_platform === 'linux/amd64')).toBe(true);
    expect(logger.lines.some((l) => /task \w+ slot \d on \w+ \(10\.214\.0\.1\d\): running/.test(l))).toBe(true);
    expect(await serves('v1\n')).toBe(true);
    const spec = JSON.parse(await onManager('service', 'inspect', APP, '--format', '{{json .Spec}}'));
    expect(spec.UpdateConfig).toMatchObject({ Order: 'start-first', FailureAction: 'rollback', Parallelism: 1 });
    expect(spec.RollbackConfig).toMatchObject({ Order: 'start-first' });
    expect(spec.EndpointSpec.Mode).toBe('dnsrr');
    expect(spec.TaskTemplate.ContainerSpec.Env).toContain('DEPLOY_SECRET=deploy-e2e-secret-value');
    expect(spec.TaskTemplate.ContainerSpec.Healthcheck.Test[0]).toBe('CMD-SHELL');
    expect(JSON.stringify(r) + logger.lines.join('\n')).not.toContain('deploy-e2e-secret-value');
  });

  it('v1 → v2 (a multi-arch index) under plain and keep-alive load at once: 0 failed, every task on v2, each node on its platform', async () => {
    const { value: r, error, plain, keep } = await underBothLoads(PORT, () => deploy(settings(), { ...req(multi.image, 'i14-v2'), platformManifests: multi.platforms }), { address: manager, seconds: 150, label: 'swarm ' });
    expect(error).toBeUndefined();
    for (const load of [plain, keep]) {
      expect(load.complete).toBeGreaterThan(100);
      expect(load.failed).toBe(0);
      expect(load.non2xx).toBe(0);
    }
    expect(keep.raw).toMatch(/Keep-Alive requests:\s+[1-9]/);
    expect(r!.swarm!.update_state).toBe('completed');
    expect((await runningTasks()).map((t) => t.image)).toEqual(Array(REPLICAS).fill(multi.image));
    expect(r!.swarm!.tasks.every((t) => t.platform_digest === multi.platforms[0]!.digest)).toBe(true);
    // Each node running a task pulled the index and resolved linux/amd64: the image it runs is the amd64 app (serves v2).
    const used = new Set(r!.swarm!.tasks.map((t) => t.node_address));
    expect(used.size).toBeGreaterThan(0);
    for (const n of tb.swarm.nodes.filter((node) => used.has(node.address))) {
      const arch = await runOk('docker', ['-H', `unix://${n.socket}`, 'image', 'inspect', '--format', '{{.Os}}/{{.Architecture}}', multi.image], { timeoutMs: 30_000 });
      expect(arch.trim()).toBe('linux/amd64');
    }
    expect((await httpGet(PORT, '/', manager)).body).toBe('v2\n');
  });

  it('the same digest again is a no-op: no update issued', async () => {
    const before = (await onManager('service', 'inspect', APP, '--format', '{{.Version.Index}}')).trim();
    const logger = memoryLogger();
    const r = await deploy(settings(), { ...req(multi.image, 'i14-v2-again', logger), platformManifests: multi.platforms });
    expect(r.noop).toBe(true);
    expect(logger.lines.join('\n')).toMatch(/no update issued/);
    expect((await onManager('service', 'inspect', APP, '--format', '{{.Version.Index}}')).trim()).toBe(before);
  });

  it('rollback: true is Swarm\'s rollback to the previous spec (v1), under keep-alive load: 0 failed', async () => {
    const { value: r, error, load } = await loaded(true, () => rollback({ ...settings(), rollback: true }, { owner: { id: 'i14-rb' }, logger: memoryLogger(), mask: () => {} }));
    expect(error).toBeUndefined();
    expect(load.raw).toMatch(/Keep-Alive requests:\s+[1-9]/);
    expect(load.failed).toBe(0);
    expect(load.non2xx).toBe(0);
    expect(r!.swarm!.update_state).toBe('rollback_completed');
    expect(r!.to.digest).toBe(images.v1);
    expect((await httpGet(PORT, '/', manager)).body).toBe('v1\n');
  });

  it('a broken v3 (health 500): Swarm rolls back, v1 (live since the rollback) keeps serving, 0 failed, the step fails naming the reason', async () => {
    const { error, load } = await loaded(false, () => deploy(settings(), req(images.v3, 'i14-v3')));
    expect(error).toBeInstanceOf(DeployError);
    const e = error as DeployError;
    console.log(`v3 failure: ${e.message}`);
    expect(e.message).toMatch(/the update to .* failed: .*roll/i);
    expect(e.message).toMatch(/keeps serving/);
    expect(e.message).toMatch(/failing task \w+/);
    expect(e.result?.swarm?.update_state).toBe('rollback_completed');
    expect(load.failed).toBe(0);
    expect(load.non2xx).toBe(0);
    expect((await runningTasks()).every((t) => t.image === images.v1)).toBe(true);
    expect((await httpGet(PORT, '/', manager)).body).toBe('v1\n');
  });

  it('a private registry: X-Registry-Auth on the update lets every node pull (127.0.0.1:5001, htpasswd)', async () => {
    const repo = 'i14-swarm/private';
    const ref = `${tb.registries.basic}/${repo}@${images.v1.split('@')[1]}`;
    await runOk('skopeo', ['copy', '-q', '--src-tls-verify=false', '--dest-tls-verify=false', '--dest-authfile', tb.authFile, '--preserve-digests', `docker://${images.v1}`, `docker://${tb.registries.basic}/${repo}:v1`], { timeoutMs: 120_000 });
    const registryAuth = { username: tb.registryUser, password: tb.registryPassword, serveraddress: tb.registries.basic };
    const logger = memoryLogger();
    const r = await deploy(settings(), { ...req(ref, 'i14-private', logger), registryAuth });
    expect(r.swarm!.tasks.every((t) => t.image === ref && t.state === 'running')).toBe(true);
    expect(JSON.stringify(r) + logger.lines.join('\n')).not.toContain(tb.registryPassword);
    expect(await serves('v1\n')).toBe(true);
  });

  it('drains a worker node under load: its tasks move, requests keep succeeding', async () => {
    const node = tb.swarm.nodes[2]!;
    const id = (await runOk('docker', ['-H', `unix://${node.socket}`, 'info', '--format', '{{.Swarm.NodeID}}'])).trim();
    const { error, load } = await loaded(false, async () => {
      await onManager('node', 'update', '--availability', 'drain', id);
      for (let i = 0; i < 120; i++) {
        const tasks = await runningTasks();
        if (tasks.length === REPLICAS && !tasks.some((t) => t.node === id)) return tasks;
        await new Promise((r) => setTimeout(r, 500));
      }
      throw new Error('the drained node still has tasks after 60 s');
    }).finally(() => onManager('node', 'update', '--availability', 'active', id));
    expect(error).toBeUndefined();
    console.log(`drain: ${load.failed} failed of ${load.complete}`);
    expect(load.failed).toBe(0);
    expect(load.non2xx).toBe(0);
  });
});
