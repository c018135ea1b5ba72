import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterApp } from '../support/deploy-app-images.js';
import { HEALTH_PATH } from '../support/deploy-apps.js';
import { removeApp, sshDeployInputs } from '../support/deploy-settings.js';
import { httpGet } from '../support/deploy-load.js';
import { runAction } from '../support/run-action.js';
import { testbed, type Testbed } from '../support/testbed.js';

// Issue 24: log-opts values may be credentials (splunk-token, a loki URL with a password). Through
// dist/index.js: the deploy runs with them, the record keeps the option names only, the log masks them.
const APP = 'i24-logs';
const PORT = 18242;
const TOKEN = 'i24-splunk-hec-token-6f1c2a9e0b7d';
const PASSWORD = 'i24-url-password-s3cr3t';
let tb: Testbed;
let image = '';

describe('log-opts credentials in the record and the log', () => {
  beforeAll(async () => {
    tb = testbed();
    await removeApp(APP);
    image = await counterApp(tb, 'i24/logs', 'v1');
  }, 240_000);
  afterAll(() => removeApp(APP), 120_000);

  it('a splunk deploy: the app serves, the record names the options without their values, the log only masks them', async () => {
    const r = await runAction({
      entry: 'deploy',
      timeoutMs: 300_000,
      inputs: {
        ...sshDeployInputs(tb, APP, PORT),
        image,
        'health-path': HEALTH_PATH,
        'soak-seconds': '1',
        'log-driver': 'splunk',
        // Nothing listens there; without the connection check the driver starts and drops the lines.
        'log-opts': `splunk-token=${TOKEN}\nsplunk-url=http://app:${PASSWORD}@127.0.0.1:9\nsplunk-verify-connection=false`,
      },
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((await httpGet(PORT, '/')).body.trim()).toBe('v1');
    const record = await readFile(r.outputs['record-path']!, 'utf8');
    expect(JSON.parse(record).deploy.log).toEqual({ driver: 'splunk', option_names: ['splunk-token', 'splunk-url', 'splunk-verify-connection'] });
    for (const secret of [TOKEN, PASSWORD]) {
      expect(record).not.toContain(secret);
      expect(r.summary).not.toContain(secret);
      // Masked before anything else is printed; the runner hides every later occurrence.
      expect(r.stdout).toContain(`::add-mask::${secret}`);
      const printed = (r.stdout + r.stderr).split('\n').filter((l) => !l.startsWith('::add-mask::'));
      expect(printed.filter((l) => l.includes(secret)), `${secret} printed besides its masks`).toEqual([]);
    }
  }, 320_000);
});
