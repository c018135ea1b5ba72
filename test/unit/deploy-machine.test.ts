import { describe, expect, it } from 'vitest';
import { DeployError } from '../../src/deploy/core/errors.js';
import { PHASES, parseJournal, type DeployJournal, type PhaseName } from '../../src/deploy/core/journal.js';
import type { Plan } from '../../src/deploy/core/placement.js';
import { containerSpec } from '../../src/deploy/docker-host/runtime.js';
import { instanceSpec } from '../../src/deploy/core/spec.js';
import { settle } from '../../src/deploy/core/undo.js';
import { loadMainState, MainStateError } from '../../src/github/main-state.js';
import { APP, context, img, runMachine, settings, World } from '../support/deploy-fakes.js';

const deployV2: Plan = { kind: 'deploy', image: img('2') };
const MAIN_PHASES: PhaseName[] = ['locked', 'pulled', 'started', 'gated', 'switched', 'soaking'];

/** A deploy that did not succeed: v1 still serves from blue, no candidate on green, the lease free, the host state says blue. */
function expectPreviousServes(w: World) {
  expect(w.serving(), 'the previous version serves').toBe(img('1'));
  expect(w.router.green, 'the candidate takes no traffic').not.toBe('ready');
  expect([...w.containers.values()].some((b) => b.image === img('2')), 'the candidate is removed').toBe(false);
  expect(w.containers.get(`${APP}-green`)?.running ?? false).toBe(false);
  expect(w.lease, 'the lease is free').toBeUndefined();
  expect(w.state.live).toBe('blue');
  expect(w.persisted).toBe('blue');
}

function expectNewServes(w: World) {
  expect(w.serving()).toBe(img('2'));
  expect(w.state.live).toBe('green');
  expect(w.state.colors.green?.image).toBe(img('2'));
  expect(w.containers.get(`${APP}-blue`)?.running, 'the old color is stopped, kept for rollback').toBe(false);
  expect(w.router.blue).toBe('maint');
  expect(w.lease).toBeUndefined();
}

/** Runs main, failing the first operation after the journal enters `phase` (and the `undoStep`-th one of the undo). */
async function failAt(phase: PhaseName, opts: { undoStep?: number } = {}) {
  const w = World.withLive();
  let armed = false;
  let undoArmed = false;
  const { c, saved, log } = context(w, {
    onSave: (j) => {
      if (j.phase === phase && !armed) {
        armed = true;
        w.failOps = 1;
      }
      if (j.phase === 'reverting' && opts.undoStep && !undoArmed) {
        undoArmed = true;
        w.failAtOp = w.ops.length + opts.undoStep;
      }
    },
  });
  const error = await runMachine(c, deployV2).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { w, c, saved, log, error, injected: w.failures };
}

