// The fault walks over the host proxy placement: one deploy shape, a failure at every operation of main
// (before or after its effect), of the undo, and of the post step; a kill at every operation followed by
// the post step. Each ends in the invariant (what is served equals what was served before; a deploy
// that passed serves the new version; a first deploy that failed after its switch may keep serving).
import { beforeAll, expect } from 'vitest';
import type { DeployJournal } from '../../src/deploy/core/journal.js';
import type { DeploySettings } from '../../src/settings/deploy.js';
import type { FakeHost } from './fake-docker-host.js';
import { baseline, postStep, route, runOn, SHOP2, SHOP2P, shopSettings, snapshot, type Snapshot } from './host-proxy-world.js';

export interface Shape {
  base: FakeHost;
  s: DeploySettings;
  image: string;
  /** A first deploy: after its switch there is nothing to return to. */
  first?: boolean;
}

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as Error,
  );

/** A clean run: what it serves after, how many operations main takes, the operation index after each distinct journal save. */
export async function cleanRun(shape: Shape) {
  const h = shape.base.clone();
  const points = new Map<string, number>();
  const r = runOn(h, shape.s, {
    onSave: (j) => {
      const key = JSON.stringify({ ...j, reason: undefined });
      if (!points.has(key)) points.set(key, h.ops.length + 1);
    },
  });
  await r.main(shape.image);
  // An operation that changes nothing fails the same before and after its effect: only the others are failed "after".
  const changing = h.ops.map((op, i) => (/^(inspect|getFile|imageExists|imagePlatform|networkExists|logs|store\.read|store\.holds|exec \S+ (probe|runtime show|haproxy -c|gone))/.test(op) ? 0 : i + 1)).filter((i) => i > 0);
  return { after: snapshot(h), ops: h.ops.length, all: h.ops.map((_, i) => i + 1), changing, points: [...new Set(points.values())].filter((p) => p <= h.ops.length), phases: r.saved.map((j) => j.phase) };
}

const sameServed = (a: Snapshot, b: Snapshot, o: { fallback: boolean }) => {
  const strip = (x: Snapshot) =>
    JSON.stringify({ ...x, live: undefined, served: routesOnly(x.served, o), afterRestart: routesOnly(x.afterRestart, o) });
  return strip(a) === strip(b);
};
const routesOnly = (p: Snapshot['served'], o: { fallback: boolean }) =>
  p && { ...p, routes: Object.fromEntries(Object.entries(p.routes).map(([k, v]) => [k, o.fallback ? v : { ...v, fallback: undefined }])) };

/**
 * The invariant: served as `before` (or, for `want: 'after'`, as after a clean deploy; `'either'`: one of
 * them). `fallback`: the backup servers too (a retire that failed leaves the old color's twin ready: forward only, warned).
 */
export function expectServed(h: FakeHost, want: 'before' | 'after' | 'either', given: { before: Snapshot; after: Snapshot }, label: string, o: { store?: boolean; restart?: boolean } = {}) {
  const now = snapshot(h, { restart: o.restart });
  // Without the restart (right after main, where the post step is still to come): not compared.
  const snaps = o.restart === false ? { before: { ...given.before, afterRestart: undefined }, after: { ...given.after, afterRestart: undefined } } : given;
  const fallback = want === 'before';
  const ok = (x: Snapshot) => sameServed(now, x, { fallback }) && (!o.store || JSON.stringify(now.live) === JSON.stringify(x.live));
  if (want === 'either' ? ok(snaps.before) || ok(snaps.after) : ok(snaps[want])) return;
  // Show the difference against what it should have been.
  const target = want === 'after' ? snaps.after : snaps.before;
  expect({ ...now, served: routesOnly(now.served, { fallback }), afterRestart: routesOnly(now.afterRestart, { fallback }) }, label).toEqual({
    ...target,
    served: routesOnly(target.served, { fallback }),
    afterRestart: routesOnly(target.afterRestart, { fallback }),
    ...(!o.store && { live: now.live }),
  });
}

/** What the post step must leave: as before, unless main got past its soak (then as after). */
function wanted(shape: Shape, last: DeployJournal | undefined, passed: boolean): 'before' | 'after' | 'either' {
  if (passed || last?.phase === 'retired') return 'after';
  if (shape.first && last?.switched) return 'either';
  return 'before';
}

export interface WalkStats {
  runs: number;
  failedMain: number;
  passedAnyway: number;
  undoFailed: number;
  brokenLocks: number;
  /** Kills inside the host lock whose post step did not need it: the lock expires by itself (2 min). */
  leftLocks: number;
}

