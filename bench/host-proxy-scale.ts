// The host proxy at scale: one proxy carrying 200 apps and 1,000 host names (495 with TLS, every tenth
// app with a path prefix). Apps A, B and C are real deploys of the test app; the 197 others are entries
// in the proxy's app list whose live servers are DNS aliases of one small container (HAProxy answering
// 200 to anything): 200 real app containers would not fit this 2-core machine beside the load.
// Measured: the reload to 197 apps, `haproxy -c` of the config, the time to swap A, add C and remove C
// with ab on B (plain and keep-alive, ≥ 2,000 requests each), healthy → routed, the proxy's memory.
import { deploy, remove } from '../src/deploy/index.js';
import { NETWORK } from '../src/deploy/core/spec.js';
import { EngineClient } from '../src/deploy/engine/client.js';
import { Docker } from '../src/deploy/engine/docker.js';
import { unixTransport } from '../src/deploy/engine/transport.js';
import { CONFIG_DIR, CONFIG_FILE } from '../src/deploy/haproxy.js';
import { hostProxyConfig } from '../src/deploy/placements/host-proxy/config.js';
import { ensureHostProxy, reloadHostProxy } from '../src/deploy/placements/host-proxy/container.js';
import type { HostProxyState } from '../src/deploy/placements/host-proxy/apps.js';
import type { RouteSettings } from '../src/settings/route.js';
import { memoryLogger, removeApp, sshSettings } from '../test/support/deploy-settings.js';
import { hostGet } from '../test/support/deploy-load.js';
import { manyApps, startBackgroundApps } from '../test/support/host-proxy-maps.js';
import { run as runCmd, runOk } from '../test/support/process.js';
import type { BenchContext, BenchRow } from './bench-context.js';
import { counts, underAb } from './host-proxy-load.js';

const PROXY = 'bench-scale-proxy';
const BACKGROUND = 'bench-scale-bg';
const [A, B, C] = ['bench-sc-a', 'bench-sc-b', 'bench-sc-c'];
const HTTP = 18790;
const PORTS = { httpPort: { address: '127.0.0.1', port: HTTP }, httpsPort: { address: '127.0.0.1', port: HTTP + 1 } };
const names = (app: string) => Array.from({ length: 5 }, (_, i) => `${app}-${i}.test`);
const route = (app: string): RouteSettings => ({ hosts: names(app), tls: 'off', ...PORTS });

async function cleanup(): Promise<void> {
  for (const app of [A, B, C]) await removeApp(app);
  await runCmd('docker', ['rm', '-f', PROXY, BACKGROUND, `shipshape-lock-${PROXY}`]);
  await runCmd('docker', ['volume', 'rm', '-f', `${PROXY}-state`]);
}

/** The proxy's processes' own memory (anonymous, from its cgroup: v2 `anon`, v1 `total_rss`), MiB. */
async function memoryMiB(): Promise<number> {
  const stat = await runOk('docker', ['exec', PROXY, 'sh', '-c', 'cat /sys/fs/cgroup/memory.stat 2>/dev/null || cat /sys/fs/cgroup/memory/memory.stat']);
  const bytes = Number(/^(?:anon|total_rss) (\d+)$/m.exec(stat)?.[1]);
  if (!Number.isFinite(bytes)) throw new Error(`no anon or total_rss in the memory.stat of ${PROXY}: ${stat.slice(0, 200)}`);
  return bytes / 2 ** 20;
}

