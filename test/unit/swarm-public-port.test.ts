import { describe, expect, it } from 'vitest';
import { defaultAppOptions } from '../../src/settings/app.js';
import type { DeploySettings } from '../../src/settings/deploy.js';
import { refuseBoundPublicPort } from '../../src/deploy/placements/swarm/spec.js';

const settings = (publicPort: DeploySettings['publicPort'], role: 'web' | 'worker' = 'web') => ({ app: 'shop', publicPort, service: { ...defaultAppOptions(), role } }) as DeploySettings;

describe('swarm: public-port bound to one address', () => {
  it('is refused naming the input, the value, why and what to do', () => {
    expect(() => refuseBoundPublicPort(settings({ address: '127.0.0.1', port: 8080 }))).toThrow(
      /^input 'public-port' is "127\.0\.0\.1:8080", but deploy-mode swarm publishes the proxy's port in host mode on every address of every node \(Swarm cannot bind one address\); nothing was changed\. Set public-port to 8080 .*deploy-mode: container$/,
    );
    expect(() => refuseBoundPublicPort(settings({ address: '::1', port: 8080 }))).toThrow(/"\[::1\]:8080"/);
  });

  it('accepts a port alone, the all-addresses forms, and a worker (which publishes nothing)', () => {
    for (const p of [{ port: 80 }, { address: '0.0.0.0', port: 80 }, { address: '::', port: 80 }]) expect(() => refuseBoundPublicPort(settings(p))).not.toThrow();
    expect(() => refuseBoundPublicPort(settings({ address: '127.0.0.1', port: 80 }, 'worker'))).not.toThrow();
  });
});
