import { describe, expect, it } from 'vitest';
import { emptyResult } from '../../src/deploy/core/context.js';
import { Journal, type DeployJournal } from '../../src/deploy/core/journal.js';
import { drive, settleWith } from '../../src/deploy/core/machine.js';
import type { Service, ServiceSpec, SwarmApi, Task } from '../../src/deploy/placements/swarm/api.js';
import type { SwarmContext } from '../../src/deploy/placements/swarm/context.js';
import { swarmStrategy } from '../../src/deploy/placements/swarm/run.js';
import { proxyConfigName, proxyServiceSpec, swarmProxyConfig } from '../../src/deploy/placements/swarm/spec.js';
import { swarmRecovery } from '../../src/deploy/placements/swarm/undo.js';
import type { DeploySettings } from '../../src/settings/deploy.js';
import { edges, img, logger, settings, World } from '../support/deploy-fakes.js';

// What deploy-swarm-undo.test.ts leaves out: the swarm strategy in the machine with a failure at every
// Swarm and store call of main, at every call of its undo, and a kill at every call followed by the post
// step. Each ends with the service on its previous spec (or, created by this deploy, gone), its proxy
// service untouched, and the lease free (kept only while an undo failed; then the post step frees it).

const V1 = img('1');
const V2 = img('2');
const s: DeploySettings = { ...settings, modes: { mode: 'swarm', replicas: 2 } as DeploySettings['modes'] };

/** One manager: the app's service and its proxy service; every call is one of the World's operations. */
class Manager {
  services = new Map<string, Service>();
  private n = 0;
  constructor(readonly w: World) {}

  /** The app's service as a previous deploy left it: V1, updated once (so it has a previous spec). */
  withApp(): this {
    const spec = (image: string): ServiceSpec => ({ Name: 'shop', Labels: { 'shipshape.app': 'shop', 'shipshape.role': 'app', 'shipshape.deployed-by': 'run-0' }, TaskTemplate: { ContainerSpec: { Image: image } }, Mode: { Replicated: { Replicas: 2 } } });
    this.services.set('svc-app', { ID: 'svc-app', Version: { Index: 5 }, Spec: spec(V1), PreviousSpec: spec(img('0')), UpdateStatus: { State: 'completed', StartedAt: 't0' } });
    return this;
  }

  /** The proxy service as ensureSwarmProxy wants it (so a deploy leaves it alone). */
  withProxy(): this {
    const name = proxyConfigName(s.app, swarmProxyConfig(s));
    this.services.set('svc-proxy', { ID: 'svc-proxy', Version: { Index: 1 }, Spec: proxyServiceSpec(s, { name, id: 'cfg-1' }) });
    return this;
  }

  /** What the swarm serves: each service's image and replicas. */
  served() {
    return Object.fromEntries([...this.services.values()].map((v) => [v.Spec.Name, `${v.Spec.TaskTemplate.ContainerSpec.Image} ×${v.Spec.Mode.Replicated?.Replicas ?? 'global'}`]));
  }

  api(): SwarmApi {
    const w = this.w;
    const find = (name: string, own?: { app: string; role: string }) =>
      [...this.services.values()].find((v) => v.Spec.Name === name && (!own || (v.Spec.Labels?.['shipshape.app'] === own.app && v.Spec.Labels?.['shipshape.role'] === own.role)));
    const api: Partial<Record<keyof SwarmApi, unknown>> = {
      foreignService: async (name: string, app: string, role: string) => (await w.op('swarm.foreignService'), find(name) && !find(name, { app, role }) ? find(name) : undefined),
      ensureOverlay: async () => w.op('swarm.ensureOverlay'),
      ensureConfig: async () => w.op('swarm.ensureConfig'),
      configId: async () => (await w.op('swarm.configId'), 'cfg-1'),
      ownService: async (name: string, app: string, role: string) => (await w.op(`swarm.ownService ${name}`), structuredClone(find(name, { app, role }))),
      serviceById: async (id: string) => (await w.op('swarm.serviceById'), structuredClone(this.services.get(id))),
      createService: async (spec: ServiceSpec) => {
        await w.op('swarm.createService');
        const id = `svc-${++this.n}`;
        this.services.set(id, { ID: id, Version: { Index: 1 }, Spec: structuredClone(spec) });
        return id;
      },
      updateService: async (svc: Service, spec: ServiceSpec, o: { rollback?: boolean } = {}) => {
        await w.op(o.rollback ? 'swarm.rollback' : 'swarm.updateService');
        const cur = this.services.get(svc.ID);
        if (!cur || cur.Version.Index !== svc.Version.Index) throw new Error(`update out of sequence (version ${svc.Version.Index})`);
        const next = o.rollback ? cur.PreviousSpec! : structuredClone(spec);
        this.services.set(svc.ID, { ID: svc.ID, Version: { Index: cur.Version.Index + 1 }, Spec: next, PreviousSpec: cur.Spec, UpdateStatus: { State: o.rollback ? 'rollback_completed' : 'completed', StartedAt: `t${++this.n}` } });
      },
      removeService: async (id: string) => void (await w.op('swarm.removeService'), this.services.delete(id)),
      tasks: async (id: string): Promise<Task[]> => {
        await w.op('swarm.tasks');
        const v = this.services.get(id);
        return v ? Array.from({ length: v.Spec.Mode.Replicated?.Replicas ?? 1 }, (_, i) => ({ ID: `${id}-t${i}`, DesiredState: 'running', Spec: { ContainerSpec: { Image: v.Spec.TaskTemplate.ContainerSpec.Image } }, Status: { State: 'running' } })) : [];
      },
      nodes: async () => (await w.op('swarm.nodes'), []),
      taskLogs: async () => [],
    };
    return api as unknown as SwarmApi;
  }
}

