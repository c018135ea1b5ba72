import { describe, expect, it } from 'vitest';
import { EngineHostStore, stateContainer } from '../../src/deploy/docker-host/store.js';
import { FakeHost } from '../support/fake-docker-host.js';

const APP = 'shop';
const reads = (h: FakeHost) => h.ops.filter((o) => o.startsWith(`getFile ${stateContainer(APP)}`)).length;

describe('EngineHostStore: the state file read once per run', () => {
  it('reads the volume once, then answers from what it read or wrote (each archive call costs the engine a helper process)', async () => {
    const h = FakeHost.empty();
    const store = new EngineHostStore(h.docker(), 'proxy:lts');
    expect(await store.read(APP)).toEqual({ colors: {}, history: [] });
    await store.read(APP);
    expect(reads(h)).toBe(1);
    await store.write(APP, { live: 'blue', colors: { blue: { image: 'r/a@sha256:' + 'a'.repeat(64), since: '2026-01-01T00:00:00.000Z' } }, history: [] });
    const after = await store.read(APP);
    expect(after.live).toBe('blue');
    expect(reads(h)).toBe(1);
    // Each read is a copy: a caller changing it does not change what the store knows.
    after.live = 'green';
    expect((await store.read(APP)).live).toBe('blue');
    // Another run (a new store) reads what this one wrote.
    const next = new EngineHostStore(h.docker(), 'proxy:lts');
    expect((await next.read(APP)).live).toBe('blue');
  });

  it('a write that failed is not remembered: the next read goes to the host again', async () => {
    const h = FakeHost.empty();
    const store = new EngineHostStore(h.docker(), 'proxy:lts');
    await store.read(APP);
    h.failWhen = (op) => op.startsWith('putFile');
    await expect(store.write(APP, { live: 'green', colors: {}, history: [] })).rejects.toThrow(/could not write the host state of shop/);
    h.failWhen = undefined;
    expect((await store.read(APP)).live).toBeUndefined();
    expect(reads(h)).toBe(2);
  });

  it('forget drops what it knew', async () => {
    const h = FakeHost.empty();
    const store = new EngineHostStore(h.docker(), 'proxy:lts');
    await store.write(APP, { live: 'blue', colors: {}, history: [] });
    await store.forget(APP);
    expect((await store.read(APP)).live).toBeUndefined();
    expect(reads(h)).toBe(1);
  });
});
