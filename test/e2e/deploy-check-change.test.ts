// Changing `health-path` on an app whose proxy already runs: HAProxy's runtime API cannot change a check,
// so the proxy's config is rewritten and reloaded once — only when the live color passes the new check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy } from '../../src/deploy/index.js';
import { buildTestApp, HEALTH_PATH } from '../support/deploy-apps.js';
import { httpGet, waitForBody } from '../support/deploy-load.js';
import { memoryLogger, removeApp, sshSettings } from '../support/deploy-settings.js';
import { runOk } from '../support/process.js';
import { testbed, type Testbed } from '../support/testbed.js';

const APP = 'deploy-check-e2e';
const PORT = 18085;
let tb: Testbed;
let v1 = '';
let v2 = '';

const req = (image: string, id: string) => ({ image, owner: { id }, logger: memoryLogger(), mask: () => {} });
const proxyConfig = () => runOk('docker', ['exec', `${APP}-proxy`, 'cat', '/usr/local/etc/haproxy/haproxy.cfg']);

describe('a changed health-path on an existing proxy', () => {
  beforeAll(async () => {
    tb = testbed();
    await removeApp(APP);
    v1 = await buildTestApp(tb, 'v1');
    v2 = await buildTestApp(tb, 'v2');
  });
  afterAll(() => removeApp(APP));

  it('is applied with one reload when the live color passes the new check', async () => {
    await deploy(sshSettings(tb, APP, PORT, { healthPath: HEALTH_PATH }), req(v1, 'check-1'));
    await waitForBody(PORT, 'v1\n');
    expect(await proxyConfig()).toContain(`option httpchk GET ${HEALTH_PATH}`);
    const r = await deploy(sshSettings(tb, APP, PORT, { healthPath: '/' }), req(v2, 'check-2'));
    expect(r.color).toBe('green');
    expect(await proxyConfig()).toContain('option httpchk GET /\n');
    await waitForBody(PORT, 'v2\n');
  });

  it('is refused, naming the input, when the live color would fail it; the live color keeps serving', async () => {
    const error = await deploy(sshSettings(tb, APP, PORT, { healthPath: '/missing' }), req(v1, 'check-3')).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/input 'health-path' "\/missing".*live color green does not pass/);
    expect((await httpGet(PORT)).body).toBe('v2\n');
    expect(await proxyConfig()).toContain('option httpchk GET /\n');
  });
});