function run(w: World, m: Manager, o: { journal?: DeployJournal; onSave?: (j: DeployJournal) => void } = {}) {
  let t = 1_000_000;
  const saved: DeployJournal[] = [];
  const journal = new Journal(o.journal ?? { v: 1, app: 'shop', host: s.host.text, holder: 'run-1', kind: 'deploy', phase: 'locked' }, (j) => {
    if (o.journal) return;
    saved.push(j);
    o.onSave?.(j);
  });
  const c = {
    settings: s,
    logger: logger(),
    now: () => t,
    sleep: async (ms: number) => (w.frozen ? new Promise<void>(() => {}) : void (t += ms)),
    owner: { id: journal.value.holder },
    journal,
    result: emptyResult('shop', s.host.text),
    store: edges(w).store,
    swarm: m.api(),
    docker: undefined,
  } as unknown as SwarmContext;
  // What SwarmPlacement.deploy enters before the strategy (the post step starts from the saved journal).
  if (!o.journal) c.journal.enter('locked', { mode: 'swarm' });
  return { saved, main: () => drive(c, 'deploy', swarmStrategy(c, { kind: 'deploy', image: V2 })), post: () => settleWith(c, swarmRecovery(c)) };
}

const SHAPES = { 'an update': () => new Manager(new World()).withApp().withProxy(), 'a first deploy (the service is created)': () => new Manager(new World()).withProxy() };

for (const [name, make] of Object.entries(SHAPES)) {
  describe(`swarm placement, ${name}`, () => {
    const before = make().served();
    const clean = make();
    const points: number[] = [];
    const expectBefore = (m: Manager, label: string) => {
      expect(m.served(), label).toEqual(before);
      expect(m.w.lease, `${label}: the lease is free`).toBeUndefined();
      expect(m.w.state.history.some((e) => e.outcome === 'live' && e.image === V2), label).toBe(false);
    };

    it('a clean deploy puts V2 on the service, the proxy untouched', async () => {
      const r = run(clean.w, clean, { onSave: () => points.push(clean.w.ops.length + 1) });
      await r.main();
      expect(clean.served()).toEqual({ ...before, shop: `${V2} ×2` });
      expect(r.saved.map((j) => j.phase)).toEqual(['locked', 'locked', 'updating', ...(name.startsWith('a first') ? ['updating'] : []), 'converged', 'done']);
    });

    it('a failure at every call of main, then the post step: the previous spec serves', async () => {
      for (let at = 1; at <= clean.w.ops.length; at++) {
        const m = make();
        m.w.failAtOp = at;
        const r = run(m.w, m);
        const error = await r.main().then(() => undefined, (e: Error) => e);
        m.w.failAtOp = 0;
        const last = r.saved.at(-1)!;
        if (last.phase !== 'done') await run(m.w, m, { journal: last }).post();
        if (!error) expect(m.served()[s.app], `failure at ${at} ${m.w.ops[at - 1]} passed`).toBe(`${V2} ×2`);
        else expectBefore(m, `failure at ${at} ${m.w.ops[at - 1]}: ${error.message}`);
      }
    });

    it('a failure after each journal entry, then at every call of its undo; the post step finishes the undo', async () => {
      let undoFailed = 0;
      for (const at of [...new Set(points)].filter((p) => p <= clean.w.ops.length)) {
        for (let k = 1; ; k++) {
          const m = make();
          m.w.failAtOp = at;
          const r = run(m.w, m, { onSave: (j) => void (j.phase === 'reverting' && (m.w.failAtOp = m.w.ops.length + k)) });
          const error = await r.main().then(() => undefined, (e: Error) => e);
          m.w.failAtOp = 0;
          const last = r.saved.at(-1)!;
          if (last.phase !== 'done') await run(m.w, m, { journal: last }).post();
          if (error) expectBefore(m, `failure at ${at}, undo failing at ${k}: ${error.message}`);
          if (error && /the post step retries/.test(error.message)) undoFailed++;
          if (m.w.failures < 2) break;
        }
      }
      expect(undoFailed, 'undos that failed (then finished by the post step)').toBeGreaterThan(0);
    });

    it('a kill at every call of main, then the post step from the saved journal', async () => {
      for (let at = 1; at <= clean.w.ops.length; at++) {
        const m = make();
        const r = run(m.w, m, { onSave: () => void 0 });
        const op = m.w.op.bind(m.w);
        m.w.op = async (n: string) => (m.w.ops.length + 1 >= at && (m.w.frozen = true), op(n));
        void r.main();
        for (let i = 0; i < 1000 && !m.w.frozen; i++) await new Promise((res) => setImmediate(res));
        m.w.frozen = false;
        m.w.op = op;
        const last = r.saved.at(-1)!;
        await run(m.w, m, { journal: last }).post();
        if (last.phase === 'converged') expect(m.served()[s.app]).toBe(`${V2} ×2`);
        else expectBefore(m, `killed at ${at} (phase ${last.phase})`);
      }
    });
  });
}
