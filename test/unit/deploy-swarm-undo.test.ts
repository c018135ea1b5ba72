import { describe, expect, it } from 'vitest';
import { drive, settleWith } from '../../src/deploy/core/machine.js';
import { Journal, parseJournal, SWARM_PHASES, type DeployJournal } from '../../src/deploy/core/journal.js';
import type { Service, ServiceSpec, SwarmApi, Task } from '../../src/deploy/placements/swarm/api.js';
import type { SwarmContext } from '../../src/deploy/placements/swarm/context.js';
import { swarmRecovery, undoSwarm } from '../../src/deploy/placements/swarm/undo.js';
import { swarmStrategy } from '../../src/deploy/placements/swarm/run.js';
import { DeployError } from '../../src/deploy/core/errors.js';
import { emptyResult } from '../../src/deploy/core/context.js';
import { APP, edges, img, logger, settings, World } from '../support/deploy-fakes.js';

const V1 = img('1');
const V2 = img('2');
const spec = (image: string, holder: string): ServiceSpec => ({
  Name: APP,
  Labels: { 'shipshape.deployed-by': holder },
  TaskTemplate: { ContainerSpec: { Image: image } },
  Mode: { Replicated: { Replicas: 2 } },
});

/** One Swarm service on a fake manager: a rollback swaps the specs, Swarm's own rollback finishes after `pollsLeft` polls. */
class FakeSwarm {
  calls: string[] = [];
  pollsLeft = 0;
  /** An update (not a rollback) stays `updating` forever. */
  stuck = false;
  constructor(public svc: Service | undefined) {}

  api(): SwarmApi {
    const service = async () => {
      if (this.svc?.UpdateStatus?.State === 'rollback_started' && this.pollsLeft-- <= 0) this.svc.UpdateStatus = { ...this.svc.UpdateStatus, State: 'rollback_completed' };
      return this.svc && structuredClone(this.svc);
    };
    return {
      ownService: service,
      serviceById: service,
      updateService: async (svc: Service, next: ServiceSpec, o: { rollback?: boolean } = {}) => {
        this.calls.push(o.rollback ? 'rollback' : `update ${next.TaskTemplate.ContainerSpec.Image} force ${next.TaskTemplate.ForceUpdate ?? 0}`);
        const s = this.svc!;
        if (o.rollback) [s.Spec, s.PreviousSpec] = [s.PreviousSpec!, s.Spec];
        else [s.Spec, s.PreviousSpec] = [next, s.Spec];
        s.UpdateStatus = { State: o.rollback ? 'rollback_completed' : this.stuck ? 'updating' : 'completed', StartedAt: `t${this.calls.length + 10}` };
        s.Version.Index = svc.Version.Index + 1;
      },
      removeService: async () => {
        this.calls.push('remove');
        this.svc = undefined;
      },
      tasks: async (): Promise<Task[]> =>
        [1, 2].map((n) => ({ ID: `t${n}`, DesiredState: 'running', Spec: { ContainerSpec: { Image: this.svc!.Spec.TaskTemplate.ContainerSpec.Image } }, Status: { State: 'running' } })),
      nodes: async () => [],
      taskLogs: async () => [],
    } as unknown as SwarmApi;
  }
}

const updating = (over: Partial<DeployJournal> = {}): DeployJournal => ({
  v: 1,
  mode: 'swarm',
  app: APP,
  host: settings.host.text,
  holder: 'run-2',
  kind: 'deploy',
  phase: 'updating',
  image: V2,
  swarm: { created: false, serviceId: 'svc1', previousImage: V1, previousReplicas: 2, versionBefore: 7, startedBefore: 't1' },
  ...over,
});

function swarmContext(w: World, f: FakeSwarm, saved: DeployJournal) {
  const log = logger();
  const journal = new Journal(saved, () => {});
  let t = 1_000_000;
  const c = { ...edges(w), settings, logger: log, now: () => t, sleep: async (ms: number) => void (t += ms), owner: { id: saved.holder }, journal, result: emptyResult(APP, 'h'), swarm: f.api(), docker: undefined } as unknown as SwarmContext;
  return { c, log, journal };
}

