import { abLoad, type LoadResult } from '../test/support/deploy-load.js';

export const MIN_REQUESTS = 2000;
export const counts = (l: LoadResult) => `${l.failed} failed, ${l.non2xx} non-2xx of ${l.complete}${l.complete < MIN_REQUESTS ? ` (fewer than the ${MIN_REQUESTS} target)` : ''}`;

/**
 * Runs `fn` while ab loads `host` through the host proxy on 127.0.0.1:`port`, plain and keep-alive at
 * once, for at least `minMs` in all (on a loaded 2-core machine busybox httpd answers ~40 requests/s,
 * so the load goes on after `fn` until the 2,000 requests are likely reached).
 */
export async function underAb<T>(port: number, host: string, fn: () => Promise<T>, minMs = 60_000): Promise<{ value: T; plain: LoadResult; keep: LoadResult; ms: number }> {
  const loads = [false, true].map((keepAlive) => abLoad(port, { requests: 500000, seconds: 120, keepAlive, host }));
  await new Promise((r) => setTimeout(r, 300));
  const start = Date.now();
  const value = await fn();
  const ms = Date.now() - start;
  await new Promise((r) => setTimeout(r, Math.max(300, minMs - ms - 300)));
  for (const l of loads) l.stop();
  const [plain, keep] = await Promise.all(loads.map((l) => l.done));
  return { value, plain: plain!, keep: keep!, ms };
}
