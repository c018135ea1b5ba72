import { describe, expect, it } from 'vitest';
import { readSettings } from '../../src/settings/index.js';

const inputs = (m: Record<string, string>) => (name: string) => m[name] ?? '';
const host = { 'shipshape-entry': 'deploy', 'deploy-host': 'unix:///var/run/docker.sock' };

describe('remove: true and app-name inputs', () => {
  it('needs only the app and the connection inputs, no image', () => {
    const s = readSettings(inputs({ ...host, app: 'web', remove: 'true' }), {});
    expect(s.deploy?.remove).toBe(true);
    expect(s.deploy?.app).toBe('web');
  });

  it('renew: true needs neither an app nor an image (its placeholder app is no reserved name)', () => {
    const s = readSettings(inputs({ ...host, renew: 'true' }), {});
    expect(s.deploy?.renew).toBe(true);
  });

  it('refuses an empty app without an image, naming the input', () => {
    expect(() => readSettings(inputs({ ...host, remove: 'true' }), {})).toThrow(/Input 'app': is empty: remove: true needs the app/);
  });

  it('refuses the host proxy\'s own names as an app, naming the input', () => {
    for (const app of ['shipshape-host', 'shipshape-host-proxy']) expect(() => readSettings(inputs({ ...host, app, remove: 'true' }), {})).toThrow(/Input 'app': .* is reserved: .*the host-wide proxy shipshape-host-proxy/);
  });

  it('refuses names shipshape derives for another app (suffixes -blue, -green, -proxy, -release), naming the input, the value and the fix', () => {
    expect(() => readSettings(inputs({ ...host, app: 'web-proxy', remove: 'true' }), {})).toThrow(
      `Input 'app': "web-proxy" is reserved: it is the name shipshape gives app web's proxy (container or Swarm service); an app name must not end in -blue, -green, -proxy or -release; choose another name`,
    );
    for (const app of ['api-blue', 'api-green', 'api-release', 'a.b-proxy']) expect(() => readSettings(inputs({ ...host, app, remove: 'true' }), {})).toThrow(new RegExp(`Input 'app': "${app}" is reserved: it is the name shipshape gives app [a-z.]+'s (blue|green|proxy|release)`));
  });

  it('refuses shipshape and shipshape-*: the prefix of shipshape\'s own names (leases, host state, host proxy)', () => {
    for (const app of ['shipshape', 'shipshape-lock-web', 'shipshape-state-web', 'shipshape-demo']) {
      expect(() => readSettings(inputs({ ...host, app, remove: 'true' }), {})).toThrow(new RegExp(`Input 'app': "${app}" is reserved: names starting with "shipshape-" are shipshape's own .*; choose another name$`));
    }
  });

  it('a reserved default (from the image) says to set the input app', () => {
    const image = `127.0.0.1:5000/team/edge-proxy@sha256:${'a'.repeat(64)}`;
    expect(() => readSettings(inputs({ ...host, 'shipshape-entry': 'deploy', image }), {})).toThrow(/Input 'app': "edge-proxy" is reserved: .*it is the default \(the last path part of input 'image'\), so set the input app to another name/);
  });

  it('names that only contain the suffixes or the prefix are fine', () => {
    for (const app of ['proxy', 'blue', 'web-proxy2', 'green-web', 'web_proxy', 'my-shipshape', 'shipshaped']) expect(readSettings(inputs({ ...host, app, remove: 'true' }), {}).deploy?.app).toBe(app);
  });

  it('cannot go with rollback', () => {
    expect(() => readSettings(inputs({ ...host, app: 'web', remove: 'true', rollback: 'true' }), {})).toThrow(/Input 'remove'/);
  });
});
