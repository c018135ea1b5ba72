import { beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanRun, failMain, killMain, SHAPES, type Shape, type WalkStats } from '../support/host-proxy-faults.js';
import type { DeploySettings } from '../../src/settings/deploy.js';
import type { FakeHost } from '../support/fake-docker-host.js';
import { acme, baseline, HP, postStep, route, runOn, SHOP1, SHOP2, SHOP3, SHOP4, shopSettings, snapshot, type Snapshot } from '../support/host-proxy-world.js';

// ContainerPlacement over HostProxyEdge on the fake Docker host, for each shape of a redeploy: a failure
// at every operation of main (before, and after, its effect) and a kill at every operation followed by
// the post step; each ends in the invariant (test/support/host-proxy-faults.ts). The undo's and the
// post step's own failures: placement-host-proxy-undo.test.ts.

// The ACME exchange without a CA: the stub reads the stored certificate, then issues one (or refuses).
vi.mock('../../src/deploy/placements/host-proxy/acme.js', async (orig) => ({
  ...(await orig<object>()),
  obtainCertificate: async (...a: Parameters<typeof import('../support/host-proxy-world.js').acmeStub>) => (await import('../support/host-proxy-world.js')).acmeStub(...a),
}));

for (const [name, make] of Object.entries(SHAPES)) {
  describe(`host proxy placement, ${name}`, () => {
    let shape: Shape;
    let snaps: { before: Snapshot; after: Snapshot };
    let clean: Awaited<ReturnType<typeof cleanRun>>;
    const stats: WalkStats = { runs: 0, failedMain: 0, passedAnyway: 0, undoFailed: 0, brokenLocks: 0, leftLocks: 0 };
    beforeAll(async () => {
      shape = await make();
      clean = await cleanRun(shape);
      snaps = { before: snapshot(shape.base), after: clean.after };
    });

    it('a clean deploy changes what is served', () => {
      expect(snaps.after.served).not.toEqual(snaps.before.served);
      expect(clean.phases.at(-1)).toBe('done');
    });

    for (const after of [false, true]) {
      it(`a failure at every operation of main (${after ? 'after' : 'before'} its effect) leaves every app served as before`, async () => {
        const failed = stats.failedMain;
        for (const at of after ? clean.changing : clean.all) await failMain(shape, snaps, { at, after }, stats);
        expect(stats.failedMain - failed, 'deploys that failed').toBeGreaterThan(after ? 10 : 20);
      });
    }

    it('a kill at every operation of main, then the post step from the saved journal, leaves every app served as before', async () => {
      for (const at of clean.all) await killMain(shape, snaps, { at }, stats);
    });
  });
}

/** Main on `h`, with GET / on each of `hosts` recorded after every operation (a client probing meanwhile). */
async function probed(h: FakeHost, s: DeploySettings, img: string, hosts: string[]) {
  const seen = new Map<string, Set<string>>(hosts.map((x) => [x, new Set<string>()]));
  h.onOp = () => hosts.forEach((x) => seen.get(x)!.add(h.get(HP, x, '/')));
  const r = runOn(h, s);
  const error = await r.main(img).then(
    () => undefined,
    (e: Error) => e,
  );
  h.onOp = undefined;
  return { error, seen: Object.fromEntries([...seen].map(([k, v]) => [k, [...v]])), r };
}

