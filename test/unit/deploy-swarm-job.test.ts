import { describe, expect, it } from 'vitest';
import { defaultAppOptions, type AppOptions } from '../../src/settings/app.js';
import type { DeploySettings } from '../../src/settings/index.js';
import type { ServiceSpec, SwarmApi, Task } from '../../src/deploy/placements/swarm/api.js';
import { DeployError } from '../../src/deploy/core/errors.js';
import { releaseJobSpec, runReleaseJob } from '../../src/deploy/placements/swarm/job.js';
import { appServiceSpec } from '../../src/deploy/placements/swarm/spec.js';
import { watchCreatedWorker } from '../../src/deploy/placements/swarm/worker.js';
import { emptyResult } from '../../src/deploy/core/context.js';
import { logger, settings } from '../support/deploy-fakes.js';

const IMG = `127.0.0.1:5000/app@sha256:${'a'.repeat(64)}`;
const owner = { id: 'run-1', runUrl: 'https://ci.example/run/1' };
const swarmSettings = (service: Partial<AppOptions> = {}): DeploySettings => ({
  ...settings,
  modes: { mode: 'swarm', replicas: 3, containerOnly: [] },
  service: { ...defaultAppOptions(), ...service },
});

const withApp: Partial<AppOptions> = {
  releaseCommand: ['sh', '-c', 'migrate'],
  volumes: [{ kind: 'volume', source: 'data', target: '/data', readOnly: false }],
  networks: [{ name: 'db', aliases: ['web'] }],
  memoryBytes: 64 * 1024 ** 2,
  cpus: 0.5,
};

describe('swarm release job spec', () => {
  it('one task of the new image with the app env, mounts, limits, networks, placement; never restarted, no update config', () => {
    const spec = releaseJobSpec(swarmSettings(withApp), { image: IMG, command: ['sh', '-c', 'migrate'], owner, platforms: ['linux/amd64'] });
    expect(spec.Name).toBe('shop-release');
    expect(spec.Mode).toEqual({ ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } });
    expect(spec.Labels).toMatchObject({ 'shipshape.app': 'shop', 'shipshape.role': 'release', 'shipshape.deployed-by': 'run-1' });
    const cs = spec.TaskTemplate.ContainerSpec;
    expect(cs).toMatchObject({ Image: IMG, Args: ['sh', '-c', 'migrate'], Env: ['A=b'], Healthcheck: { Test: ['NONE'] } });
    expect(cs.Labels).toMatchObject({ 'shipshape.role': 'release' });
    expect(cs.Mounts).toEqual([{ Type: 'volume', Source: 'data', Target: '/data', ReadOnly: false }]);
    expect(spec.TaskTemplate.Resources).toEqual({ Limits: { MemoryBytes: 64 * 1024 ** 2, NanoCPUs: 5e8 } });
    expect(spec.TaskTemplate.RestartPolicy).toEqual({ Condition: 'none' });
    // No alias on any network: tasks.shop (the proxy's servers) and the app's alias 'web' on db must never resolve to the job.
    expect(spec.TaskTemplate.Networks).toEqual([{ Target: 'shipshape-overlay' }, { Target: 'db' }]);
    expect(spec.TaskTemplate.Placement).toEqual({ Platforms: [{ OS: 'linux', Architecture: 'amd64' }] });
    expect(spec.UpdateConfig).toBeUndefined();
    expect(spec.RollbackConfig).toBeUndefined();
    expect(spec.EndpointSpec).toEqual({ Mode: 'dnsrr' });
  });
});

const ended = (state: string, exitCode?: number, err?: string): Task => ({
  ID: 'task1234567890',
  DesiredState: 'shutdown',
  Spec: { ContainerSpec: { Image: IMG } },
  Status: { State: state, ...(err && { Err: err }), ...(exitCode !== undefined && { ContainerStatus: { ExitCode: exitCode } }) },
});

/** A SwarmApi for the job: `polls` task lists one per poll; records what was created and removed. */
function fakeSwarm(polls: Task[][], lines: string[] = []) {
  const calls: string[] = [];
  let created: ServiceSpec | undefined;
  let auth: unknown;
  let i = 0;
  const api = {
    removeOwnService: async (name: string, app: string, role: string) => void calls.push(`rm ${name} (${app} ${role})`),
    removeService: async (id: string) => void calls.push(`rm ${id}`),
    createService: async (spec: ServiceSpec, a: unknown) => {
      created = spec;
      auth = a;
      calls.push(`create ${spec.Name}`);
      return 'job1';
    },
    tasks: async () => polls[Math.min(i++, polls.length - 1)]!,
    taskLogs: async () => lines,
  } as unknown as SwarmApi;
  return { api, calls, spec: () => created, auth: () => auth };
}

const ctx = (service: Partial<AppOptions>, clock = { t: 0 }) => {
  const log = logger();
  return {
    log: log.lines,
    c: { settings: swarmSettings(service), owner, logger: log, now: () => clock.t, sleep: async (ms: number) => void (clock.t += ms), result: emptyResult('shop', 'unix:///var/run/docker.sock') },
  };
};

