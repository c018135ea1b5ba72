import { beforeAll, describe, expect, it } from 'vitest';
import { WorkerEdge } from '../../src/deploy/placements/worker.js';
import { defaultAppOptions } from '../../src/settings/app.js';
import type { DeploySettings } from '../../src/settings/deploy.js';
import { settings } from '../support/deploy-fakes.js';
import { FakeHost } from '../support/fake-docker-host.js';
import { IMAGES, runOn, SHOP1, SHOP2 } from '../support/host-proxy-world.js';
import { walkClean, walkFail, walkKill, type Walk } from '../support/placement-walk.js';

// ContainerPlacement over WorkerEdge (no route) on the fake Docker host: what a worker "serves" is which
// of its instances run, and which version each runs. A failure at every operation of main (before and
// after its effect) and of its undo, and a kill at every operation followed by the post step, leave
// the previous version running alone (overlap: false included: it is started again) and the lease free.

const worker = (over: Partial<DeploySettings['service']> = {}): DeploySettings => ({ ...settings, app: 'shop', soakSeconds: 0.5, service: { ...defaultAppOptions(), role: 'worker', readySeconds: 1, ...over } });
const edge = (docker: ConstructorParameters<typeof WorkerEdge>[0]) => new WorkerEdge(docker);
const snap = (h: FakeHost) => ({
  running: Object.values(h.d.containers)
    .filter((b) => b.spec.Labels?.['shipshape.app'] === 'shop' && b.running)
    .map((b) => `${b.name} ${b.spec.Labels?.['shipshape.image']}`)
    .sort(),
  live: h.d.states.shop?.live ?? null,
});

type Snap = ReturnType<typeof snap>;

async function baseline(s: DeploySettings): Promise<FakeHost> {
  const h = FakeHost.empty();
  h.d.images = structuredClone(IMAGES);
  await runOn(h, s, { holder: 'run-0', edge }).main(SHOP1);
  h.ops = [];
  return h;
}

for (const [name, s] of Object.entries({ 'a worker': worker(), 'a worker with overlap: false': worker({ overlap: false }) })) {
  describe(`worker placement, ${name}`, () => {
    let w: Walk<Snap>;
    let clean: Awaited<ReturnType<typeof walkClean<Snap>>>;
    beforeAll(async () => {
      // A passed deploy whose retire failed to stop the old color leaves it running (forward only, warned).
      const same = (a: Snap, b: Snap, after: boolean) => (after ? a.live === b.live && b.running.every((r) => a.running.includes(r)) : JSON.stringify(a) === JSON.stringify(b));
      w = { base: await baseline(s), s, image: SHOP2, edge, snap, same };
      clean = await walkClean(w);
    });

    it('a clean deploy runs the new version alone', () => {
      expect(clean.before).toEqual({ running: [`shop-blue ${SHOP1}`], live: 'blue' });
      expect(clean.after).toEqual({ running: [`shop-green ${SHOP2}`], live: 'green' });
    });

    it('a failure at every operation of main, before and after its effect, leaves the previous version running alone', async () => {
      for (const at of clean.all) for (const after of [false, true]) await walkFail(w, clean, { at, after });
    });

    it('a failure at every operation of the undo, after each journal entry: the post step restores it', async () => {
      for (const at of clean.points) for (let k = 1; !(await walkFail(w, clean, { at, undoAt: k })); k++);
    });

    it('a kill at every operation of main, then the post step from the saved journal', async () => {
      for (const at of clean.all) await walkKill(w, clean, { at });
    });
  });
}
