// The fault walk for a container placement over any edge (its own proxy, a worker's none) on the fake
// Docker host: a failure at every operation of main, of its undo, a kill at every operation then the
// post step; each ends in the placement's invariant, as `snap` sees what is served.
import { expect } from 'vitest';
import type { DeployJournal } from '../../src/deploy/core/journal.js';
import type { Edge } from '../../src/deploy/core/placement.js';
import type { Docker } from '../../src/deploy/engine/docker.js';
import type { Run } from '../../src/deploy/placements/run.js';
import type { DeploySettings } from '../../src/settings/deploy.js';
import type { FakeHost } from './fake-docker-host.js';
import { runOn } from './host-proxy-world.js';

export interface Walk<S> {
  base: FakeHost;
  s: DeploySettings;
  image: string;
  edge: (docker: Docker, run: Run) => Edge;
  /** What is served, as the invariant compares it. */
  snap: (h: FakeHost) => S;
  /** `now` is as good as `want` (default: equal); `after`: compared with a passed deploy (a failed retire leaves the old color as a backup). */
  same?: (now: S, want: S, after: boolean) => boolean;
  first?: boolean;
}

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as Error,
  );

export async function walkClean<S>(w: Walk<S>) {
  const h = w.base.clone();
  const points = new Map<string, number>();
  const r = runOn(h, w.s, { edge: w.edge, onSave: (j) => void (points.has(JSON.stringify(j)) || points.set(JSON.stringify(j), h.ops.length + 1)) });
  await r.main(w.image);
  const all = h.ops.map((_, i) => i + 1);
  return { before: w.snap(w.base), after: w.snap(h), all, points: [...new Set(points.values())].filter((p) => p <= all.length), phases: r.saved.map((j) => j.phase) };
}

function expectAs<S>(w: Walk<S>, h: FakeHost, want: 'before' | 'after' | 'either', snaps: { before: S; after: S }, label: string) {
  const now = w.snap(h);
  const same = w.same ?? ((a: S, b: S) => JSON.stringify(a) === JSON.stringify(b));
  if (want === 'either' ? same(now, snaps.before, false) || same(now, snaps.after, true) : same(now, snaps[want], want === 'after')) return;
  expect(now, label).toEqual(want === 'after' ? snaps.after : snaps.before);
}

const wanted = (w: Walk<unknown>, last: DeployJournal | undefined, passed: boolean) =>
  passed || last?.phase === 'retired' ? 'after' : w.first && last?.switched ? 'either' : 'before';

/** Main fails at `at` (and its undo at `undoAt`, counted from there): as before right after main unless the undo failed; then the post step; as before, the lease free. */
export async function walkFail<S>(w: Walk<S>, snaps: { before: S; after: S }, o: { at: number; undoAt?: number; after?: boolean }): Promise<boolean> {
  const h = w.base.clone();
  h.failAt = new Set([o.at, ...(o.undoAt ? [o.at + o.undoAt] : [])]);
  h.failAfter = !!o.after;
  const r = runOn(h, w.s, { edge: w.edge });
  const error = await errorOf(r.main(w.image));
  const label = `main fails at ${o.at} ${h.failures.join(', then ')}: ${error?.message ?? 'passed'}`;
  const last = r.saved.at(-1);
  const want = wanted(w as Walk<unknown>, last, !error);
  if (!error || !/the post step retries/.test(error.message)) expectAs(w, h, want, snaps, `${label}; right after main`);
  h.failAt.clear();
  if (last && last.phase !== 'done') await runOn(h, w.s, { edge: w.edge, journal: last }).settle();
  expectAs(w, h, want, snaps, `${label}; after the post step`);
  expect(h.d.leases, label).toEqual({});
  return h.failures.length < (o.undoAt ? 2 : 1);
}

/** Main killed at `at`; the post step from the saved journal: as before (as after from `retired`), the lease free. */
export async function walkKill<S>(w: Walk<S>, snaps: { before: S; after: S }, o: { at: number }): Promise<void> {
  const h = w.base.clone();
  h.freezeAt = o.at;
  const r = runOn(h, w.s, { edge: w.edge });
  void r.main(w.image);
  for (let i = 0; i < 1000 && !h.frozen; i++) await new Promise((res) => setImmediate(res));
  expect(h.frozen, `main reached operation ${o.at}`).toBe(true);
  h.frozen = false;
  h.freezeAt = 0;
  const last = r.saved.at(-1)!;
  await runOn(h, w.s, { edge: w.edge, journal: last }).settle();
  expectAs(w, h, wanted(w as Walk<unknown>, last, false), snaps, `main killed at operation ${o.at} (phase ${last.phase}), then the post step`);
  expect(h.d.leases).toEqual({});
}
