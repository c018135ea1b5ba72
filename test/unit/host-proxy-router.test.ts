import { describe, expect, it } from 'vitest';
import type { ProxyControl } from '../../src/deploy/haproxy.js';
import { HostProxyRouter } from '../../src/deploy/placements/host-proxy/router.js';

function fake() {
  const sent: string[] = [];
  const probes: unknown[] = [];
  const control = {
    container: 'shipshape-host-proxy',
    apply: async (c: string[]) => void sent.push(c.join('; ')),
    stats: async (b?: string) => (b === 'app-a' ? { blue: { status: 'UP', checkStatus: 'L7OK', checkCode: '200', lastCheck: '', sessions: 1 } } : {}),
    probeWithStats: async (path: string, o: unknown) => (probes.push([path, o]), { status: 'HTTP/1.0 200 OK', stats: {} }),
  } as unknown as ProxyControl;
  const persisted: unknown[] = [];
  const router = new HostProxyRouter(control, async (app, live) => void persisted.push([app, live]), new Map([['a', { host: 'a.test', pathPrefix: '/api' }]]));
  return { router, sent, probes, persisted };
}

describe('HostProxyRouter', () => {
  it('swaps only the app’s own backend', async () => {
    const { router, sent } = fake();
    await router.addTarget('a', 'green', { ip: '10.0.0.9', port: 3000 });
    await router.switchTo('a', 'green', 'blue');
    expect(sent).toEqual([
      'set server app-a/green addr 10.0.0.9 port 3000; set server app-a/green-bk addr 10.0.0.9 port 3000; set server app-a/green state drain',
      // The old color drains with its backup twin ready: it serves only if green goes down before the deploy reverts.
      'set server app-a/green state ready; set server app-a/blue state drain; set server app-a/blue-bk state ready; set server app-a/green-bk state maint',
    ]);
    sent.length = 0;
    await router.removeTarget('a', 'blue');
    expect(sent).toEqual(['set server app-a/blue state maint; set server app-a/blue-bk state maint']);
  });
  it('probes through the frontend with the app’s Host and prefix, reads its backend’s health', async () => {
    const { router, probes } = fake();
    await router.probe('a', '/health');
    expect(probes).toEqual([['/api/health', { host: 'a.test', backend: 'app-a' }]]);
    expect((await router.health('a')).blue?.up).toBe(true);
  });
  it('refuses an app it does not carry', async () => {
    const { router, sent } = fake();
    await expect(router.switchTo('b', 'green')).rejects.toThrow(/carries no backend for b/);
    expect(sent).toEqual([]);
  });
  it('persists through the caller (the host-wide config lock)', async () => {
    const { router, persisted } = fake();
    await router.persist('a', 'blue');
    expect(persisted).toEqual([['a', 'blue']]);
  });
});
