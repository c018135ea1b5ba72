import { describe, expect, it, vi } from 'vitest';
import { kill, killMain, shapeWalk } from '../support/host-proxy-faults.js';

// The post step's own failures on the host proxy placement: main is killed after each journal entry,
// then the post step fails at each of its operations and a second post step (a rerun) finishes.
// tls off → acme stages its entry as a changed health path, port or hosts does, and changes the
// certificate and ACME settings too: it stands for the staged shapes here.

vi.mock('../../src/deploy/placements/host-proxy/acme.js', async (orig) => ({
  ...(await orig<object>()),
  obtainCertificate: async (...a: Parameters<typeof import('../support/host-proxy-world.js').acmeStub>) => (await import('../support/host-proxy-world.js')).acmeStub(...a),
}));

for (const name of ['a new app', 'tls off → acme', 'the same shape (runtime API only)']) {
  describe(`host proxy placement, ${name}: failures in the post step`, () => {
    const w = shapeWalk(name);

    it('main killed after each journal entry, the post step failing at each operation, then a second post step', async () => {
      for (const at of w.clean.points) {
        // Killed once; each post step starts from a copy of the host as main left it.
        const killed = await kill(w.shape, at);
        for (let k = 1; ; k++) if ((await killMain(w.shape, w.snaps, { at, postAt: k, killed }, w.stats)).done) break;
      }
      expect(w.stats.runs, 'post steps failed at one of their operations').toBeGreaterThan(50);
    });
  });
}