describe('deploy machine (fake router, runtime and store)', () => {
  it('walks every phase in order and leaves the new version serving', async () => {
    const w = World.withLive();
    const { c, saved } = context(w);
    const r = await runMachine(c, deployV2);
    expect(saved.map((j) => j.phase)).toEqual(['locked', 'pulled', 'started', 'gated', 'switched', 'soaking', 'retired', 'done']);
    expect(saved.find((j) => j.phase === 'started')).toMatchObject({ target: 'green', previous: 'blue', candidateKind: 'new', image: img('2'), holder: 'run-1' });
    expect(r).toMatchObject({ color: 'green', previousColor: 'blue', from: { digest: img('1') }, to: { color: 'green', digest: img('2') } });
    expectNewServes(w);
    expect(w.state.history.at(-1)).toMatchObject({ outcome: 'live', image: img('2'), color: 'green', owner: 'run-1' });
  });

  for (const phase of MAIN_PHASES) {
    it(`a failure in phase ${phase} ends with the previous version serving, no candidate, the lease free`, async () => {
      const { w, error, injected } = await failAt(phase);
      expect(injected).toBe(1);
      expect(error).toBeInstanceOf(DeployError);
      expect((error as DeployError).phase).toBe(phase);
      expect((error as Error).message).toMatch(/^deploy of shop: [^:]+: injected failure/);
      expect((error as Error).message, 'no internal phase name').not.toMatch(new RegExp(`\\b${phase}\\b`));
      expect((error as DeployError).cause).toBeInstanceOf(Error);
      expect((error as DeployError).result?.color).toBe('blue');
      expectPreviousServes(w);
      expect(w.router.green, 'out of the router').toBe('maint');
    });
  }

  it('a failure while retiring the old color still leaves the new version serving (the deploy passed its soak)', async () => {
    const { w, log, error } = await failAt('retired');
    expect(error).toBeUndefined();
    expect(w.serving()).toBe(img('2'));
    expect(w.lease).toBeUndefined();
    expect(log.lines.join('\n')).toMatch(/retiring blue failed/);
  });

  for (const phase of ['started', 'gated', 'switched', 'soaking'] as PhaseName[]) {
    it(`every undo step of phase ${phase} may fail: main keeps the lease and says so, the post step finishes the undo`, async () => {
      for (let k = 1; ; k++) {
        const { w, saved, log, error, injected } = await failAt(phase, { undoStep: k });
        expect(error).toBeInstanceOf(DeployError);
        if (injected === 1) {
          // The undo has fewer than k operations: each one has been failed once.
          expect(k).toBeGreaterThan(2);
          expectPreviousServes(w);
          break;
        }
        const last = saved.at(-1)!;
        // Never nothing serving, even half-undone.
        expect(w.serving()).toBeDefined();
        if (last.phase === 'reverting') {
          expect((error as Error).message, `undo step ${k}`).toMatch(/could not undo the deploy of shop: .*injected failure/);
          expect(w.lease, 'the lease stays for the post step').toBe('run-1');
        } else {
          // The failed step was the history entry, the router's maint of a removed candidate (warnings) or the lease release (the post step retries it).
          expect(last.phase, `undo step ${k}`).toMatch(/^(done|reverted)$/);
          expect(log.lines.join('\n')).toMatch(/warning: (The host history of shop misses this deploy|Could not release the deploy lock of shop|green stays in the router in drain state)/);
        }
        const post = context(w, { journal: last });
        await settle(post.c);
        expectPreviousServes(w);
        expect(post.saved.at(-1)?.phase).toBe('done');
      }
    });
  }

  for (const phase of [...MAIN_PHASES, 'retired', 'reverting'] as PhaseName[]) {
    it(`the post step after a SIGKILL in phase ${phase} does the right thing`, async () => {
      const w = World.withLive();
      let snapshot: DeployJournal | undefined;
      // Phase `reverting` is reached by failing the soak; the kill comes right after it is entered.
      if (phase === 'reverting') w.failsSoak.add(img('2'));
      const { c } = context(w, {
        onSave: (j) => {
          if (j.phase === phase && !snapshot) {
            snapshot = j;
            w.frozen = true;
          }
        },
      });
      void runMachine(c, deployV2);
      for (let i = 0; i < 100 && !snapshot; i++) await new Promise((r) => setImmediate(r));
      expect(snapshot, `main reached ${phase}`).toBeDefined();
      w.frozen = false;
      const post = context(w, { journal: snapshot });
      await settle(post.c);
      if (phase === 'retired') expectNewServes(w);
      else expectPreviousServes(w);
      if (['switched', 'soaking', 'reverting'].includes(phase)) expect(w.state.history.at(-1)).toMatchObject({ outcome: 'reverted', reason: expect.any(String) });
    });
  }

  it('the post step leaves the host alone when the lease is no longer its own, and says what may remain', async () => {
    const w = World.withLive();
    w.lease = 'run-other';
    w.containers.set(`${APP}-green`, { image: img('2'), running: true });
    const post = context(w, { journal: { v: 1, app: APP, host: 'h', holder: 'run-1', kind: 'deploy', phase: 'gated', target: 'green', previous: 'blue', candidateKind: 'new', image: img('2') } });
    await settle(post.c);
    expect(w.containers.has(`${APP}-green`)).toBe(true);
    expect(w.lease).toBe('run-other');
    expect(post.log.lines.join('\n')).toMatch(/no longer this run's.*shop-green may remain/);
  });

  it('a candidate that fails its health gate is removed; the error carries its last log lines', async () => {
    const w = World.withLive();
    w.unhealthy.add(img('2'));
    const { c } = context(w);
    const e = (await runMachine(c, deployV2).catch((x: unknown) => x)) as DeployError;
    expect(e.phase).toBe('gated');
    expect(e.message).toMatch(/^deploy of shop: the new version did not pass its health check; the live version \(blue\) keeps serving: shop-green did not pass the health check GET \/healthz within 5 s: GET \/healthz answered 500 \(L7STS\).*; last checks: .*last log lines:\napp starting/);
    expect(e.result?.lastLogLines).toEqual(['app starting']);
    expectPreviousServes(w);
    expect(w.state.history.at(-1)).toMatchObject({ outcome: 'failed', image: img('2') });
  });

  it('a soak failure switches back to the warm previous color', async () => {
    const w = World.withLive();
    w.failsSoak.add(img('2'));
    const { c } = context(w);
    const e = (await runMachine(c, deployV2).catch((x: unknown) => x)) as DeployError;
    expect(e.message).toMatch(/reverted to blue: soak failed after 1 probe/);
    expect(e.result?.rollbackReason).toMatch(/soak failed/);
    expectPreviousServes(w);
  });

  it('a failed rollback stops the previous color again instead of removing it', async () => {
    const w = World.withLive();
    w.unhealthy.add(img('0'));
    const { c } = context(w, { kind: 'rollback' });
    await expect(runMachine(c, { kind: 'rollback' })).rejects.toThrow(/did not pass the health check/);
    expect(w.serving()).toBe(img('1'));
    expect(w.containers.get(`${APP}-green`)).toEqual({ image: img('0'), running: false });
    expect(w.lease).toBeUndefined();
  });

  it('a first deploy that fails after the switch keeps serving (nothing to return to) and says so', async () => {
    const w = new World();
    w.failsSoak.add(img('2'));
    const { c, log } = context(w);
    await expect(runMachine(c, deployV2)).rejects.toThrow(/failed after the switch \(no previous color to return to\)/);
    expect(w.serving()).toBe(img('2'));
    expect(w.lease).toBeUndefined();
    expect(log.lines.join('\n')).toMatch(/no previous version to return to; it keeps serving/);
  });

  it('a deploy of what already runs healthy is a no-op that only records it', async () => {
    const w = World.withLive();
    const { c } = context(w);
    const r = await runMachine(c, { kind: 'deploy', image: img('1') });
    expect(r).toMatchObject({ noop: true, color: 'blue' });
    expect(w.ops).not.toContain('runtime.create');
    expect(w.state.history.at(-1)).toMatchObject({ outcome: 'noop' });
    expect(w.lease).toBeUndefined();
  });

  it('a lease held by another run fails in phase locked and touches nothing', async () => {
    const w = World.withLive();
    w.lease = 'run-other';
    const { c } = context(w);
    const e = (await runMachine(c, deployV2).catch((x: unknown) => x)) as DeployError;
    expect(e.phase).toBe('locked');
    expect(e.cause).toMatchObject({ name: 'LockError' });
    expect(w.lease).toBe('run-other');
    expect(w.serving()).toBe(img('1'));
  });
});

describe('saved deploy state', () => {
  const good: DeployJournal = { v: 1, app: APP, host: 'h', holder: 'run-1', kind: 'deploy', phase: 'gated', target: 'green', previous: 'blue', candidateKind: 'new' };
  it('accepts what main saves and names what is wrong otherwise', () => {
    expect(parseJournal(good)).toEqual({ journal: good });
    for (const phase of PHASES) expect('journal' in parseJournal({ ...good, phase })).toBe(true);
    expect(parseJournal(undefined)).toEqual({ problem: 'the saved deploy state is not an object' });
    expect(parseJournal({ ...good, v: 2 })).toMatchObject({ problem: expect.stringMatching(/version 2, not 1/) });
    expect(parseJournal({ ...good, phase: 'flying' })).toMatchObject({ problem: expect.stringMatching(/unknown phase "flying"/) });
    expect(parseJournal({ ...good, holder: '' })).toMatchObject({ problem: 'the saved deploy state has no holder' });
    expect(parseJournal({ ...good, target: undefined })).toMatchObject({ problem: expect.stringMatching(/phase gated but does not say which color/) });
    expect(parseJournal({ ...good, previous: 'red' })).toMatchObject({ problem: expect.stringMatching(/unknown previous color "red"/) });
  });
});

describe('service spec → Engine container spec', () => {
  it('keeps the container name <app>-<color>, the labels users filter on, init and the network', () => {
    const spec = instanceSpec(settings, { color: 'green', image: img('2'), platform: 'linux/amd64', network: 'shipshape', owner: { id: 'run-1', runUrl: 'https://ci/1' } });
    expect(spec).toMatchObject({ name: 'shop-green', role: 'web', port: 8080, health: { path: '/healthz' } });
    const c = containerSpec({ ...spec, volumes: [{ kind: 'volume', source: 'data', target: '/data', readOnly: false }], limits: { memoryBytes: 1 << 28, cpus: 0.5 } });
    expect(c).toMatchObject({
      Image: img('2'),
      Env: ['A=b'],
      Labels: { 'shipshape.app': 'shop', 'shipshape.role': 'app', 'shipshape.color': 'green', 'shipshape.image': img('2'), 'shipshape.deployed-by': 'run-1', 'shipshape.run-url': 'https://ci/1' },
      HostConfig: { NetworkMode: 'shipshape', Init: true, RestartPolicy: { Name: 'unless-stopped' }, Memory: 1 << 28, NanoCpus: 5e8, Mounts: [{ Type: 'volume', Source: 'data', Target: '/data', ReadOnly: false }] },
    });
  });
});

describe('loadMainState', () => {
  it('says the saved state is corrupt instead of returning {}', () => {
    process.env.STATE_shipshape = '{"deploy": {"phase": "gat';
    try {
      expect(() => loadMainState()).toThrow(MainStateError);
      expect(() => loadMainState()).toThrow(/GITHUB_STATE "shipshape".* is not JSON/);
      process.env.STATE_shipshape = '';
      expect(loadMainState()).toEqual({});
    } finally {
      delete process.env.STATE_shipshape;
    }
  });
});
