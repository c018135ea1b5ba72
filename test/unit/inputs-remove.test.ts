import { describe, expect, it } from 'vitest';
import { readSettings } from '../../src/inputs.js';

const inputs = (m: Record<string, string>) => (name: string) => m[name] ?? '';
const host = { 'shipshape-entry': 'deploy', 'deploy-host': 'unix:///var/run/docker.sock' };

describe('remove: true and app-name inputs', () => {
  it('needs only the app and the connection inputs, no image', () => {
    const s = readSettings(inputs({ ...host, app: 'web', remove: 'true' }), {});
    expect(s.deploy?.remove).toBe(true);
    expect(s.deploy?.app).toBe('web');
  });

  it('refuses an empty app without an image, naming the input', () => {
    expect(() => readSettings(inputs({ ...host, remove: 'true' }), {})).toThrow(/Input 'app': is empty: remove: true needs the app/);
  });

  it('refuses the host proxy\'s own names as an app, naming the input', () => {
    for (const app of ['shipshape-host', 'shipshape-host-proxy']) expect(() => readSettings(inputs({ ...host, app, remove: 'true' }), {})).toThrow(/Input 'app': .* is reserved for the host-wide proxy/);
  });

  it('cannot go with rollback', () => {
    expect(() => readSettings(inputs({ ...host, app: 'web', remove: 'true', rollback: 'true' }), {})).toThrow(/Input 'remove'/);
  });
});
