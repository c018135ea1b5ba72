// Swarm services are found by exact name and shipshape's labels, and acted on by ID: on a fake
// manager that resolves names as the Engine API does (an unknown name matches as an ID prefix).
import { describe, expect, it } from 'vitest';
import { ownLabels, SwarmApi } from '../../src/deploy/placements/swarm/api.js';
import { emptyResult } from '../../src/deploy/core/context.js';
import { DeployError } from '../../src/deploy/core/errors.js';
import type { SwarmContext } from '../../src/deploy/placements/swarm/context.js';
import { removeSwarmObjects } from '../../src/deploy/placements/swarm/remove.js';
import { swarmStrategy } from '../../src/deploy/placements/swarm/run.js';
import { appServiceSpec } from '../../src/deploy/placements/swarm/spec.js';
import { logger, settings } from '../support/deploy-fakes.js';
import { FakeSwarmEngine } from '../support/fake-swarm-engine.js';

const IMG = `reg/shop@sha256:${'a'.repeat(64)}`;

function manager() {
  const engine = new FakeSwarmEngine();
  return { engine, swarm: new SwarmApi(engine) };
}

const remove = async (swarm: SwarmApi, app: string) => {
  const log = logger();
  const removed: string[] = [];
  await removeSwarmObjects(swarm, app, { logger: log, sleep: async () => {}, removed });
  return { removed, lines: log.lines };
};

describe('swarm service lookup', () => {
  it('lists by name and labels, keeps only the exact name, and inspects by full ID', async () => {
    const { engine, swarm } = manager();
    engine.add('webshop', ownLabels('webshop', 'app'));
    const web = engine.add('web', ownLabels('web', 'app'));
    engine.add('web-proxy', ownLabels('web', 'proxy'));
    expect((await swarm.ownService('web', 'web', 'app'))?.ID).toBe(web.ID);
    expect(engine.calls).toEqual([`GET /services {"name":["web"],"label":["shipshape.app=web","shipshape.role=app"]}`, `GET /services/${web.ID}`]);
    // The role tells the app's service from its proxy's.
    expect(await swarm.ownService('web', 'web', 'proxy')).toBeUndefined();
  });

  it('an app name that is a prefix of another service\'s ID finds nothing, though the engine would resolve it', async () => {
    const { engine, swarm } = manager();
    const other = engine.add('payments', ownLabels('payments', 'app'), 'fbzq7k2m0c1d2e3f4g5h6i7j8');
    // What GET /services/fbz answered before: the other service.
    expect(JSON.parse((await engine.request('GET', '/services/fbz')).body.toString()).ID).toBe(other.ID);
    expect(await swarm.ownService('fbz', 'fbz', 'app')).toBeUndefined();
    // A removed service's ID is not resolved to another one by prefix either.
    expect(await swarm.serviceById('fbzq7k')).toBeUndefined();
  });

  it('a service with the name but without the labels is not shipshape\'s; creating over it names the input app', async () => {
    const { engine, swarm } = manager();
    engine.add('shop', { team: 'db' });
    expect(await swarm.ownService('shop', 'shop', 'app')).toBeUndefined();
    expect((await swarm.foreignService('shop', 'shop', 'app'))?.Spec.Labels).toEqual({ team: 'db' });
    const e = (await swarm.createService(appServiceSpec(settings, { image: IMG, owner: { id: 'run1' } })).catch((x: unknown) => x)) as Error;
    expect(e.message).toMatch(/^a Swarm service named shop already exists on this swarm without the labels shipshape.app=shop and shipshape.role=app, so shipshape did not create it and leaves it alone; remove or rename that service, or choose another input 'app' than "shop" \(rpc error: .*name conflicts/);
    expect(engine.names()).toEqual(['shop']);
  });

  it('a deploy over such a service fails in setup, before the proxy and the release command, and changes nothing', async () => {
    const { engine, swarm } = manager();
    engine.add('shop', { team: 'db' });
    const c = { settings, swarm, logger: logger(), now: () => 0, sleep: async () => {}, result: emptyResult('shop', 'h') } as unknown as SwarmContext;
    const e = await swarmStrategy(c, { kind: 'deploy', image: IMG }).setup!().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeployError);
    expect((e as Error).message).toMatch(/^shop: a Swarm service named shop already exists .*choose another input 'app' than "shop"; nothing was changed$/);
    expect(engine.calls).toEqual(['GET /services {"name":["shop"]}']);
  });
});

describe('swarm remove', () => {
  it('removes the app\'s proxy, service and release job by ID; another app\'s services stay', async () => {
    const { engine, swarm } = manager();
    for (const role of ['app', 'proxy', 'release'] as const) engine.add(role === 'app' ? 'web' : `web-${role}`, ownLabels('web', role));
    engine.add('web2', ownLabels('web2', 'app'));
    engine.add('web2-proxy', ownLabels('web2', 'proxy'));
    const { removed } = await remove(swarm, 'web');
    expect(removed).toEqual(['service web-proxy', 'service web', 'service web-release']);
    expect(engine.names()).toEqual(['web2', 'web2-proxy']);
    const deletes = engine.calls.filter((c) => c.startsWith('DELETE'));
    expect(deletes).toHaveLength(3);
    for (const d of deletes) expect(d).toMatch(/^DELETE \/services\/q+[0-9a-z]+$/);
  });

  it('an app with no service whose name is a prefix of another service\'s ID: nothing is deleted', async () => {
    const { engine, swarm } = manager();
    engine.add('payments', ownLabels('payments', 'app'), 'fbzq7k2m0c1d2e3f4g5h6i7j8');
    const { removed } = await remove(swarm, 'fbz');
    expect(removed).toEqual([]);
    expect(engine.names()).toEqual(['payments']);
    expect(engine.calls.filter((c) => c.startsWith('DELETE'))).toEqual([]);
  });

  it('services with the right names but without the labels are left alone, with a warning', async () => {
    const { engine, swarm } = manager();
    engine.add('shop', { team: 'db' });
    engine.add('shop-proxy');
    // Labelled for another app: not this app's proxy either.
    engine.add('shop-release', ownLabels('other', 'release'));
    const { removed, lines } = await remove(swarm, 'shop');
    expect(removed).toEqual([]);
    expect(engine.names()).toEqual(['shop', 'shop-proxy', 'shop-release']);
    expect(lines.filter((l) => l.startsWith('warning:'))).toEqual([
      'warning: shop: left the Swarm service shop-proxy alone: it lacks the labels shipshape.app=shop and shipshape.role=proxy, so shipshape did not create it for this app',
      'warning: shop: left the Swarm service shop alone: it lacks the labels shipshape.app=shop and shipshape.role=app, so shipshape did not create it for this app',
      'warning: shop: left the Swarm service shop-release alone: it lacks the labels shipshape.app=shop and shipshape.role=release, so shipshape did not create it for this app',
    ]);
  });
});