/** Main fails at operation `at` (and at `undoAt`, counted from the first failure); then the invariant, the post step, the invariant with the leases free. */
export async function failMain(shape: Shape, snaps: { before: Snapshot; after: Snapshot }, o: { at: number; undoAt?: number; after?: boolean }, stats: WalkStats) {
  const h = shape.base.clone();
  h.failAt = new Set([o.at, ...(o.undoAt ? [o.at + o.undoAt] : [])]);
  h.failAfter = !!o.after;
  const r = runOn(h, shape.s);
  const error = await errorOf(r.main(shape.image));
  const label = `main fails at operation ${o.at}${o.after ? ' (after its effect)' : ''} ${h.failures[0]}${o.undoAt ? `, then at ${o.at + o.undoAt} ${h.failures[1] ?? '(not reached)'}` : ''}: ${error?.message ?? 'passed'}`;
  stats.runs++;
  const last = r.saved.at(-1);
  const want = wanted(shape, last, !error);
  const undoFailed = !!error && /the post step retries/.test(error.message);
  if (error) stats.failedMain++;
  else stats.passedAnyway++;
  if (undoFailed) stats.undoFailed++;
  if (!undoFailed) expectServed(h, want, snaps, `${label}; right after main`, { restart: false });
  h.failAt.clear();
  if (last && last.phase !== 'done') await postStep(h, shape.s, last);
  expectServed(h, want, snaps, `${label}; after the post step`, { store: want !== 'either' });
  // The host proxy's config lock is a short lease of its own: one whose release (or take) failed expires by itself.
  const lockCallFailed = h.failures.some((f) => / shipshape-host-proxy$/.test(f) && /Lease/.test(f));
  if (lockCallFailed) expect(Object.keys(h.d.leases), `${label}: the app's lease is free`).not.toContain(shape.s.app);
  else expect(h.d.leases, `${label}: every lease free after the post step`).toEqual({});
  return { h, error, done: h.failures.length < (o.undoAt ? 2 : 1) };
}

export interface Killed {
  host: FakeHost;
  killedAt: number;
  last: DeployJournal;
}

/** Main killed at operation `at` (that call never returns): the host as it left it, and its last saved journal. */
export async function kill(shape: Shape, at: number): Promise<Killed> {
  const h = shape.base.clone();
  h.freezeAt = at;
  const r = runOn(h, shape.s);
  let ended = false;
  void r.main(shape.image).finally(() => (ended = true));
  for (let i = 0; i < 1000 && !h.frozen && !ended; i++) await new Promise((res) => setImmediate(res));
  expect(h.frozen, `main reached operation ${at}`).toBe(true);
  h.frozen = false;
  h.freezeAt = 0;
  return { host: h, killedAt: h.ops.length + 1, last: r.saved.at(-1)! };
}

/** Main is killed at operation `at` (that call never returns); the post step runs from the last saved journal, failing at `postAt` (then a second post step). */
export async function killMain(shape: Shape, snaps: { before: Snapshot; after: Snapshot }, o: { at: number; postAt?: number; killed?: Killed }, stats: WalkStats) {
  const k = o.killed ?? (await kill(shape, o.at));
  const h = k.host.clone();
  const { killedAt, last } = k;
  const label = `main killed at operation ${killedAt} (phase ${last.phase}${last.edge ? ` edge ${JSON.stringify(Object.keys(last.edge))}` : ''})`;
  stats.runs++;
  const mark = h.ops.length;
  let postError: Error | undefined;
  if (o.postAt) h.failAt = new Set([mark + o.postAt]);
  postError = await errorOf(postStep(h, shape.s, last));
  const reached = h.failures.length > 0;
  h.failAt.clear();
  if (o.postAt) {
    // The second post step (a rerun of the job's post step, or the next run's): from main's journal again.
    if (postError || h.d.leases[shape.s.app]) await postStep(h, shape.s, last);
  } else if (postError) {
    throw new Error(`${label}: the post step failed: ${postError.message}`);
  }
  const want = wanted(shape, last, false);
  expectServed(h, want, snaps, `${label}${o.postAt ? `, the post step failing at its operation ${o.postAt} (${postError?.message ?? 'no error'})` : ''}`, { store: want !== 'either' });
  const { [shape.s.app]: appLease, ...others } = h.d.leases;
  expect(appLease, `${label}: the app's lease is free`).toBeUndefined();
  stats.brokenLocks += h.d.broken.length;
  if (Object.keys(others).length > 0) stats.leftLocks++;
  return { h, others, reached, done: !!o.postAt && !reached };
}

/** The redeploy shapes of issue 21 (and a new app, and the runtime-API-only fast path). */
export const SHAPES: Record<string, () => Promise<Shape>> = {
  'a new app': async () => ({ base: await baseline({ withoutShop: true }), s: shopSettings(), image: SHOP2, first: true }),
  'a changed health path': async () => ({ base: await baseline(), s: shopSettings({ healthPath: '/ready' }), image: SHOP2 }),
  'a changed container port': async () => ({ base: await baseline(), s: shopSettings({ containerPort: 9090 }), image: SHOP2P }),
  'changed hosts': async () => ({ base: await baseline(), s: shopSettings({ route: route(['shop2.test']) }), image: SHOP2 }),
  'tls off → acme': async () => ({ base: await baseline(), s: shopSettings({ route: route(['shop.test'], 'acme') }), image: SHOP2 }),
  'the same shape (runtime API only)': async () => ({ base: await baseline(), s: shopSettings(), image: SHOP2 }),
};


/** One shape's walk, set up before its tests: the shape, its clean run and the served state before and after it. */
export function shapeWalk(name: string) {
  const w = {
    shape: undefined as unknown as Shape,
    snaps: undefined as unknown as { before: Snapshot; after: Snapshot },
    clean: undefined as unknown as Awaited<ReturnType<typeof cleanRun>>,
    stats: { runs: 0, failedMain: 0, passedAnyway: 0, undoFailed: 0, brokenLocks: 0, leftLocks: 0 } as WalkStats,
  };
  beforeAll(async () => {
    w.shape = await SHAPES[name]!();
    w.clean = await cleanRun(w.shape);
    w.snaps = { before: snapshot(w.shape.base), after: w.clean.after };
  });
  return w;
}
