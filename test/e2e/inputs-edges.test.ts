import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushByDigest } from '../support/deploy-apps.js';
import { removeApp, sshDeployInputs } from '../support/deploy-settings.js';
import { runOk } from '../support/process.js';
import { runAction, type ActionRun } from '../support/run-action.js';
import { testbed, type Testbed } from '../support/testbed.js';

// Issue 24 through dist/index.js: log-opts reach the engine as Docker's --log-opt would (one option a
// line, commas in a value kept); out-of-range limits and unreachable path prefixes are refused up front.

const APP = 'ed-logs';
const REPO = 'ed-edges/worker';
let tb: Testbed;
let image = '';

const failure = (run: ActionRun) => `exit ${run.code}\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`;

describe('input edges (issue 24)', () => {
  beforeAll(async () => {
    tb = testbed();
    await removeApp(APP);
    const container = `ed-build-${process.pid}`;
    await runOk('docker', ['create', '--name', container, tb.baseImage, 'sh']);
    try {
      const ref = `${tb.registries.anon}/${REPO}:1`;
      await runOk('docker', ['commit', '--change', `CMD ["sh","-c","trap 'exit 0' TERM; sleep 3600 & wait"]`, container, ref]);
      image = await pushByDigest(tb, REPO, ref);
    } finally {
      await runOk('docker', ['rm', '-f', container]).catch(() => '');
    }
  }, 120_000);
  afterAll(() => removeApp(APP), 60_000);

  it('log-opts: labels=team,env and tag=x,b=c reach the container whole', async () => {
    const run = await runAction({
      entry: 'deploy',
      inputs: { ...sshDeployInputs(tb, APP, 18240), image, role: 'worker', 'ready-seconds': '1', 'soak-seconds': '0', 'log-opts': 'labels=team,env\ntag=x,b=c\nmax-size=1m' },
      timeoutMs: 180_000,
    });
    expect(run.code, failure(run)).toBe(0);
    const color = run.outputs.color;
    const log = JSON.parse(await runOk('docker', ['inspect', '--format', '{{json .HostConfig.LogConfig}}', `${APP}-${color}`]));
    expect(log).toEqual({ Type: 'json-file', Config: { labels: 'team,env', tag: 'x,b=c', 'max-size': '1m' } });
  }, 200_000);

  const base = { image: `127.0.0.1:5000/ed-edges/web@sha256:${'a'.repeat(64)}`, 'deploy-host': 'unix:///var/run/ed-no-such.sock' };
  for (const [inputs, message] of [
    [{ memory: '9999999999g' }, /Input 'memory': "9999999999g" is out of range: a memory limit is from 6m to 1048576g/],
    [{ hosts: 'ed.test', 'path-prefix': '/api/../x' }, /Input 'path-prefix': "\/api\/\.\.\/x" has a \. or \.\. segment/],
    [{ hosts: 'ed.test', 'path-prefix': '//' }, /Input 'path-prefix': "\/\/" has an empty segment \(\/\/\); leave path-prefix empty to route the whole host/],
    [{ 'log-opts': 'max-size=1m\nmax-size=2m' }, /Input 'log-opts': "max-size" is given twice/],
  ] as const) {
    it(`refuses ${JSON.stringify(inputs)} before anything connects`, async () => {
      const run = await runAction({ inputs: { ...base, ...inputs }, entry: 'deploy' });
      expect(run.code).not.toBe(0);
      expect(run.stdout).toMatch(message);
      expect(run.stdout).not.toMatch(/ed-no-such\.sock.*(connect|ENOENT)/);
    });
  }
});
