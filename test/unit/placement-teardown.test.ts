import { beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { emptyResult, type DriveContext } from '../../src/deploy/core/context.js';
import { Journal, type DeployJournal } from '../../src/deploy/core/journal.js';
import { drive, settleWith } from '../../src/deploy/core/machine.js';
import { renewal } from '../../src/deploy/core/teardown.js';
import { ContainerPlacement } from '../../src/deploy/placements/container.js';
import { HostProxyEdge } from '../../src/deploy/placements/host-proxy/edge.js';
import { logger } from '../support/deploy-fakes.js';
import type { FakeHost } from '../support/fake-docker-host.js';
import { acme, baseline, deployOn, HP, route, runOn, SHOP1, shopSettings, snapshot } from '../support/host-proxy-world.js';

// core/teardown.ts through the machine on the fake Docker host (the host proxy placement): `remove` killed
// at every operation is completed by the post step (settleWith from the saved journal); one failed at
// every operation is completed by a rerun; `renew` killed at every operation has its lease freed by the
// post step, each certificate loaded whole or not at all.

vi.mock('../../src/deploy/placements/host-proxy/acme.js', async (orig) => ({
  ...(await orig<object>()),
  obtainCertificate: async (...a: Parameters<typeof import('../support/host-proxy-world.js').acmeStub>) => (await import('../support/host-proxy-world.js')).acmeStub(...a),
}));

const acmeShop = shopSettings({ route: route(['shop.test'], 'acme') });
const removeShop = { ...acmeShop, remove: true };

/** blog, and shop live with an ACME certificate: what a remove of shop takes away. */
async function withAcmeShop(): Promise<FakeHost> {
  const h = await baseline();
  await deployOn(h, acmeShop, SHOP1, 'run-acme');
  h.ops = [];
  return h;
}

const shopLeft = (h: FakeHost) => ({
  containers: Object.keys(h.d.containers).filter((n) => n.startsWith('shop')),
  state: h.d.states.shop ?? null,
  routes: Object.keys(h.served(HP)!.routes),
  certs: Object.keys(h.served(HP)!.certs).filter((f) => f.includes('shop')),
  acmeApps: snapshot(h).acmeApps,
});

async function frozenAt(h: FakeHost, at: number, start: () => Promise<unknown>) {
  h.freezeAt = at;
  void start();
  for (let i = 0; i < 1000 && !h.frozen; i++) await new Promise((res) => setImmediate(res));
  expect(h.frozen, `reached operation ${at}`).toBe(true);
  h.frozen = false;
  h.freezeAt = 0;
}

describe('remove through the machine (host proxy placement)', () => {
  let base: FakeHost;
  let gone: ReturnType<typeof snapshot>;
  let ops = 0;
  beforeAll(async () => {
    base = await withAcmeShop();
    const h = base.clone();
    const removed = await runOn(h, removeShop, { kind: 'remove' }).remove();
    expect(removed).toEqual(['backend app-shop and certificate on shipshape-host-proxy', 'shop-blue', 'shop-green', 'state of shop']);
    ops = h.ops.length;
    gone = snapshot(h);
    expect(shopLeft(h)).toEqual({ containers: [], state: null, routes: ['blog.test'], certs: [], acmeApps: {} });
    expect(h.d.leases).toEqual({});
  });

  it('killed at every operation, it is completed by the post step from the saved journal (phase removing)', async () => {
    const phases = new Set<string>();
    for (let at = 1; at <= ops; at++) {
      const h = base.clone();
      const r = runOn(h, removeShop, { kind: 'remove' });
      await frozenAt(h, at, r.remove);
      const last = r.saved.at(-1)!;
      phases.add(last.phase);
      await runOn(h, removeShop, { journal: last }).settleRemove();
      // Killed while taking the lease: nothing was done, and the post step does nothing.
      expect(snapshot(h), `killed at ${at} (phase ${last.phase})`).toEqual(last.phase === 'locked' ? snapshot(base) : gone);
      expect(h.d.leases[removeShop.app], `killed at ${at}`).toBeUndefined();
    }
    expect([...phases].sort()).toEqual(['locked', 'removing']);
  });

  it('failed at every operation, the post step frees the lease and a rerun completes it (every step idempotent)', async () => {
    for (let at = 1; at <= ops; at++) {
      const h = base.clone();
      h.failAt = new Set([at]);
      const r = runOn(h, removeShop, { kind: 'remove' });
      const error = await r.remove().then(
        () => undefined,
        (e: Error) => e,
      );
      h.failAt.clear();
      if (error) expect(error.message, `failed at ${at}`).toMatch(/^remove of shop: (the removal of shop did not begin; nothing changed|removing shop did not finish; the post step completes it): injected failure/);
      // The post step: nothing once the journal is done; else (the lease's release failed) it completes the remove.
      const last = r.saved.at(-1)!;
      if (last.phase !== 'done') await runOn(h, removeShop, { journal: last }).settleRemove();
      expect(h.d.leases[removeShop.app], `failed at ${at}`).toBeUndefined();
      await runOn(h, removeShop, { kind: 'remove', holder: 'run-2' }).remove();
      expect(snapshot(h), `failed at ${at}, then rerun`).toEqual(gone);
    }
  });
});

describe('renew through the machine (host proxy placement)', () => {
  const LEASE = 'shipshape-host-proxy-renew';
  function renewRun(h: FakeHost, journal?: DeployJournal) {
    const s = { ...acmeShop, renew: true };
    const saved: DeployJournal[] = [];
    const j = new Journal(journal ?? { v: 1, app: s.app, host: s.host.text, holder: 'run-r', kind: 'renew', phase: 'locked', lease: LEASE }, (x) => void (journal || saved.push(x)));
    const run = { owner: { id: journal?.holder ?? 'run-r' }, logger: logger(), now: () => 0, sleep: async () => {}, journal: j, result: emptyResult(s.app, s.host.text), store: h.store() };
    const docker = h.docker();
    const placement = new ContainerPlacement(docker, s, new HostProxyEdge(docker, s, run), run);
    const c: DriveContext = { settings: s, ...run };
    return { saved, main: () => drive(c, 'renew', renewal(c, () => placement.renew(), 60_000)), post: () => settleWith(c, renewal(c, async () => [], 60_000)) };
  }

  it('killed at every operation, the post step frees its lease; the certificate is the old or the new one, whole', async () => {
    const base = await withAcmeShop();
    const old = snapshot(base).served!.certs;
    const h0 = base.clone();
    acme.renewed = true;
    onTestFinished(() => void (acme.renewed = false));
    await renewRun(h0).main();
    const renewed = snapshot(h0).served!.certs;
    expect(renewed).not.toEqual(old);
    expect(h0.d.leases).toEqual({});
    const phases = new Set<string>();
    for (let at = 1; at <= h0.ops.length; at++) {
      const h = base.clone();
      const r = renewRun(h);
      await frozenAt(h, at, r.main);
      const last = r.saved.at(-1)!;
      phases.add(last.phase);
      await renewRun(h, last).post();
      expect(h.d.leases[LEASE], `killed at ${at} (phase ${last.phase})`).toBeUndefined();
      expect([old, renewed], `killed at ${at}`).toContainEqual(snapshot(h).served!.certs);
    }
    expect([...phases].sort()).toEqual(['locked', 'renewing']);
  });
});
