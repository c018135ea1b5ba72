import { describe, expect, it } from 'vitest';
import { readSettings } from '../../src/inputs.js';

const inputs = (m: Record<string, string>) => (name: string) => m[name] ?? '';
const host = { 'shipshape-entry': 'deploy', 'deploy-host': 'unix:///var/run/docker.sock' };

describe('remove: true inputs', () => {
  it('needs only the app and the connection inputs, no image', () => {
    const s = readSettings(inputs({ ...host, app: 'web', remove: 'true' }), {});
    expect(s.deploy?.remove).toBe(true);
    expect(s.deploy?.app).toBe('web');
  });

  it('refuses an empty app without an image, naming the input', () => {
    expect(() => readSettings(inputs({ ...host, remove: 'true' }), {})).toThrow(/Input 'app': is empty: remove: true needs the app/);
  });

  it('cannot go with rollback', () => {
    expect(() => readSettings(inputs({ ...host, app: 'web', remove: 'true', rollback: 'true' }), {})).toThrow(/Input 'remove'/);
  });
});
