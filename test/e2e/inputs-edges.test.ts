import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushByDigest } from '../support/deploy-apps.js';
import { removeApp, removeHostProxyAndApps, sshDeployInputs } from '../support/deploy-settings.js';
import { runOk } from '../support/process.js';
import { runAction, type ActionRun } from '../support/run-action.js';
import { testbed, type Testbed } from '../support/testbed.js';

// Issue 24 through dist/index.js: log-opts reach the engine as Docker's --log-opt would (one option a
// line, commas in a value kept); out-of-range limits and unreachable path prefixes are refused up front;
// a tampered acme-apps.json on the host proxy is refused by renew, naming the file, and nothing is loaded.

const APP = 'ed-logs';
const WEB = 'ed-web';
const PROXY = 'ed-hp';
let tb: Testbed;
let image = '';
let web = '';

/** The testbed base committed with `cmd` as ed-edges/<name>:1, pushed, returned by digest. */
async function commitImage(name: string, cmd: string[]): Promise<string> {
  const container = `ed-build-${name}-${process.pid}`;
  await runOk('docker', ['create', '--name', container, tb.baseImage, 'sh']);
  try {
    const ref = `${tb.registries.anon}/ed-edges/${name}:1`;
    await runOk('docker', ['commit', '--change', `CMD ${JSON.stringify(cmd)}`, container, ref]);
    return await pushByDigest(tb, `ed-edges/${name}`, ref);
  } finally {
    await runOk('docker', ['rm', '-f', container]).catch(() => '');
  }
}

const failure = (run: ActionRun) => `exit ${run.code}\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`;

describe('input edges (issue 24)', () => {
  beforeAll(async () => {
    tb = testbed();
    await removeApp(APP);
    await removeHostProxyAndApps(PROXY, [WEB]);
    [image, web] = await Promise.all([
      commitImage('worker', ['sh', '-c', "trap 'exit 0' TERM; sleep 3600 & wait"]),
      commitImage('web', ['sh', '-c', "mkdir -p /w && echo ok > /w/index.html && trap 'exit 0' TERM; httpd -f -p 8080 -h /w & wait"]),
    ]);
  }, 120_000);
  afterAll(async () => {
    await removeApp(APP);
    await removeHostProxyAndApps(PROXY, [WEB]);
  }, 60_000);

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

  it('renew refuses a tampered acme-apps.json on the host proxy, naming the file there, and loads nothing', async () => {
    const env = { SHIPSHAPE_HOST_PROXY_NAME: PROXY };
    const { 'public-port': _unused, ...conn } = sshDeployInputs(tb, WEB, 1);
    const hostPorts = { 'http-port': '127.0.0.1:18280', 'https-port': '127.0.0.1:18643' };
    const deployed = await runAction({ entry: 'deploy', env, inputs: { ...conn, ...hostPorts, image: web, hosts: 'ed-web.test', 'soak-seconds': '0' }, timeoutMs: 180_000 });
    expect(deployed.code, failure(deployed)).toBe(0);
    const file = '/usr/local/etc/haproxy/acme-apps.json';
    const tampered = JSON.stringify({ 'x.pem\nset ssl cert /etc/passwd': { hosts: ['ed-web.test'], directory: 'https://127.0.0.1:9/dir' } });
    await runOk('docker', ['exec', '-i', '-u', '0', PROXY, 'sh', '-c', `cat > ${file}`], { input: tampered });
    const certsBefore = await runOk('docker', ['exec', PROXY, 'ls', '/usr/local/etc/haproxy']);
    const renewed = await runAction({ entry: 'deploy', env, inputs: { ...conn, ...hostPorts, renew: 'true', image: '' }, timeoutMs: 120_000 });
    expect(renewed.code, failure(renewed)).not.toBe(0);
    expect(renewed.stdout).toMatch(/^::error::renew .*: \/usr\/local\/etc\/haproxy\/acme-apps\.json in the host proxy ed-hp: an entry has the app name "x\.pem\\nset ssl cert \/etc\/passwd", which shipshape never writes; fix or remove the entry/m);
    expect(renewed.stdout).not.toMatch(/ACME: ordering/);
    expect(await runOk('docker', ['exec', PROXY, 'ls', '/usr/local/etc/haproxy'])).toBe(certsBefore);
  }, 300_000);

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