describe('host proxy placement: the failed redeploys of issue 21, probed at every operation', () => {
  const v1 = `HTTP/1.1 200 OK ${SHOP1}`;

  it('a changed health path with a version that fails it: the live version answers throughout, its check unchanged', async () => {
    const h = await baseline();
    const before = snapshot(h);
    const { error, seen } = await probed(h, shopSettings({ healthPath: '/ready' }), SHOP3, ['shop.test', 'blog.test']);
    expect(error?.message).toMatch(/the new version did not pass its health check; the live version \(blue\) keeps serving: shop-green did not pass the health check GET \/ready/);
    expect(seen).toEqual({ 'shop.test': [v1], 'blog.test': ['301 → https'] });
    expect(snapshot(h)).toEqual(before);
  });

  it('changed hosts with a version that fails its gate: the old host answers the live version throughout, the new one is never routed', async () => {
    const h = await baseline();
    const before = snapshot(h);
    const { error, seen } = await probed(h, shopSettings({ route: route(['shop2.test']) }), SHOP4, ['shop.test', 'shop2.test']);
    expect(error).toMatchObject({ phase: 'gated', message: expect.stringMatching(/the new version did not pass its health check/) });
    expect(seen).toEqual({ 'shop.test': [v1], 'shop2.test': ['HTTP/1.1 404 Not Found'] });
    expect(snapshot(h)).toEqual(before);
  });

  it('tls off → acme while the CA refuses: plain HTTP is never redirected, no certificate is loaded for the app', async () => {
    const h = await baseline();
    const before = snapshot(h);
    acme.refuse = true;
    try {
      const { error, seen } = await probed(h, shopSettings({ route: route(['shop.test'], 'acme') }), SHOP2, ['shop.test']);
      expect(error?.message).toMatch(/the CA refused the order/);
      expect(seen).toEqual({ 'shop.test': [v1] });
    } finally {
      acme.refuse = false;
    }
    expect(snapshot(h)).toEqual(before);
    expect(Object.keys(snapshot(h).served!.certs).some((f) => f.includes('shop'))).toBe(false);
  });

  it('a kill at the gate after a route change, then the post step alone: the old host answers the live version again', async () => {
    const h = await baseline();
    const before = snapshot(h);
    const r = runOn(h, shopSettings({ route: route(['shop2.test']) }), {
      onSave: (j) => {
        if (j.phase === 'gated') h.freezeAt = h.ops.length + 2;
      },
    });
    void r.main(SHOP2);
    for (let i = 0; i < 1000 && !h.frozen; i++) await new Promise((res) => setImmediate(res));
    expect(r.saved.at(-1)).toMatchObject({ phase: 'gated', edge: { staged: true } });
    expect(h.get(HP, 'shop.test', '/')).toBe(v1);
    h.frozen = false;
    h.freezeAt = 0;
    await postStep(h, shopSettings({ route: route(['shop2.test']) }), r.saved.at(-1)!);
    expect(h.get(HP, 'shop.test', '/')).toBe(v1);
    expect(h.get(HP, 'shop2.test', '/')).toBe('HTTP/1.1 404 Not Found');
    expect(snapshot(h)).toEqual(before);
    expect(h.d.leases).toEqual({});
    // The deploy then works.
    await runOn(h, shopSettings({ route: route(['shop2.test']) }), { holder: 'run-2' }).main(SHOP2);
    expect(h.get(HP, 'shop2.test', '/')).toBe(`HTTP/1.1 200 OK ${SHOP2}`);
    expect(h.get(HP, 'shop.test', '/')).toBe('HTTP/1.1 404 Not Found');
  });
});

describe('host proxy placement: the commit reload and the old worker', () => {
  const gone = (h: FakeHost) => h.ops.filter((o) => / gone$/.test(o) || / gone /.test(o)).length;

  it('a new app is routed as soon as the new worker runs: nothing of it is on the old worker to wait for', async () => {
    const h = await baseline({ withoutShop: true });
    await runOn(h, shopSettings()).main(SHOP1);
    expect(h.get(HP, 'shop.test', '/')).toBe(`HTTP/1.1 200 OK ${SHOP1}`);
    expect(h.ops.filter((o) => /haproxy -c/.test(o)).length, 'the reloads ran').toBeGreaterThan(0);
    expect(gone(h)).toBe(0);
  });

  it('an app whose route changes waits for the old worker, whose requests go to the color it drains', async () => {
    const h = await baseline();
    await runOn(h, shopSettings({ route: route(['shop2.test']) })).main(SHOP2);
    expect(h.get(HP, 'shop2.test', '/')).toBe(`HTTP/1.1 200 OK ${SHOP2}`);
    expect(gone(h)).toBeGreaterThan(0);
  });
});
