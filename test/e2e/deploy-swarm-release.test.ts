import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, DeployError, type DeployResult } from '../../src/deploy/index.js';
import { defaultAppOptions, type AppOptions } from '../../src/settings/app.js';
import { buildImage, counterApp, lockWorker } from '../support/deploy-app-images.js';
import { waitForBody } from '../support/deploy-load.js';
import { memoryLogger } from '../support/deploy-settings.js';
import { onManager as onManagerOf, privateCopy, removeSwarmApp, swarmSettings } from '../support/deploy-swarm.js';
import { testbed, type Testbed } from '../support/testbed.js';

// Issue 14 (what the single-host path has that Swarm also has): the release command as a Swarm job and
// role worker, on the testbed's three-engine swarm through its sshd. The nodes are engines in network
// namespaces of this machine, so a bind mount of one directory is the same directory on every node: the
// release job writes there and the app's tasks (on any node) read it.
const WEB = 'i14b-rel';
const WORKER = 'i14b-worker';
const CRASH = 'i14b-crash';
const PORT = 18941;
let tb: Testbed;
let manager: string;
let data: string;
let shared: string;
const web = { v1: '', v2: '' };
const workers = { w1: '', w2: '', w3: '', crash: '' };

const req = (image: string, id: string, logger = memoryLogger()) => ({ image, owner: { id, runUrl: `https://ci.example/run/${id}` }, logger, mask: () => {} });
const onManager = (...args: string[]) => onManagerOf(tb, ...args);
const webSettings = (over: Partial<AppOptions>) =>
  swarmSettings(tb, WEB, PORT, 2, { service: { ...defaultAppOptions(), volumes: [{ kind: 'bind', source: data, target: '/data', readOnly: false }], ...over } });
const workerSettings = (over: Partial<AppOptions> = {}) =>
  swarmSettings(tb, WORKER, PORT + 1, 1, { service: { ...defaultAppOptions(), role: 'worker', readySeconds: 1, volumes: [{ kind: 'bind', source: shared, target: '/shared', readOnly: false }], ...over } });

const serviceSpec = async (name: string) => JSON.parse(await onManager('service', 'inspect', name, '--format', '{{json .Spec}}'));
const version = async (name: string) => (await onManager('service', 'inspect', name, '--format', '{{.Version.Index}}')).trim();
const services = async (name: string) => (await onManager('service', 'ls', '--filter', `name=${name}`, '--format', '{{.Name}}')).trim().split('\n').filter((n) => n !== '');

/** Images of the running tasks of `name`, from the manager. */
async function runningImages(name: string): Promise<string[]> {
  const out = await onManager('service', 'ps', '--no-trunc', name, '--filter', 'desired-state=running', '--format', '{{.Image}} {{.CurrentState}}');
  return out.trim().split('\n').filter((l) => / Running /.test(l)).map((l) => l.split(' ')[0]!);
}

/** Waits until the app proxy answers `want` at `path` (its checks may lag a new task). */
const serves = (path: string, want: string) => waitForBody(PORT, want, 15_000, { path, host: manager });