/** `fn`, with the proxy's memory sampled meanwhile: its peak (old and new worker side by side during a reload). */
async function withPeak<T>(fn: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = 0;
  let done = false;
  const sampler = (async () => {
    while (!done) {
      peak = Math.max(peak, await memoryMiB().catch(() => 0));
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  try {
    return { value: await fn(), peak };
  } finally {
    done = true;
    await sampler;
  }
}

export async function benchHostProxyScale(ctx: BenchContext, images: { v1: string; v2: string }): Promise<BenchRow[]> {
  const tb = ctx.testbed;
  const before = process.env.SHIPSHAPE_HOST_PROXY_NAME;
  process.env.SHIPSHAPE_HOST_PROXY_NAME = PROXY;
  const transport = unixTransport(tb.dockerSocket);
  await cleanup();
  const settings = (app: string) => sshSettings(tb, app, HTTP + 2, { soakSeconds: 2, route: route(app) });
  const owner = (app: string) => ({ id: `bench-${app}-${Date.now()}` });
  const ship = (app: string, image: string) => deploy(settings(app), { image, owner: owner(app), logger: memoryLogger(), mask: () => {} });
  const background = manyApps(197, 985, { prefix: 'bench' });
  const tlsNames = background.filter((a) => a.route.tls !== 'off').reduce((n, a) => n + a.route.hosts.length, 0);
  const rows: BenchRow[] = [];
  const row = (name: string, seconds: number, note: string) => rows.push({ name: `host proxy, 200 apps: ${name}`, seconds, note });
  try {
    const docker = new Docker(await new EngineClient(transport).connect());
    await docker.ensureNetwork(NETWORK);
    ctx.log(`host-proxy scale: ${background.length} background apps (${tlsNames} TLS names) on one container, ${BACKGROUND}`);
    await startBackgroundApps(BACKGROUND, background, { image: tb.proxyImage, network: NETWORK });
    const control = await ensureHostProxy(docker, { name: PROXY, image: tb.proxyImage, platform: `${docker.api.os}/${docker.api.arch}`, ...PORTS, config: () => hostProxyConfig([], { tls: true }), logger: memoryLogger() });
    const empty = await memoryMiB();
    // The app list the edge reads (apps.json in the proxy's state volume), then the config it would write.
    const state: HostProxyState = { ...PORTS, apps: background };
    await docker.putFile(PROXY, CONFIG_DIR, 'apps.json', `${JSON.stringify(state, null, 2)}\n`);
    let t = Date.now();
    await reloadHostProxy(docker, control, hostProxyConfig(background, { tls: true }));
    row('reload from 0 to 197 apps (haproxy -c, new worker)', (Date.now() - t) / 1000, `${background.reduce((n, a) => n + a.route.hosts.length, 0)} host names`);
    for (let i = 0; i < 100 && (await hostGet(HTTP, `${background[196]!.app}-0.test`).catch(() => ({ status: 0 }))).status !== 200; i++) await new Promise((r) => setTimeout(r, 200));
    ctx.log('host-proxy scale: deploying A and B');
    await ship(A, images.v1);
    await ship(B, images.v1);
    t = Date.now();
    const check = await runCmd('docker', ['exec', PROXY, 'haproxy', '-c', '-q', '-f', `${CONFIG_DIR}/${CONFIG_FILE}`]);
    row('haproxy -c of the config (199 apps)', (Date.now() - t) / 1000, check.code === 0 ? 'valid' : `INVALID: ${check.stderr.slice(0, 200)}`);
    const loaded = await memoryMiB();
    t = Date.now();
    const current = await docker.getFile(PROXY, `${CONFIG_DIR}/apps.json`);
    await reloadHostProxy(docker, control, hostProxyConfig((JSON.parse(current!) as HostProxyState).apps, { tls: true }));
    row('one reload of the 199-app config (check, state, new worker)', (Date.now() - t) / 1000, 'reloadHostProxy alone: what each of an add\'s two reloads costs before the old worker drains');
    ctx.log('host-proxy scale: swap A v1 → v2 under load on B');
    const swap = await underAb(HTTP, `${B}-0.test`, () => withPeak(() => ship(A, images.v2)));
    ctx.log('host-proxy scale: add C (the 200th app) under load on B');
    const add = await underAb(HTTP, `${B}-0.test`, () => withPeak(() => ship(C, images.v1)));
    ctx.log(`host-proxy scale: the add's phases (ms): ${JSON.stringify(add.value.value.timings)}`);
    const full = await memoryMiB();
    ctx.log('host-proxy scale: remove C under load on B');
    const rm = await underAb(HTTP, `${B}-0.test`, () => withPeak(() => remove(settings(C), { owner: owner(C), logger: memoryLogger(), mask: () => {} })));
    for (const [what, r] of [
      ['swap one app (runtime API)', swap],
      ['add an app (two reloads)', add],
      ['remove an app (one reload)', rm],
    ] as const) {
      row(`${what}, other app plain`, r.ms / 1000, counts(r.plain));
      row(`${what}, other app keep-alive`, r.ms / 1000, counts(r.keep));
    }
    row('healthy → routed (swap)', (swap.value.value.switchMs ?? 0) / 1000, 'runtime API under the host lock (target ≤ 1 s)');
    row('healthy → routed (new app)', (add.value.value.switchMs ?? 0) / 1000, 'the commit: a hitless reload of the 200-app config (target ≤ 1 s)');
    const mib = (n: number) => `${n.toFixed(1)} MiB`;
    row('proxy memory', 0, `empty ${mib(empty)}; 199 apps ${mib(loaded)}; 200 apps ${mib(full)}; peak during swap ${mib(swap.value.peak)}, add ${mib(add.value.peak)}, remove ${mib(rm.value.peak)} (cgroup anon/rss, old and new worker during a reload)`);
  } catch (e) {
    row('failed', 0, String((e as Error).message ?? e).split('\n')[0]!.slice(0, 300));
  } finally {
    transport.close();
    await cleanup();
    if (before === undefined) delete process.env.SHIPSHAPE_HOST_PROXY_NAME;
    else process.env.SHIPSHAPE_HOST_PROXY_NAME = before;
  }
  return rows;
}
