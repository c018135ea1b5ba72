// ACME benchmark: the time of a deploy with tls: acme that reuses its stored certificate next to one that
// obtains a new one from pebble (HTTP-01 through the host proxy), same app, same machine, same run.
// Alone: `npm run bench -- acme` (bench.sh trusts the testbed's ACME directory through NODE_EXTRA_CA_CERTS).
import { deploy } from '../src/deploy/index.js';
import type { DeploySettings } from '../src/settings/index.js';
import { buildTestApp } from '../test/support/deploy-apps.js';
import { memoryLogger, removeApp, sshSettings } from '../test/support/deploy-settings.js';
import { run } from '../test/support/process.js';
import type { BenchContext, BenchRow } from './bench-context.js';

const APP = 'acme-bench';
const PROXY = 'acme-bench-proxy';
const HOST = 'bench.acme-bench.test';

export async function benchAcme(ctx: BenchContext): Promise<BenchRow[]> {
  const tb = ctx.testbed;
  if (process.env.NODE_EXTRA_CA_CERTS !== tb.acme.directoryCaPath) {
    throw new Error(`NODE_EXTRA_CA_CERTS must be ${tb.acme.directoryCaPath} when the bench starts (scripts/bench.sh sets it)`);
  }
  process.env.SHIPSHAPE_HOST_PROXY_NAME = PROXY;
  const cleanup = async () => {
    await removeApp(APP);
    await run('docker', ['rm', '-f', PROXY, `shipshape-lock-${PROXY}`]);
    await run('docker', ['volume', 'rm', '-f', `${PROXY}-state`]);
  };
  await cleanup();
  const v1 = await buildTestApp(tb, 'v1', 'acme-bench/app');
  const v2 = await buildTestApp(tb, 'v2', 'acme-bench/app');
  const settings = (hosts: string[]): DeploySettings =>
    sshSettings(tb, APP, 1, {
      soakSeconds: 1,
      route: { hosts, tls: 'acme', acme: { directory: tb.acme.directory }, httpPort: { address: '127.0.0.1', port: tb.acme.httpPort }, httpsPort: { address: '127.0.0.1', port: 18585 } },
    });
  const timed = async (image: string, hosts: string[], id: string) => {
    const logger = memoryLogger();
    const start = Date.now();
    await deploy(settings(hosts), { image, owner: { id }, logger, mask: () => {} });
    return { ms: Date.now() - start, ordered: logger.lines.some((l) => l.startsWith('ACME: ordering')) };
  };
  try {
    ctx.log('acme bench: first deploy (creates the host proxy, obtains a certificate)');
    await timed(v1, [HOST], 'acme-bench-1');
    ctx.log('acme bench: deploy reusing the certificate');
    const reuse = await timed(v2, [HOST], 'acme-bench-2');
    ctx.log('acme bench: deploy obtaining a new certificate (a name added)');
    const obtain = await timed(v1, [HOST, `www.${HOST}`], 'acme-bench-3');
    if (reuse.ordered || !obtain.ordered) throw new Error(`acme bench: expected reuse then a new order, got ordered=${reuse.ordered}/${obtain.ordered}`);
    return [
      { name: 'deploy with tls: acme, certificate reused', seconds: reuse.ms / 1000, note: 'no ACME exchange' },
      { name: 'deploy with tls: acme, certificate obtained', seconds: obtain.ms / 1000, note: `pebble HTTP-01 through the host proxy; a name added, so it includes one hitless reload; +${((obtain.ms - reuse.ms) / 1000).toFixed(1)} s` },
    ];
  } finally {
    await cleanup();
  }
}