describe('swarm journal', () => {
  it('parseJournal accepts what a swarm deploy saves, and names what is missing', () => {
    for (const phase of SWARM_PHASES) expect(parseJournal(updating({ phase }))).toEqual({ journal: updating({ phase }) });
    expect(parseJournal({ ...updating(), phase: 'locked', swarm: undefined, image: undefined })).toMatchObject({ journal: { mode: 'swarm', phase: 'locked' } });
    expect(parseJournal({ ...updating(), phase: 'gated' })).toMatchObject({ problem: expect.stringMatching(/unknown swarm phase "gated"/) });
    expect(parseJournal({ ...updating(), mode: 'k8s' })).toMatchObject({ problem: expect.stringMatching(/unknown mode "k8s"/) });
    expect(parseJournal({ ...updating(), swarm: undefined })).toMatchObject({ problem: expect.stringMatching(/phase updating but does not say which image .* created/) });
    expect(parseJournal({ ...updating(), swarm: { created: false } })).toMatchObject({ problem: expect.stringMatching(/does not name the image the service ran before/) });
    // A journal saved before swarm mode existed (no mode) is still the container deploy's.
    const old = { v: 1, app: APP, host: 'h', holder: 'run-1', kind: 'deploy', phase: 'gated', target: 'green', previous: 'blue', candidateKind: 'new' };
    expect(parseJournal(old)).toEqual({ journal: old });
  });
});

