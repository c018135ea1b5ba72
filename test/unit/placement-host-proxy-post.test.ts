import { beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanRun, kill, killMain, SHAPES, type Shape, type WalkStats } from '../support/host-proxy-faults.js';
import { snapshot, type Snapshot } from '../support/host-proxy-world.js';

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
    let shape: Shape;
    let snaps: { before: Snapshot; after: Snapshot };
    let clean: Awaited<ReturnType<typeof cleanRun>>;
    const stats: WalkStats = { runs: 0, failedMain: 0, passedAnyway: 0, undoFailed: 0, brokenLocks: 0, leftLocks: 0 };
    beforeAll(async () => {
      shape = await SHAPES[name]!();
      clean = await cleanRun(shape);
      snaps = { before: snapshot(shape.base), after: clean.after };
    });

    it('main killed after each journal entry, the post step failing at each operation, then a second post step', async () => {
      for (const at of clean.points) {
        // Killed once; each post step starts from a copy of the host as main left it.
        const killed = await kill(shape, at);
        for (let k = 1; ; k++) if ((await killMain(shape, snaps, { at, postAt: k, killed }, stats)).done) break;
      }
      expect(stats.runs, 'post steps failed at one of their operations').toBeGreaterThan(50);
    });
  });
}
