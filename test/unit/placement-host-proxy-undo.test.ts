import { describe, expect, it, vi } from 'vitest';
import { failMain, shapeWalk } from '../support/host-proxy-faults.js';
import { baseline, HP, postStep, runOn, SHOP1, SHOP2, shopSettings, snapshot } from '../support/host-proxy-world.js';

// The undo's own failures on the host proxy placement: main fails after each journal entry, then its
// undo fails at each of its operations (the lease stays; the post step restores what was served).
// tls off → acme stages its entry as a changed health path, port or hosts does, and changes the
// certificate and ACME settings too: it stands for the staged shapes here.

vi.mock('../../src/deploy/placements/host-proxy/acme.js', async (orig) => ({
  ...(await orig<object>()),
  obtainCertificate: async (...a: Parameters<typeof import('../support/host-proxy-world.js').acmeStub>) => (await import('../support/host-proxy-world.js')).acmeStub(...a),
}));

for (const name of ['a new app', 'tls off → acme', 'the same shape (runtime API only)']) {
  describe(`host proxy placement, ${name}: failures in the undo`, () => {
    const w = shapeWalk(name);

    it('main fails after each journal entry, its undo at each operation: the post step restores what was served', async () => {
      for (const at of w.clean.points) {
        for (let k = 1; ; k++) if ((await failMain(w.shape, w.snaps, { at, undoAt: k }, w.stats)).done) break;
      }
      expect(w.stats.undoFailed, 'undos that failed, then were finished by the post step').toBeGreaterThan(20);
    });
  });
}

describe('host proxy placement: an undo whose reload wrote the config but failed at its SIGUSR2', () => {
  it('is reloaded again by the post step (the config file already right is no reason to skip it)', async () => {
    const h = await baseline();
    const before = snapshot(h);
    const s = shopSettings({ healthPath: '/ready' });
    // The soak's probe fails (phase soaking, after the commit's reload); then the switch back's SIGUSR2.
    let soakFailed = false;
    let signalFailed = false;
    h.failWhen = (op) => {
      if (!soakFailed && op.includes(' probe ')) return (soakFailed = true);
      if (soakFailed && !signalFailed && op.endsWith('SIGUSR2')) return (signalFailed = true);
      return false;
    };
    const r = runOn(h, s);
    const error = await r.main(SHOP2).then(
      () => undefined,
      (e: Error) => e,
    );
    h.failWhen = undefined;
    expect(error?.message).toMatch(/^deploy of shop: the new version failed while it was watched after the switch: .*could not undo the deploy of shop: switch shop back to blue \(injected failure in signal shipshape-host-proxy SIGUSR2\).*the post step retries/);
    // The file on disk is restored, the running proxy is not: the app has the deploy's check and nothing ready.
    expect(h.get(HP, 'shop.test', '/')).not.toBe(`HTTP/1.1 200 OK ${SHOP1}`);
    await postStep(h, s, r.saved.at(-1)!);
    expect(h.get(HP, 'shop.test', '/')).toBe(`HTTP/1.1 200 OK ${SHOP1}`);
    expect(snapshot(h)).toEqual(before);
    expect(h.d.leases).toEqual({});
  });
});
