import type { Docker } from '../engine/docker.js';
import type { Lease, LeaseOwner } from '../core/store.js';
import { LockError } from '../core/edge-errors.js';

/** The three container calls a lease needs (create is the engine's atomic name check). */
export type LeaseEngine = Pick<Docker, 'create' | 'inspect' | 'remove'>;


const L = {
  holder: 'shipshape.lock.holder',
  runUrl: 'shipshape.lock.run-url',
  actor: 'shipshape.lock.actor',
  started: 'shipshape.lock.started-at',
  expires: 'shipshape.lock.expires-at',
};

export const lockName = (app: string) => `shipshape-lock-${app}`;

function describe(labels: Record<string, string>): string {
  const who = labels[L.holder] ?? 'unknown holder';
  const parts = [who];
  if (labels[L.actor]) parts.push(`by ${labels[L.actor]}`);
  if (labels[L.runUrl]) parts.push(`(${labels[L.runUrl]})`);
  parts.push(`since ${labels[L.started] ?? '?'}, expires ${labels[L.expires] ?? '?'}`);
  return parts.join(' ');
}

/**
 * A lease per app: a never-started container named `shipshape-lock-<app>`. Creating it is atomic
 * (a name conflict means taken); holder, run URL and times live in its labels.
 */
export async function acquireLease(
  docker: LeaseEngine,
  o: { app: string; owner: LeaseOwner; image: string; ttlMs: number; waitMs: number; now: () => number; pollMs?: number; reclaimOwn?: boolean },
): Promise<Lease> {
  const name = lockName(o.app);
  const start = o.now();
  let broken: string | undefined;
  for (;;) {
    const now = o.now();
    const labels: Record<string, string> = {
      [L.holder]: o.owner.id,
      [L.started]: new Date(now).toISOString(),
      [L.expires]: new Date(now + o.ttlMs).toISOString(),
      'shipshape.app': o.app,
    };
    if (o.owner.runUrl) labels[L.runUrl] = o.owner.runUrl;
    if (o.owner.actor) labels[L.actor] = o.owner.actor;
    const created = await docker.create(name, { Image: o.image, Cmd: ['true'], Labels: labels, HostConfig: { NetworkMode: 'none' } });
    if (created) return { name, holder: o.owner.id, waitedMs: o.now() - start, ...(broken && { broken }) };
    const held = await docker.inspect(name);
    if (!held) continue;
    const heldLabels = held.Config.Labels ?? {};
    const expires = Date.parse(heldLabels[L.expires] ?? '');
    if (!Number.isFinite(expires) || expires <= o.now()) {
      broken = `expired lease of ${describe(heldLabels)}`;
      await docker.remove(held.Id);
      continue;
    }
    if (o.reclaimOwn && heldLabels[L.holder] === o.owner.id) {
      // Held under our own id: a process of this run that was killed inside it (the post step reclaims it).
      broken = `lease left by this run (${describe(heldLabels)})`;
      await docker.remove(held.Id);
      continue;
    }
    if (o.now() - start >= o.waitMs) {
      throw new LockError(`app ${o.app} is locked by ${describe(heldLabels)}; waited ${Math.round((o.now() - start) / 1000)} s`);
    }
    await new Promise((r) => setTimeout(r, Math.min(o.pollMs ?? 1000, Math.max(1, expires - o.now()))));
  }
}

/** Releases the lease only if we still hold it (never someone else's after ours was broken). */
export async function releaseLease(docker: LeaseEngine, app: string, holder: string): Promise<void> {
  const held = await docker.inspect(lockName(app));
  if (held && held.Config.Labels?.[L.holder] === holder) await docker.remove(held.Id);
}

/** The id of whoever holds the app's lease now (undefined: free). */
export async function leaseHolder(docker: LeaseEngine, app: string): Promise<string | undefined> {
  return (await docker.inspect(lockName(app)))?.Config.Labels?.[L.holder];
}
