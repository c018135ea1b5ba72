import { describe, expect, it } from 'vitest';
import type { AppHost } from '../../src/deploy/core/app-host.js';
import { DeployError } from '../../src/deploy/core/errors.js';
import { NoRouter } from '../../src/deploy/placements/worker.js';
import { settle } from '../../src/deploy/core/undo.js';
import { defaultAppOptions, type AppOptions } from '../../src/settings/app.js';
import { APP, context, img, runMachine, settings, World } from '../support/deploy-fakes.js';

function fakeHost(o: { exitCode?: number; networks?: string[]; inUse?: string[] } = {}) {
  const calls: string[] = [];
  const host: AppHost = {
    networkExists: async (n) => (calls.push(`networkExists ${n}`), (o.networks ?? []).includes(n)),
    ensureVolume: async (n) => void calls.push(`ensureVolume ${n}`),
    runOnce: async (spec, cmd) => (calls.push(`runOnce ${spec.name} ${cmd.join(' ')}`), { exitCode: o.exitCode ?? 0, lines: ['migrated'] }),
    removeOnce: async (n) => void calls.push(`removeOnce ${n}`),
    removeImage: async (ref) => (calls.push(`removeImage ${ref}`), (o.inUse ?? []).includes(ref) ? 'in-use' : 'removed'),
  };
  return { host, calls };
}

const withOptions = (over: Partial<AppOptions>) => ({ ...settings, service: { ...defaultAppOptions(), ...over } });

describe('deploy machine with app options (issue 13)', () => {
  it('the release command runs after the pull, before the new color starts', async () => {
    const w = World.withLive();
    const { c, saved } = context(w);
    const { host, calls } = fakeHost();
    Object.assign(c, { appHost: host, settings: withOptions({ releaseCommand: ['migrate'], volumes: [{ kind: 'volume', source: 'data', target: '/data', readOnly: false }] }) });
    const r = await runMachine(c, { kind: 'deploy', image: img('2') });
    expect(saved.map((j) => j.phase)).toEqual(['locked', 'pulled', 'released', 'started', 'gated', 'switched', 'soaking', 'retired', 'done']);
    expect(calls.slice(0, 2)).toEqual(['ensureVolume data', `runOnce ${APP}-release migrate`]);
    expect(r.release).toMatchObject({ command: ['migrate'], exitCode: 0 });
  });

  it('a failing release command fails in phase released: nothing started, the previous color serves, the lease is free', async () => {
    const w = World.withLive();
    const { c } = context(w);
    const { host, calls } = fakeHost({ exitCode: 2 });
    Object.assign(c, { appHost: host, settings: withOptions({ releaseCommand: ['migrate'] }) });
    const e = await runMachine(c, { kind: 'deploy', image: img('2') }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeployError);
    expect((e as DeployError).phase).toBe('released');
    expect((e as Error).message).toMatch(/exited with code 2/);
    expect(w.ops).not.toContain('runtime.create');
    expect(w.containers.get(`${APP}-blue`)?.running).toBe(true);
    expect(calls).toContain(`removeOnce ${APP}-release`);
    expect(w.lease).toBeUndefined();
    expect(w.state.history.at(-1)).toMatchObject({ outcome: 'failed' });
  });

  it('the post step after a kill in phase released removes the release container and frees the lease', async () => {
    const w = World.withLive();
    w.lease = 'run-1';
    const { c } = context(w, { journal: { v: 1, app: APP, host: settings.host.text, holder: 'run-1', kind: 'deploy', phase: 'released', target: 'green', previous: 'blue', candidateKind: 'new', image: img('2') } });
    const { host, calls } = fakeHost();
    c.appHost = host;
    await settle(c);
    expect(calls).toEqual([`removeOnce ${APP}-release`]);
    expect(w.lease).toBeUndefined();
  });

  it('a missing network is refused before the pull, naming it', async () => {
    const w = World.withLive();
    const { c } = context(w);
    Object.assign(c, { appHost: fakeHost({ networks: ['db'] }).host, settings: withOptions({ networks: [{ name: 'db', aliases: [] }, { name: 'nope', aliases: [] }] }) });
    await expect(runMachine(c, { kind: 'deploy', image: img('2') })).rejects.toThrow(/the network "nope" does not exist/);
    expect(w.ops).not.toContain('runtime.pull');
  });

  it('a worker with overlap: false stops the old color before the new one is created; a failure starts the old one again', async () => {
    const w = World.withLive();
    const { c, saved } = context(w);
    Object.assign(c, { router: new NoRouter(), settings: withOptions({ role: 'worker', overlap: false, readySeconds: 1 }) });
    await runMachine(c, { kind: 'deploy', image: img('2') });
    expect(w.ops.indexOf('runtime.stop')).toBeLessThan(w.ops.indexOf('runtime.create'));
    expect(saved.find((j) => j.stoppedPrevious)).toMatchObject({ phase: 'started', previous: 'blue' });
    expect(w.containers.get(`${APP}-green`)?.running).toBe(true);
    expect(w.containers.get(`${APP}-blue`)?.running).toBe(false);

    const w2 = World.withLive();
    const ctx2 = context(w2);
    Object.assign(ctx2.c, { router: new NoRouter(), settings: withOptions({ role: 'worker', overlap: false, readySeconds: 1 }) });
    w2.ops = [];
    const createAt = () => w2.ops.length + 1;
    const original = ctx2.c.runtime.create;
    ctx2.c.runtime = { ...ctx2.c.runtime, create: async (spec) => ((w2.failAtOp = createAt()), original(spec)) };
    await expect(runMachine(ctx2.c, { kind: 'deploy', image: img('2') })).rejects.toMatchObject({ phase: 'started', message: expect.stringMatching(/^deploy of shop: the new version failed to start; the live version \(blue\) keeps serving: injected failure/) });
    expect(w2.containers.get(`${APP}-blue`)?.running).toBe(true);
    expect(w2.containers.has(`${APP}-green`)).toBe(false);
  });

  it('retain keeps the last N live deploys and removes only older images this app deployed', async () => {
    const w = World.withLive();
    w.state.history = ['a', 'b', 'c'].map((v, i) => ({ at: `t${i}`, kind: 'deploy' as const, outcome: 'live' as const, image: img(v), color: 'blue' as const, owner: 'x' }));
    const { c } = context(w);
    const { host, calls } = fakeHost({ inUse: [img('0')] });
    Object.assign(c, { appHost: host, settings: withOptions({ retain: 2 }) });
    const r = await runMachine(c, { kind: 'deploy', image: img('2') });
    expect(r.images?.retained.slice(0, 2)).toEqual([img('2'), img('c')]);
    expect(r.images?.pruned).toEqual([img('b'), img('a')]);
    expect(calls.filter((x) => x.startsWith('removeImage'))).toEqual([`removeImage ${img('b')}`, `removeImage ${img('a')}`]);
  });
});
