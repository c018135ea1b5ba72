import { defaultAppOptions } from '../../src/settings/app.js';
// In-memory router, runtime and host store for the deploy machine's unit tests: one `World` is the host.
import { type Edges, emptyResult, type MachineContext } from '../../src/deploy/core/context.js';
import { LockError } from '../../src/deploy/core/edge-errors.js';
import type { Color } from '../../src/deploy/core/color.js';
import type { HostState } from '../../src/deploy/core/host-state.js';
import { Journal, type DeployJournal } from '../../src/deploy/core/journal.js';
import type { HostStore, Lease, LeaseOwner } from '../../src/deploy/core/store.js';
import type { Health, Router } from '../../src/deploy/core/router.js';
import type { Instance, Runtime } from '../../src/deploy/core/runtime.js';
import type { InstanceSpec } from '../../src/deploy/core/spec.js';
import type { DeploySettings } from '../../src/settings/index.js';
import type { Logger } from '../../src/log.js';
import { blueGreen } from '../../src/deploy/core/blue-green.js';
import { drive } from '../../src/deploy/core/machine.js';
import type { Plan } from '../../src/deploy/core/placement.js';
import type { DeployResult } from '../../src/deploy/core/model.js';

export const APP = 'shop';
export const img = (v: string) => `reg/shop@sha256:${v.padEnd(64, '0')}`;

interface Box {
  image: string;
  running: boolean;
}

type RouterState = 'maint' | 'drain' | 'ready';

export class World {
  containers = new Map<string, Box>();
  router: Record<Color, RouterState> = { blue: 'maint', green: 'maint' };
  persisted?: Color;
  state: HostState = { colors: {}, history: [] };
  lease?: string;
  /** Images that never pass the health check, or fail through the public route. */
  unhealthy = new Set<string>();
  failsSoak = new Set<string>();
  ops: string[] = [];
  /** The next `failOps` operations throw; `frozen` makes every operation hang (a killed process). */
  failOps = 0;
  /** The operation with this (1-based) index in `ops` throws. */
  failAtOp = 0;
  failures = 0;
  frozen = false;

  async op(name: string): Promise<void> {
    if (this.frozen) return new Promise<void>(() => {});
    this.ops.push(name);
    if (this.failOps > 0 || this.ops.length === this.failAtOp) {
      this.failOps = Math.max(0, this.failOps - 1);
      this.failures++;
      throw new Error(`injected failure in ${name}`);
    }
  }

  /** The image the public route serves (the one `ready` target that runs), or undefined. */
  serving(): string | undefined {
    const ready = (['blue', 'green'] as Color[]).filter((c) => this.router[c] === 'ready');
    if (ready.length !== 1) return undefined;
    const box = this.containers.get(`${APP}-${ready[0]}`);
    return box?.running ? box.image : undefined;
  }

  private up(color: Color): boolean {
    const box = this.containers.get(`${APP}-${color}`);
    return !!box?.running && !this.unhealthy.has(box.image) && this.router[color] !== 'maint';
  }

  health(): Health {
    const h: Health = {};
    for (const c of ['blue', 'green'] as Color[]) h[c] = { up: this.up(c), detail: this.up(c) ? 'UP L7OK 200' : 'DOWN L7STS 500', sessions: 0 };
    return h;
  }

  /** v1 live on blue; green holds the stopped v0 (what a rollback returns to). */
  static withLive(): World {
    const w = new World();
    w.containers.set(`${APP}-blue`, { image: img('1'), running: true });
    w.containers.set(`${APP}-green`, { image: img('0'), running: false });
    w.router.blue = 'ready';
    w.persisted = 'blue';
    w.state = { live: 'blue', colors: { blue: { image: img('1'), since: 'then' }, green: { image: img('0'), since: 'before' } }, history: [] };
    return w;
  }
}

