import { describe, expect, it } from 'vitest';
import type { ContainerInfo, ContainerSpec } from '../../src/deploy/engine/docker.js';
import { acquireLease, leaseHolder, lockName, releaseLease, type LeaseEngine } from '../../src/deploy/docker-host/lease.js';

/** The three container calls the lease uses, over a map: create is test-and-set like the engine's name check. */
function fakeDocker() {
  const containers = new Map<string, ContainerInfo>();
  let n = 0;
  const docker: LeaseEngine = {
    async create(name: string, spec: ContainerSpec) {
      if (containers.has(name)) return undefined;
      const id = `id${++n}`;
      containers.set(name, { Id: id, Name: `/${name}`, Config: { Image: spec.Image, Labels: spec.Labels ?? {} }, State: { Status: 'created', Running: false, ExitCode: 0 }, NetworkSettings: { Networks: {} } });
      return id;
    },
    async inspect(name: string) {
      return containers.get(name) ?? [...containers.values()].find((c) => c.Id === name);
    },
    async remove(nameOrId: string) {
      for (const [k, c] of containers) if (k === nameOrId || c.Id === nameOrId) containers.delete(k);
    },
  };
  return { docker, containers };
}

describe('deploy lease', () => {
  const base = { app: 'shop', image: 'proxy:1', ttlMs: 60000 };

  it('takes a free lease at once, with holder, run URL and expiry in labels', async () => {
    const { docker, containers } = fakeDocker();
    const lease = await acquireLease(docker, { ...base, owner: { id: 'run-1', runUrl: 'https://ci/1', actor: 'me' }, waitMs: 0, now: () => 1000 });
    expect(lease).toEqual({ name: 'shipshape-lock-shop', holder: 'run-1', waitedMs: 0 });
    expect(containers.get(lockName('shop'))?.Config.Labels).toMatchObject({
      'shipshape.lock.holder': 'run-1',
      'shipshape.lock.run-url': 'https://ci/1',
      'shipshape.lock.expires-at': new Date(61000).toISOString(),
    });
  });

  it('reclaims a live lease held under its own id only when asked (a killed process of the same run), never another holder\'s', async () => {
    const { docker } = fakeDocker();
    await acquireLease(docker, { ...base, owner: { id: 'run-1/web' }, waitMs: 0, now: () => 1000 });
    await expect(acquireLease(docker, { ...base, owner: { id: 'run-1/web' }, waitMs: 0, now: () => 2000 })).rejects.toThrow(/locked by run-1\/web/);
    const again = await acquireLease(docker, { ...base, owner: { id: 'run-1/web' }, waitMs: 0, now: () => 2000, reclaimOwn: true });
    expect(again.broken).toMatch(/lease left by this run/);
    await expect(acquireLease(docker, { ...base, owner: { id: 'run-2/web' }, waitMs: 0, now: () => 3000, reclaimOwn: true })).rejects.toThrow(/locked by run-1\/web/);
  });

  it('fails after the wait bound naming the holder of a live lease', async () => {
    const { docker } = fakeDocker();
    let t = 0;
    await acquireLease(docker, { ...base, owner: { id: 'run-1', actor: 'alice' }, waitMs: 0, now: () => t });
    const second = acquireLease(docker, { ...base, owner: { id: 'run-2' }, waitMs: 50, pollMs: 1, now: () => (t += 10) });
    await expect(second).rejects.toThrow(/app shop is locked by run-1 by alice since .* expires .*; waited 0 s/);
  });

  it('breaks an expired lease and says whose it was', async () => {
    const { docker } = fakeDocker();
    let t = 0;
    await acquireLease(docker, { ...base, owner: { id: 'dead-run' }, waitMs: 0, now: () => t });
    t = 120000;
    const lease = await acquireLease(docker, { ...base, owner: { id: 'run-2' }, waitMs: 0, now: () => t });
    expect(lease.holder).toBe('run-2');
    expect(lease.broken).toMatch(/^expired lease of dead-run since /);
  });

  it('releases only its own lease', async () => {
    const { docker, containers } = fakeDocker();
    await acquireLease(docker, { ...base, owner: { id: 'run-1' }, waitMs: 0, now: () => 0 });
    await releaseLease(docker, 'shop', 'run-2');
    expect(containers.has(lockName('shop'))).toBe(true);
    expect(await leaseHolder(docker, 'shop')).toBe('run-1');
    await releaseLease(docker, 'shop', 'run-1');
    expect(containers.has(lockName('shop'))).toBe(false);
  });
});