describe('swarm release job runner', () => {
  it('without a release command nothing is created', async () => {
    const f = fakeSwarm([]);
    await runReleaseJob(f.api, ctx({}).c, { image: IMG });
    expect(f.calls).toEqual([]);
  });

  it('exit 0: logs the output, records the exit code, removes the job; registry auth on the create', async () => {
    const f = fakeSwarm([[], [ended('running')], [ended('complete', 0)]], ['migrating', 'done']);
    const { c, log } = ctx(withApp);
    const registryAuth = { username: 'u', password: 'p', serveraddress: 'r' };
    await runReleaseJob(f.api, c, { image: IMG, registryAuth });
    expect(f.calls).toEqual(['rm shop-release (shop release)', 'create shop-release', 'rm job1']);
    expect(f.auth()).toEqual(registryAuth);
    expect(log).toContain('release | migrating');
    expect(c.result.release).toMatchObject({ command: ['sh', '-c', 'migrate'], exitCode: 0 });
  });

  it('exit 3: fails naming the code and the last log lines, and still removes the job', async () => {
    const f = fakeSwarm([[ended('failed', 3, 'task: non-zero exit (3)')]], ['broken migration']);
    const { c } = ctx(withApp);
    const e = await runReleaseJob(f.api, c, { image: IMG }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeployError);
    expect((e as Error).message).toMatch(/exited with code 3 in the Swarm job shop-release; the service shop was not updated and the live version keeps serving; its last log lines:\nbroken migration/);
    expect(c.result.release?.exitCode).toBe(3);
    expect(f.calls.at(-1)).toBe('rm job1');
  });

  it('a rejected task (no exit code) fails naming its state and error', async () => {
    const f = fakeSwarm([[ended('rejected', undefined, 'No such image')]]);
    const e = await runReleaseJob(f.api, ctx(withApp).c, { image: IMG }).catch((x: unknown) => x);
    expect((e as Error).message).toMatch(/did not run to completion \(task task12345678 rejected: No such image\)/);
  });

  it('bounded: a job that never ends fails after the limit and is removed', async () => {
    const f = fakeSwarm([[]]);
    const e = await runReleaseJob(f.api, ctx(withApp).c, { image: IMG, limitMs: 5000 }).catch((x: unknown) => x);
    expect((e as Error).message).toMatch(/did not finish within 5 s/);
    expect(f.calls.at(-1)).toBe('rm job1');
  });
});

describe('swarm worker spec', () => {
  it('a worker: no HTTP probe (the image\'s HEALTHCHECK), start-first, ready-seconds as the monitor', () => {
    const spec = appServiceSpec(swarmSettings({ role: 'worker', readySeconds: 7 }), { image: IMG, owner });
    expect(spec.TaskTemplate.ContainerSpec.Healthcheck).toBeUndefined();
    expect(spec.UpdateConfig).toMatchObject({ Order: 'start-first', Monitor: 7e9, FailureAction: 'rollback' });
    expect(spec.RollbackConfig).toMatchObject({ Order: 'start-first', Monitor: 7e9 });
  });

  it('health-cmd is the task HEALTHCHECK; overlap false is stop-first', () => {
    const spec = appServiceSpec(swarmSettings({ role: 'worker', healthCmd: 'test -f /tmp/up', overlap: false }), { image: IMG, owner });
    expect(spec.TaskTemplate.ContainerSpec.Healthcheck).toMatchObject({ Test: ['CMD-SHELL', 'test -f /tmp/up'] });
    expect(spec.UpdateConfig).toMatchObject({ Order: 'stop-first' });
    expect(spec.RollbackConfig).toMatchObject({ Order: 'stop-first' });
  });

  it('a web app keeps the HTTP probe, start-first and the 3 s monitor (overlap is a worker\'s input)', () => {
    const spec = appServiceSpec(swarmSettings({ overlap: false }), { image: IMG, owner });
    expect((spec.TaskTemplate.ContainerSpec.Healthcheck as { Test: string[] }).Test[0]).toBe('CMD-SHELL');
    expect(spec.UpdateConfig).toMatchObject({ Order: 'start-first', Monitor: 3e9 });
  });
});

describe('a new worker service watched for ready-seconds', () => {
  const running = (id: string): Task => ({ ID: id, DesiredState: 'running', Spec: { ContainerSpec: { Image: IMG } }, Status: { State: 'running' } });
  const swarmWith = (tasks: Task[]) => ({ tasks: async () => tasks, taskLogs: async () => ['crashing soon'] }) as unknown as SwarmApi;

  it('the same tasks still running after ready-seconds: ready (the sleep is ready-seconds)', async () => {
    const slept: number[] = [];
    const c = { ...ctx({ role: 'worker', readySeconds: 4 }).c, sleep: async (ms: number) => void slept.push(ms) };
    await watchCreatedWorker(swarmWith([running('t1'), running('t2')]), c, { serviceId: 's', image: IMG, tasks: [running('t1'), running('t2')] });
    expect(slept).toEqual([4000]);
  });

  it('a task replaced in that time fails naming the failing task and its log lines; a web app is not watched', async () => {
    const tasks = [running('t3'), { ...running('t1'), DesiredState: 'shutdown', Status: { State: 'failed', Err: 'task: non-zero exit (1)', Timestamp: '2026-01-01T00:00:01Z' } }];
    const e = await watchCreatedWorker(swarmWith(tasks), ctx({ role: 'worker', readySeconds: 4 }).c, { serviceId: 's', image: IMG, tasks: [running('t1')] }).catch((x: unknown) => x);
    expect((e as Error).message).toMatch(/shop: 1 of the new worker's 1 tasks did not keep running for ready-seconds \(4 s\); failing task t1: failed \(task: non-zero exit \(1\)\); its last log lines:\ncrashing soon/);
    await watchCreatedWorker(swarmWith([]), ctx({}).c, { serviceId: 's', image: IMG, tasks: [running('t1')] });
  });
});
