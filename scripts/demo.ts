// `npm run demo`: the main job on the built-in example. Builds examples/app for linux/amd64 + linux/arm64
// on the testbed's busybox base, pushes it to the local registry, and deploys it blue-green to the local
// Docker host over SSH — twice (v1 goes live as blue, v2 as green) — then prints the URL and record paths.
// Then the host proxy: the same image routed by host name on the host-wide proxy with a certificate from
// ACME (the testbed's pebble validates the challenge through the proxy), served over HTTPS, and torn
// down again with remove: true (so the demo leaves the testbed's ACME port free for the tests).
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { pebbleRoot } from '../test/support/acme.js';
import { httpsGet } from '../test/support/host-proxy-tls.js';
import { run } from '../test/support/process.js';
import { repoRoot, runAction, type ActionRun } from '../test/support/run-action.js';
import { testbed } from '../test/support/testbed.js';

const PUBLIC = '127.0.0.1:8088';
const HOST = 'demo.shipshape.test';
const HTTPS_PORT = 8443;
const HOST_PROXY = 'shipshape-demo-host-proxy';

async function main(): Promise<void> {
  const tb = testbed();
  const work = await mkdtemp(path.join(os.tmpdir(), 'shipshape-demo-'));
  await cp(path.join(repoRoot, 'examples/app'), work, { recursive: true });
  const inputs = {
    context: work,
    image: `${tb.registries.anon}/demo/shipshape-example`,
    tags: 'latest',
    base: tb.baseImage,
    cmd: 'httpd -f -p 8080 -h /app/public',
    expose: '8080',
    'cache-dir': path.join(os.tmpdir(), 'shipshape-demo-cache'),
    'deploy-host': tb.ssh.url,
    'ssh-private-key': tb.ssh.privateKey,
    'ssh-known-hosts': tb.ssh.knownHosts,
    'docker-socket': tb.dockerSocket,
    app: 'demo',
    'proxy-image': tb.proxyImage,
    'public-port': PUBLIC,
    'health-path': '/healthz',
    'health-timeout-seconds': '30',
    'soak-seconds': '3',
  };
  let live = '';
  for (const version of ['v1', 'v2']) {
    await writeFile(path.join(work, 'public/version.txt'), `${version}\n`);
    console.log(`\n==> shipshape ${version}: build, push, deploy`);
    const r = await runAction({ inputs, env: { SOURCE_DATE_EPOCH: '1700000000', GITHUB_REPOSITORY: 'shipshape/demo' } });
    report(r);
    if (r.code !== 0) process.exit(1);
    live = r.outputs.image ?? '';
  }
  const res = await fetch(`http://${PUBLIC}/version.txt`);
  console.log(`\nThe example app is live at http://${PUBLIC}/ (version.txt says ${(await res.text()).trim()}).`);
  await hostProxy(tb, inputs, live);
}

/** The v2 image once more, as `hosts: demo.shipshape.test` with `tls: acme` on the host-wide proxy; then removed. */
async function hostProxy(tb: ReturnType<typeof testbed>, inputs: Record<string, string>, image: string): Promise<void> {
  const { context: _c, tags: _t, base: _b, cmd: _cmd, expose: _e, 'cache-dir': _cache, 'public-port': _p, ...connection } = inputs;
  const env = { NODE_EXTRA_CA_CERTS: tb.acme.directoryCaPath, SHIPSHAPE_HOST_PROXY_NAME: HOST_PROXY, GITHUB_REPOSITORY: 'shipshape/demo' };
  await run('docker', ['rm', '-f', HOST_PROXY]);
  await run('docker', ['volume', 'rm', '-f', `${HOST_PROXY}-state`]);
  console.log(`\n==> shipshape on the host proxy: ${HOST} with tls: acme (pebble), deploy entry, image ${image}`);
  const r = await runAction({
    entry: 'deploy',
    env,
    inputs: {
      ...connection,
      app: 'demo-tls',
      image,
      hosts: HOST,
      tls: 'acme',
      'acme-email': 'ops@shipshape.test',
      'acme-directory': tb.acme.directory,
      'http-port': `127.0.0.1:${tb.acme.httpPort}`,
      'https-port': `127.0.0.1:${HTTPS_PORT}`,
    },
  });
  report(r);
  if (r.code !== 0) process.exit(1);
  const got = await httpsGet({ port: HTTPS_PORT, host: HOST, servername: HOST, ca: await pebbleRoot(tb.acme.roots), path: '/version.txt' });
  console.log(`url:         ${r.outputs.url} answered ${got.status} over verified TLS (${got.subject}): version.txt says ${got.body.trim()}`);
  console.log(`\n==> remove: true for demo-tls (route, certificate, containers, state)`);
  const removed = await runAction({ entry: 'deploy', env, inputs: { ...connection, app: 'demo-tls', remove: 'true' } });
  report(removed);
  if (removed.code !== 0) process.exit(1);
  await run('docker', ['rm', '-f', HOST_PROXY]);
  await run('docker', ['volume', 'rm', '-f', `${HOST_PROXY}-state`]);
}

function report(r: ActionRun): void {
  process.stdout.write(r.stdout.replace(/^::(debug|add-mask|save-state|set-output)::[^\n]*\n/gm, ''));
  if (r.code !== 0) process.stdout.write(r.stderr);
  const o = r.outputs;
  console.log(`image:       ${o.image ?? '-'}`);
  console.log(`fingerprint: ${o.fingerprint ?? '-'} (cache-hit: ${o['cache-hit'] ?? '-'})`);
  console.log(`color:       ${o['previous-color'] || 'none'} -> ${o.color ?? '-'}`);
  if (o.sbom) console.log(`sbom:        ${o.sbom}`);
  if (o.provenance) console.log(`provenance:  ${o.provenance}`);
  console.log(`record:      ${o['record-path'] ?? '-'}`);
}

await main();
