import { defaultAppOptions } from '../../src/settings/app.js';
import { describe, expect, it } from 'vitest';
import type { DeploySettings } from '../../src/settings/index.js';
import type { Service, SwarmApi, Task } from '../../src/deploy/placements/swarm/api.js';
import { converge } from '../../src/deploy/placements/swarm/converge.js';
import { appServiceSpec, healthProbe, proxyServiceSpec, swarmProxyConfig } from '../../src/deploy/placements/swarm/spec.js';

const IMG = `127.0.0.1:5000/app@sha256:${'a'.repeat(64)}`;
const OLD = `127.0.0.1:5000/app@sha256:${'b'.repeat(64)}`;
const settings = {
  host: { kind: 'unix', path: '/var/run/docker.sock', text: 'unix:///var/run/docker.sock' },
  dockerSocket: '/var/run/docker.sock',
  app: 'shop',
  containerPort: 8080,
  publicPort: { port: 8000 },
  healthPath: '/up',
  healthTimeoutSeconds: 10,
  proxyImage: 'haproxy:lts',
  env: [['SECRET', 'hunter22']],
  soakSeconds: 10,
  rollback: false,
  service: defaultAppOptions(),
  historyLimit: 20,
  modes: { mode: 'swarm', replicas: 3, containerOnly: [] },
} as DeploySettings;

const task = (id: string, image: string, state: string, desired = 'running', err?: string): Task => ({
  ID: id,
  Slot: 1,
  NodeID: 'node1',
  DesiredState: desired,
  Spec: { ContainerSpec: { Image: image } },
  Status: { State: state, ...(err && { Err: err }), Timestamp: `2026-01-01T00:00:0${id.length}Z` },
});

/** A SwarmApi whose service and tasks follow `steps`, one step per poll. */
function fakeSwarm(steps: { status?: Service['UpdateStatus']; tasks: Task[] }[]) {
  let i = 0;
  const at = () => steps[Math.min(i, steps.length - 1)]!;
  return {
    serviceById: async () => ({ ID: 'svc1', Version: { Index: 5 }, Spec: { Name: 'shop' }, UpdateStatus: at().status }) as unknown as Service,
    tasks: async () => {
      const t = at().tasks;
      i++;
      return t;
    },
    nodes: async () => [{ ID: 'node1', Status: { State: 'ready', Addr: '10.0.0.1' }, Spec: { Availability: 'active', Role: 'manager' }, Description: { Hostname: 'h', Platform: { OS: 'linux', Architecture: 'x86_64' } } }],
  } as unknown as SwarmApi;
}

const quiet = { info: () => {}, warning: () => {}, debug: () => {} };
const opts = (over: object) => ({ serviceId: 'svc1', image: IMG, replicas: 2, timeoutMs: 60_000, logger: quiet, sleep: async () => {}, now: () => 0, expectUpdate: true, ...over });

describe('swarm converge', () => {
  it('a new service: done once the replicas run, each task change logged', async () => {
    const lines: string[] = [];
    const logger = { info: (m: string) => lines.push(m), warning: () => {}, debug: () => {} };
    const swarm = fakeSwarm([{ tasks: [task('t1', IMG, 'starting'), task('t2', IMG, 'starting')] }, { tasks: [task('t1', IMG, 'running'), task('t2', IMG, 'running')] }]);
    const out = await converge(swarm, opts({ logger, expectUpdate: false }));
    expect(out.ok).toBe(true);
    expect(lines.filter((l) => /task t1 .*starting/.test(l))).toHaveLength(1);
    expect(lines.some((l) => /task t2 slot 1 on node1 \(10\.0\.0\.1\): running/.test(l))).toBe(true);
  });

  it('an update: an earlier update status does not count; a rollback fails with the rollback message and the failing task', async () => {
    const logger = { info: () => {}, warning: () => {}, debug: () => {} };
    const stale = { State: 'completed' as const, StartedAt: 'old' };
    const swarm = fakeSwarm([
      { status: stale, tasks: [task('old1', OLD, 'running'), task('old2', OLD, 'running')] },
      { status: { State: 'updating', StartedAt: 'new' }, tasks: [task('old1', OLD, 'running'), task('new1', IMG, 'failed', 'shutdown', 'task: non-zero exit (1)')] },
      { status: { State: 'rollback_started', StartedAt: 'new', Message: 'update rolled back due to failure or early termination of task new1' }, tasks: [task('old1', OLD, 'running')] },
      { status: { State: 'rollback_completed', StartedAt: 'new', Message: 'rollback completed' }, tasks: [task('old1', OLD, 'running'), task('old3', OLD, 'running')] },
    ]);
    const out = await converge(swarm, opts({ logger, staleStartedAt: 'old' }));
    expect(out).toMatchObject({ ok: false, state: 'rollback_completed', reason: expect.stringMatching(/rolled back due to failure .* task new1/) });
    expect(!out.ok && out.failing?.ID).toBe('new1');
  });

  it('gives up after its bound, naming how many tasks of the new image run', async () => {
    let t = 0;
    const swarm = fakeSwarm([{ status: { State: 'updating', StartedAt: 'new' }, tasks: [task('n1', IMG, 'starting')] }]);
    const out = await converge(swarm, opts({ logger: { info: () => {}, warning: () => {}, debug: () => {} }, now: () => (t += 10_000), timeoutMs: 30_000 }));
    expect(out).toMatchObject({ ok: false, reason: expect.stringMatching(/not converged within 30 s \(0 of 2 tasks/) });
  });
});

describe('swarm specs', () => {
  it('the app service: start-first with rollback, dnsrr, health check, env, platforms', () => {
    const spec = appServiceSpec(settings, { image: IMG, owner: { id: 'run1' }, platforms: ['linux/amd64', 'linux/arm64'] }) as Record<string, any>;
    expect(spec.UpdateConfig).toMatchObject({ Order: 'start-first', FailureAction: 'rollback', Parallelism: 1 });
    expect(spec.RollbackConfig).toMatchObject({ Order: 'start-first' });
    expect(spec.EndpointSpec).toEqual({ Mode: 'dnsrr' });
    expect(spec.Mode).toEqual({ Replicated: { Replicas: 3 } });
    expect(spec.TaskTemplate.ContainerSpec.Env).toEqual(['SECRET=hunter22']);
    expect(spec.TaskTemplate.ContainerSpec.Healthcheck.Test).toEqual(['CMD-SHELL', healthProbe(8080, '/up')]);
    expect(spec.TaskTemplate.Placement.Platforms).toEqual([{ OS: 'linux', Architecture: 'amd64' }, { OS: 'linux', Architecture: 'arm64' }]);
    expect(spec.TaskTemplate.RestartPolicy.Condition).toBe('any');
    expect(spec.Labels['shipshape.image']).toBe(IMG);
  });

  it('the proxy: tasks.<app> with active checks; a global service on a host-mode port', () => {
    const cfg = swarmProxyConfig(settings);
    expect(cfg).toContain('server-template task 1-10 tasks.shop:8080 check');
    expect(cfg).toContain('option httpchk GET /up');
    expect(cfg).toContain('nameserver dns 127.0.0.11:53');
    const spec = proxyServiceSpec(settings, { name: 'shop-proxy-abc', id: 'cfg1' }) as Record<string, any>;
    expect(spec.Mode).toEqual({ Global: {} });
    expect(spec.EndpointSpec.Ports).toEqual([{ Protocol: 'tcp', TargetPort: 8080, PublishedPort: 8000, PublishMode: 'host' }]);
  });
});