export function edges(w: World): Edges {
  const router: Router = {
    addTarget: async (_app, color) => void (await w.op('router.addTarget'), (w.router[color] = 'drain')),
    removeTarget: async (_app, color) => void (await w.op('router.removeTarget'), (w.router[color] = 'maint')),
    health: async () => (await w.op('router.health'), w.health()),
    switchTo: async (_app, to, from) => {
      await w.op('router.switchTo');
      w.router[to] = 'ready';
      if (from) w.router[from] = 'drain';
    },
    probe: async () => {
      await w.op('router.probe');
      const image = w.serving();
      return { status: image && !w.failsSoak.has(image) ? 'HTTP/1.1 200 OK' : 'HTTP/1.1 503 Service Unavailable', health: w.health() };
    },
    persist: async (_app, live) => void (await w.op('router.persist'), (w.persisted = live)),
  };
  const runtime: Runtime = {
    platform: 'linux/amd64',
    pull: async () => w.op('runtime.pull'),
    create: async (spec: InstanceSpec) => void (await w.op('runtime.create'), w.containers.set(spec.name, { image: spec.image, running: false })),
    start: async (name) => {
      await w.op('runtime.start');
      const box = w.containers.get(name);
      if (!box) throw new Error(`no such container ${name}`);
      box.running = true;
    },
    inspect: async (name): Promise<Instance | undefined> => {
      await w.op('runtime.inspect');
      const box = w.containers.get(name);
      return box && { name, running: box.running, exitCode: 0, image: box.image, address: '10.0.0.2' };
    },
    stop: async (name) => {
      await w.op('runtime.stop');
      const box = w.containers.get(name);
      if (box) box.running = false;
    },
    remove: async (name) => void (await w.op('runtime.remove'), w.containers.delete(name)),
    logs: async () => ['app starting'],
  };
  const store: HostStore = {
    read: async () => (await w.op('store.read'), structuredClone(w.state)),
    write: async (_app, state) => void (await w.op('store.write'), (w.state = structuredClone(state))),
    acquireLease: async (o: { owner: LeaseOwner }): Promise<Lease> => {
      await w.op('store.acquireLease');
      if (w.lease && w.lease !== o.owner.id) throw new LockError(`app ${APP} is locked by ${w.lease}`);
      w.lease = o.owner.id;
      return { name: `shipshape-lock-${APP}`, holder: o.owner.id, waitedMs: 0 };
    },
    holds: async (_app, holder) => (await w.op('store.holds'), w.lease === holder),
    releaseLease: async (_app, holder) => void (await w.op('store.releaseLease'), w.lease === holder && (w.lease = undefined)),
    forget: async () => (await w.op('store.forget'), (w.state = { colors: {}, history: [] }), ['state']),
  };
  return { router, runtime, store };
}

export const settings: DeploySettings = {
  host: { kind: 'unix', path: '/var/run/docker.sock', text: 'unix:///var/run/docker.sock' },
  dockerSocket: '/var/run/docker.sock',
  app: APP,
  containerPort: 8080,
  publicPort: { port: 18000 },
  healthPath: '/healthz',
  healthTimeoutSeconds: 5,
  proxyImage: 'haproxy:test',
  env: [['A', 'b']],
  soakSeconds: 2,
  rollback: false,
  service: defaultAppOptions(),
  historyLimit: 20,
};

export function logger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warning: (m) => lines.push(`warning: ${m}`), debug: () => {} };
}

/** A machine context over the world; a fake clock that `sleep` advances; every journal save recorded. */
export function context(w: World, o: { holder?: string; journal?: DeployJournal; kind?: 'deploy' | 'rollback'; onSave?: (j: DeployJournal) => void } = {}) {
  let t = 1_000_000;
  const saved: DeployJournal[] = [];
  const log = logger();
  const holder = o.holder ?? 'run-1';
  const journal = new Journal(o.journal ?? { v: 1, app: APP, host: settings.host.text, holder, kind: o.kind ?? 'deploy', phase: 'locked' }, (j) => {
    saved.push(j);
    o.onSave?.(j);
  });
  const c: MachineContext = {
    ...edges(w),
    settings,
    logger: log,
    now: () => t,
    sleep: async (ms) => {
      if (w.frozen) return new Promise<void>(() => {});
      t += ms;
    },
    owner: { id: holder },
    journal,
    result: emptyResult(APP, settings.host.text),
  };
  return { c, saved, log };
}

/** The blue-green deploy or rollback on the fakes, run by the machine as a placement runs it. */
export const runMachine = (c: MachineContext, plan: Plan): Promise<DeployResult> => drive(c, plan.kind, blueGreen(c, plan));
