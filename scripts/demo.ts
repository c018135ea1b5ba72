// `npm run demo`: the main job on the built-in example. Builds examples/app for linux/amd64 + linux/arm64
// on the testbed's busybox base, pushes it to the local registry, and deploys it blue-green to the local
// Docker host over SSH — twice (v1 goes live as blue, v2 as green) — then prints the URL and record paths.
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot, runAction, type ActionRun } from '../test/support/run-action.js';
import { testbed } from '../test/support/testbed.js';

const PUBLIC = '127.0.0.1:8088';

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
    app: 'shipshape-demo',
    'proxy-image': tb.proxyImage,
    'public-port': PUBLIC,
    'health-path': '/healthz',
    'health-timeout': '30',
    'soak-seconds': '3',
  };
  for (const version of ['v1', 'v2']) {
    await writeFile(path.join(work, 'public/version.txt'), `${version}\n`);
    console.log(`\n==> shipshape ${version}: build, push, deploy`);
    const r = await runAction({ inputs, env: { SOURCE_DATE_EPOCH: '1700000000', GITHUB_REPOSITORY: 'shipshape/demo' } });
    report(r);
    if (r.code !== 0) process.exit(1);
  }
  const res = await fetch(`http://${PUBLIC}/version.txt`);
  console.log(`\nThe example app is live at http://${PUBLIC}/ (version.txt says ${(await res.text()).trim()}).`);
}

function report(r: ActionRun): void {
  process.stdout.write(r.stdout.replace(/^::(debug|add-mask|save-state|set-output)::[^\n]*\n/gm, ''));
  if (r.code !== 0) process.stdout.write(r.stderr);
  const o = r.outputs;
  console.log(`image:       ${o.image ?? '-'}`);
  console.log(`fingerprint: ${o.fingerprint ?? '-'} (cache-hit: ${o['cache-hit'] ?? '-'})`);
  console.log(`color:       ${o['previous-color'] || 'none'} -> ${o.color ?? '-'}`);
  console.log(`record:      ${o['record-path'] ?? '-'}`);
}

await main();