describe('deploy-mode swarm: the release command as a Swarm job, and role worker', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    tb = testbed();
    manager = tb.swarm.nodes[0]!.address;
    data = mkdtempSync(join(tmpdir(), 'i14b-data-'));
    shared = mkdtempSync(join(tmpdir(), 'i14b-shared-'));
    await Promise.all([removeSwarmApp(tb, WEB), removeSwarmApp(tb, WORKER), removeSwarmApp(tb, CRASH)]);
    [web.v1, web.v2, workers.w1, workers.w2, workers.w3, workers.crash] = await Promise.all([
      counterApp(tb, 'i14b/web', 'v1'),
      counterApp(tb, 'i14b/web', 'v2'),
      lockWorker(tb, 'i14b/worker', 'w1'),
      lockWorker(tb, 'i14b/worker', 'w2'),
      lockWorker(tb, 'i14b/worker', 'w3'),
      // Runs 2 s, then exits 1 (Swarm restarts it: a new task each time).
      buildImage(tb, 'i14b/crash', 'c1', {}, ['CMD ["sh","-c","echo crashing soon; sleep 2; exit 1"]']),
    ]);
  }, 300_000);
  afterAll(async () => {
    await Promise.all([removeSwarmApp(tb, WEB), removeSwarmApp(tb, WORKER), removeSwarmApp(tb, CRASH)]);
    rmSync(data, { recursive: true, force: true });
    rmSync(shared, { recursive: true, force: true });
  }, 120_000);

  it('v1: the release command runs once as a job before the service is created, the app shows what it wrote, the job is gone', async () => {
    const logger = memoryLogger();
    const releaseCommand = ['sh', '-c', 'echo released-v1 > /data/release; echo run >> /data/runs; echo migrating'];
    const r: DeployResult = await deploy(webSettings({ releaseCommand }), req(web.v1, 'i14b-v1', logger));
    expect(r.release).toMatchObject({ command: releaseCommand, exitCode: 0 });
    const released = logger.lines.indexOf('release | migrating');
    expect(released).toBeGreaterThanOrEqual(0);
    expect(released).toBeLessThan(logger.lines.findIndex((l) => /creating service/.test(l)));
    expect(readFileSync(join(data, 'runs'), 'utf8')).toBe('run\n');
    await serves('/cgi-bin/release', 'released-v1\n');
    expect(await services(`${WEB}-release`)).toEqual([]);
  });

  it('a release command exiting 3 fails naming the code and its output; the service is untouched and v1 keeps serving', async () => {
    const before = await version(WEB);
    const spec = await serviceSpec(WEB);
    const e = await deploy(webSettings({ releaseCommand: ['sh', '-c', 'echo broken migration; exit 3'] }), req(web.v2, 'i14b-bad')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeployError);
    expect((e as DeployError).message).toMatch(/exited with code 3 in the Swarm job i14b-rel-release; the service i14b-rel was not updated and the live version keeps serving; its last log lines:\n.*broken migration/);
    expect(((e as DeployError).result as DeployResult).release).toMatchObject({ exitCode: 3 });
    expect(await version(WEB)).toBe(before);
    expect(await serviceSpec(WEB)).toEqual(spec);
    expect(await runningImages(WEB)).toEqual([web.v1, web.v1]);
    await serves('/', 'v1\n');
    expect(await services(`${WEB}-release`)).toEqual([]);
  });

  it('v2 with a good release command: the job ran before the update, every task runs v2 and sees the new marker', async () => {
    const logger = memoryLogger();
    await deploy(webSettings({ releaseCommand: ['sh', '-c', 'echo released-v2 > /data/release; echo run >> /data/runs'] }), req(web.v2, 'i14b-v2', logger));
    expect(logger.lines.findIndex((l) => /release command exited with 0/.test(l))).toBeLessThan(logger.lines.findIndex((l) => /updating service/.test(l)));
    expect(readFileSync(join(data, 'runs'), 'utf8')).toBe('run\nrun\n');
    expect(await runningImages(WEB)).toEqual([web.v2, web.v2]);
    await serves('/cgi-bin/release', 'released-v2\n');
    expect(await services(`${WEB}-release`)).toEqual([]);
  });

  it('from a private registry: the job carries the app\'s labels, mounts and networks and pulls with X-Registry-Auth on any node', async () => {
    const { ref, registryAuth } = await privateCopy(tb, web.v1, 'i14b/private');
    const logger = memoryLogger();
    const deploying = deploy(webSettings({ releaseCommand: ['sh', '-c', 'sleep 4; echo private > /data/release'] }), { ...req(ref, 'i14b-private', logger), registryAuth });
    // The job's spec while it runs (it is removed once it ended).
    let job: { Labels: Record<string, string>; Mode: unknown; TaskTemplate: { ContainerSpec: { Image: string; Mounts: unknown[] }; Networks: { Target: string; Aliases?: string[] }[]; RestartPolicy: { Condition: string } } } | undefined;
    for (let i = 0; i < 60 && !job; i++) {
      job = await serviceSpec(`${WEB}-release`).catch(() => undefined);
      if (!job) await new Promise((res) => setTimeout(res, 250));
    }
    const r = await deploying;
    expect(job).toBeDefined();
    expect(job!.Labels).toMatchObject({ 'shipshape.app': WEB, 'shipshape.role': 'release', 'shipshape.deployed-by': 'i14b-private' });
    expect(job!.Mode).toEqual({ ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } });
    expect(job!.TaskTemplate.ContainerSpec.Image).toBe(ref);
    expect(job!.TaskTemplate.ContainerSpec.Mounts).toEqual([{ Type: 'bind', Source: data, Target: '/data' }]);
    expect(job!.TaskTemplate.Networks.map((n) => n.Aliases ?? [])).toEqual([[]]);
    expect(job!.TaskTemplate.RestartPolicy.Condition).toBe('none');
    expect(r.release).toMatchObject({ exitCode: 0 });
    expect(await runningImages(WEB)).toEqual([ref, ref]);
    await serves('/cgi-bin/release', 'private\n');
    expect(JSON.stringify(r) + logger.lines.join('\n')).not.toContain(tb.registryPassword);
    expect(await services(`${WEB}-release`)).toEqual([]);
  });

  it('a worker w1 → w2: no proxy service, no published port, start-first (both ran at once), ready-seconds as the monitor', async () => {
    await deploy(workerSettings(), req(workers.w1, 'i14b-w1'));
    expect(await runningImages(WORKER)).toEqual([workers.w1]);
    const r = await deploy(workerSettings(), req(workers.w2, 'i14b-w2'));
    expect(r.swarm!.update_state).toBe('completed');
    expect(await runningImages(WORKER)).toEqual([workers.w2]);
    expect(await services(`${WORKER}-proxy`)).toEqual([]);
    const spec = await serviceSpec(WORKER);
    expect(spec.EndpointSpec.Ports).toBeUndefined();
    expect(spec.TaskTemplate.ContainerSpec.Healthcheck).toBeUndefined();
    expect(spec.UpdateConfig).toMatchObject({ Order: 'start-first', Monitor: 1e9 });
    // w2 started while w1 held the lock: it wrote its host name to /shared/overlap.
    expect(readFileSync(join(shared, 'overlap'), 'utf8').trim()).not.toBe('');
  });

  it('overlap false with health-cmd: stop-first, the old task stopped before the new one started (no overlap)', async () => {
    rmSync(join(shared, 'overlap'), { force: true });
    const r = await deploy(workerSettings({ overlap: false, healthCmd: 'test -f /tmp/up' }), req(workers.w3, 'i14b-w3'));
    expect(r.swarm!.update_state).toBe('completed');
    expect(await runningImages(WORKER)).toEqual([workers.w3]);
    const spec = await serviceSpec(WORKER);
    expect(spec.UpdateConfig).toMatchObject({ Order: 'stop-first' });
    expect(spec.RollbackConfig).toMatchObject({ Order: 'stop-first' });
    expect(spec.TaskTemplate.ContainerSpec.Healthcheck.Test).toEqual(['CMD-SHELL', 'test -f /tmp/up']);
    expect(existsSync(join(shared, 'overlap'))).toBe(false);
    expect(await services(`${WORKER}-proxy`)).toEqual([]);
  });

  it('a new worker whose task exits within ready-seconds fails the deploy naming the task and its output; no proxy', async () => {
    const settings = swarmSettings(tb, CRASH, PORT + 2, 1, { service: { ...defaultAppOptions(), role: 'worker', readySeconds: 6 } });
    const e = await deploy(settings, req(workers.crash, 'i14b-crash')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeployError);
    expect((e as Error).message).toMatch(/i14b-crash: 1 of the new worker's 1 tasks did not keep running for ready-seconds \(6 s\); failing task \w+: failed \(task: non-zero exit \(1\)\); its last log lines:\n.*crashing soon/);
    expect(await services(`${CRASH}-proxy`)).toEqual([]);
  });
});
