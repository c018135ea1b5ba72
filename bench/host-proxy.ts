// Host proxy benchmark (issue 12): requests failed on another app while one app is swapped, added and
// removed on the shared host proxy (ab, plain and keep-alive, ≥ 2,000 requests each), and the time from
// healthy to routed; then the same on a host proxy carrying 200 apps and 1,000 host names
// (host-proxy-scale.ts). Alone: `npm run bench -- host-proxy`.
import { deploy, remove } from '../src/deploy/index.js';
import type { RouteSettings } from '../src/settings/route.js';
import { buildTestApp } from '../test/support/deploy-apps.js';
import { memoryLogger, removeApp, sshSettings } from '../test/support/deploy-settings.js';
import { run as runCmd } from '../test/support/process.js';
import type { BenchContext, BenchRow } from './bench-context.js';
import { counts, underAb } from './host-proxy-load.js';
import { benchHostProxyScale } from './host-proxy-scale.js';

const PROXY = 'bench-host-proxy';
const [A, B, C] = ['bench-hp-a', 'bench-hp-b', 'bench-hp-c'];
const HTTP = 18780;

const route = (app: string): RouteSettings => ({ hosts: [`${app}.test`], tls: 'off', httpPort: { address: '127.0.0.1', port: HTTP }, httpsPort: { address: '127.0.0.1', port: HTTP + 1 } });
const onB = <T>(fn: () => Promise<T>) => underAb(HTTP, `${B}.test`, fn);

async function cleanup(): Promise<void> {
  for (const app of [A, B, C]) await removeApp(app);
  await runCmd('docker', ['rm', '-f', PROXY, `shipshape-lock-${PROXY}`]);
  await runCmd('docker', ['volume', 'rm', '-f', `${PROXY}-state`]);
}

export async function benchHostProxy(ctx: BenchContext): Promise<BenchRow[]> {
  const tb = ctx.testbed;
  const before = process.env.SHIPSHAPE_HOST_PROXY_NAME;
  process.env.SHIPSHAPE_HOST_PROXY_NAME = PROXY;
  await cleanup();
  ctx.log('host-proxy bench: building app images v1, v2');
  const v1 = await buildTestApp(tb, 'v1', 'bench-hp/app');
  const v2 = await buildTestApp(tb, 'v2', 'bench-hp/app');
  const settings = (app: string) => sshSettings(tb, app, HTTP + 2, { soakSeconds: 2, route: route(app) });
  const ship = (app: string, image: string) => deploy(settings(app), { image, owner: { id: `bench-${app}-${Date.now()}` }, logger: memoryLogger(), mask: () => {} });
  const rows: BenchRow[] = [];
  try {
    await ship(A, v1);
    await ship(B, v1);
    ctx.log('host-proxy bench: swap A v1 → v2 under load on B');
    const swap = await onB(() => ship(A, v2));
    ctx.log('host-proxy bench: add C under load on B');
    const add = await onB(() => ship(C, v1));
    ctx.log('host-proxy bench: remove C under load on B');
    const rm = await onB(() => remove(settings(C), { owner: { id: 'bench-remove' }, logger: memoryLogger(), mask: () => {} }));
    rows.push(
      { name: 'host proxy: swap one app, other app plain', seconds: swap.ms / 1000, note: counts(swap.plain) },
      { name: 'host proxy: swap one app, other app keep-alive', seconds: swap.ms / 1000, note: counts(swap.keep) },
      { name: 'host proxy: add an app (reload), other app plain', seconds: add.ms / 1000, note: counts(add.plain) },
      { name: 'host proxy: add an app (reload), other app keep-alive', seconds: add.ms / 1000, note: counts(add.keep) },
      { name: 'host proxy: remove an app (reload), other app plain', seconds: rm.ms / 1000, note: counts(rm.plain) },
      { name: 'host proxy: remove an app (reload), other app keep-alive', seconds: rm.ms / 1000, note: counts(rm.keep) },
      { name: 'host proxy: healthy → routed (swap)', seconds: (swap.value.switchMs ?? 0) / 1000, note: 'runtime API under the host lock, over ssh://' },
      { name: 'host proxy: healthy → routed (new app)', seconds: (add.value.switchMs ?? 0) / 1000, note: 'its backend was added by the reload before the gate' },
    );
  } catch (e) {
    // The part at 200 apps has its own proxy and ports: it still runs.
    rows.push({ name: 'host proxy (3 apps): failed', seconds: 0, note: String((e as Error).message ?? e).split('\n')[0]!.slice(0, 300) });
  } finally {
    await cleanup();
    if (before === undefined) delete process.env.SHIPSHAPE_HOST_PROXY_NAME;
    else process.env.SHIPSHAPE_HOST_PROXY_NAME = before;
  }
  return [...rows, ...(await benchHostProxyScale(ctx, { v1, v2 }))];
}