describe('swarm undo and post-step recovery', () => {
  it('killed while our update runs: Swarm rollback to the previous spec, history reverted, lease released', async () => {
    const w = new World();
    w.lease = 'run-2';
    const f = new FakeSwarm({ ID: 'svc1', Version: { Index: 8 }, Spec: spec(V2, 'run-2'), PreviousSpec: spec(V1, 'run-1'), UpdateStatus: { State: 'updating', StartedAt: 't2' } });
    const { c, log, journal } = swarmContext(w, f, updating());
    await settleWith(c, swarmRecovery(c));
    expect(f.calls).toEqual(['rollback']);
    expect(f.svc!.Spec.TaskTemplate.ContainerSpec.Image).toBe(V1);
    expect(w.lease).toBeUndefined();
    expect(journal.phase).toBe('done');
    expect(w.state.history.at(-1)).toMatchObject({ outcome: 'reverted', mode: 'swarm', image: V2, color: 'blue', reason: 'the main step stopped in phase updating' });
    expect(log.lines.join('\n')).toMatch(/rolling service svc1 back to its previous spec .*update state updating/);
    expect(log.lines.join('\n')).toMatch(/Released the deploy lock/);
  });

  it('an update that completed after main was killed is rolled back too (the step did not succeed)', async () => {
    const w = new World();
    w.lease = 'run-2';
    const f = new FakeSwarm({ ID: 'svc1', Version: { Index: 8 }, Spec: spec(V2, 'run-2'), PreviousSpec: spec(V1, 'run-1'), UpdateStatus: { State: 'completed', StartedAt: 't2' } });
    const { c } = swarmContext(w, f, updating());
    await settleWith(c, swarmRecovery(c));
    expect(f.calls).toEqual(['rollback']);
    expect(f.svc!.Spec.TaskTemplate.ContainerSpec.Image).toBe(V1);
  });

  it("Swarm's own rollback under way: waited for, nothing issued", async () => {
    const w = new World();
    w.lease = 'run-2';
    const f = new FakeSwarm({ ID: 'svc1', Version: { Index: 9 }, Spec: spec(V1, 'run-1'), UpdateStatus: { State: 'rollback_started', StartedAt: 't3' } });
    f.pollsLeft = 3;
    const { c, log } = swarmContext(w, f, updating());
    await settleWith(c, swarmRecovery(c));
    expect(f.calls).toEqual([]);
    expect(f.svc!.UpdateStatus!.State).toBe('rollback_completed');
    expect(log.lines.join('\n')).toMatch(/Swarm is rolling service svc1 back .*waiting/);
    expect(w.lease).toBeUndefined();
  });

  it("Swarm's rollback paused on a failing task: a forced update to the current (previous) spec", async () => {
    const w = new World();
    const f = new FakeSwarm({ ID: 'svc1', Version: { Index: 9 }, Spec: spec(V1, 'run-1'), UpdateStatus: { State: 'rollback_paused', StartedAt: 't3', Message: 'task failed' } });
    const { c } = swarmContext(w, f, updating());
    await undoSwarm(c, 'failed');
    expect(f.calls).toEqual([`update ${V1} force 1`]);
  });

  it('the kill came before the update reached Swarm: nothing issued (the old status is not ours)', async () => {
    const w = new World();
    const f = new FakeSwarm({ ID: 'svc1', Version: { Index: 7 }, Spec: spec(V1, 'run-1'), UpdateStatus: { State: 'completed', StartedAt: 't1' } });
    const { c, journal } = swarmContext(w, f, updating());
    await undoSwarm(c, 'failed');
    expect(f.calls).toEqual([]);
    expect(journal.phase).toBe('reverted');
  });

  it('a service this deploy created is removed (no previous version)', async () => {
    const w = new World();
    const f = new FakeSwarm({ ID: 'svc1', Version: { Index: 1 }, Spec: spec(V2, 'run-2') });
    const { c } = swarmContext(w, f, updating({ swarm: { created: true } }));
    await undoSwarm(c, 'killed');
    expect(f.calls).toEqual(['remove']);
    expect(f.svc).toBeUndefined();
    expect(w.state.history.at(-1)).toMatchObject({ outcome: 'failed', mode: 'swarm' });
  });

  it('converged before the kill: forward only (history live), the lease freed', async () => {
    const w = new World();
    w.lease = 'run-2';
    const f = new FakeSwarm({ ID: 'svc1', Version: { Index: 8 }, Spec: spec(V2, 'run-2'), PreviousSpec: spec(V1, 'run-1'), UpdateStatus: { State: 'completed', StartedAt: 't2' } });
    const { c } = swarmContext(w, f, updating({ phase: 'converged' }));
    await settleWith(c, swarmRecovery(c));
    expect(f.calls).toEqual([]);
    expect(w.state.history.at(-1)).toMatchObject({ outcome: 'live', image: V2 });
    expect(w.lease).toBeUndefined();
  });

  it('the lease is no longer ours: the host is left alone, the warning says the service may still be updating', async () => {
    const w = new World();
    w.lease = 'run-3';
    const f = new FakeSwarm({ ID: 'svc1', Version: { Index: 8 }, Spec: spec(V2, 'run-2'), PreviousSpec: spec(V1, 'run-1'), UpdateStatus: { State: 'updating', StartedAt: 't2' } });
    const { c, log } = swarmContext(w, f, updating());
    await settleWith(c, swarmRecovery(c));
    expect(f.calls).toEqual([]);
    expect(w.lease).toBe('run-3');
    expect(log.lines.join('\n')).toMatch(/no longer this run's.*service shop may still be updating or rolling back/);
  });
});

describe('the swarm strategy in the machine', () => {
  it('an update that never converges: the step fails in phase updating, the undo rolls Swarm back, the lease is freed', async () => {
    const w = new World();
    const f = new FakeSwarm({ ID: 'svc1', Version: { Index: 7 }, Spec: spec(V1, 'run-1'), UpdateStatus: { State: 'completed', StartedAt: 't1' } });
    f.stuck = true;
    const { c, journal } = swarmContext(w, f, { v: 1, mode: 'swarm', app: APP, host: 'h', holder: 'run-2', kind: 'deploy', phase: 'locked' });
    const e = (await drive(c, 'deploy', { ...swarmStrategy(c, { kind: 'deploy', image: V2 }), setup: undefined }).catch((x: unknown) => x)) as DeployError;
    expect(e).toBeInstanceOf(DeployError);
    expect(e.phase).toBe('updating');
    expect(e.message).toMatch(/^deploy of shop: Swarm's update to the new version failed; the previous version serves again: .*not converged within \d+ s/);
    expect(f.calls).toEqual([`update ${V2} force 0`, 'rollback']);
    expect(f.svc!.Spec.TaskTemplate.ContainerSpec.Image).toBe(V1);
    expect(journal.phase).toBe('done');
    expect(w.lease).toBeUndefined();
    expect(w.state.history.at(-1)).toMatchObject({ outcome: 'reverted', mode: 'swarm', image: V2 });
  });
});
