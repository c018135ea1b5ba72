import { spawn } from 'node:child_process';
import { request } from 'node:http';

export interface LoadResult {
  complete: number;
  failed: number;
  non2xx: number;
  raw: string;
}

/**
/**
 * Runs `ab` against 127.0.0.1:port (or `address`: a testbed namespace's address) with 4 clients (or
 * `concurrency`), bounded by `requests` and `seconds` (whichever comes first). `keepAlive` adds -k;
 * `host` sets the Host header (the host proxy routes by it).
 */
export function abLoad(
  port: number,
  o: { requests: number; seconds: number; keepAlive?: boolean; path?: string; host?: string; address?: string; concurrency?: number },
): { done: Promise<LoadResult>; stop: () => void } {
  const args = ['-q', '-r', '-s', '10', '-c', String(o.concurrency ?? 4), '-t', String(o.seconds), '-n', String(o.requests), ...(o.keepAlive ? ['-k'] : []), ...(o.host ? ['-H', `Host: ${o.host}`] : []), `http://${o.address ?? '127.0.0.1'}:${port}${o.path ?? '/'}`];
  const child = spawn('ab', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const done = new Promise<LoadResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => {
      const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? 0);
      const complete = num(/Complete requests:\s+(\d+)/);
      if (!/Complete requests/.test(out)) return reject(new Error(`ab did not report results:\n${out.slice(-2000)}`));
      resolve({ complete, failed: num(/Failed requests:\s+(\d+)/), non2xx: num(/Non-2xx responses:\s+(\d+)/), raw: out });
    });
  });
  return { done, stop: () => child.kill('SIGINT') };
}

/** GET http://127.0.0.1:port/path with `Host: host` (how the host proxy routes) → { status, trimmed body }. */
export function hostGet(port: number, host: string, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, path, headers: { host }, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: body.trim() }));
    });
    r.on('timeout', () => r.destroy(new Error(`GET ${host}${path} on 127.0.0.1:${port} timed out`)));
    r.on('error', reject);
    r.end();
  });
}

/** GET http://127.0.0.1:port/path → { status, body } (a fresh connection). */
export function httpGet(port: number, path = '/', host = '127.0.0.1'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = request({ host, port, path, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    r.on('timeout', () => r.destroy(new Error(`GET ${host}:${port}${path} timed out`)));
    r.on('error', reject);
    r.end();
  });
}

/** Waits until the route answers `body` (bounded); `at` another path or address than / on 127.0.0.1. */
export async function waitForBody(port: number, body: string, timeoutMs = 10000, at: { path?: string; host?: string } = {}): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < end) {
    const r = await httpGet(port, at.path, at.host).catch((e: Error) => ({ status: 0, body: e.message }));
    if (r.status === 200 && r.body === body) return;
    last = `${r.status} ${r.body}`;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`${at.host ?? '127.0.0.1'}:${port}${at.path ?? ''} did not answer ${JSON.stringify(body)} within ${timeoutMs} ms (last: ${last})`);
}

/**
 * Kills the sshd process serving this process's SSH connection(s) to `port`: matched through
 * `ss -tnp` by our local port, so other sessions on the same sshd are left alone.
 */
export async function killOwnSshSession(port: number): Promise<number[]> {
  const { runOk } = await import('./process.js');
  const ours = await runOk('ss', ['-tnpH', 'state', 'established', `( dport = :${port} )`]);
  const localPorts = ours
    .split('\n')
    .filter((l) => l.includes(`pid=${process.pid},`))
    .map((l) => /\S+:(\d+)\s+\S+:\d+/.exec(l)?.[1])
    .filter((p): p is string => !!p);
  const servers = await runOk('ss', ['-tnpH', 'state', 'established', `( sport = :${port} )`]);
  const pids: number[] = [];
  for (const line of servers.split('\n')) {
    const peer = /\S+:\d+\s+\S+:(\d+)/.exec(line)?.[1];
    const pid = /"sshd[^"]*",pid=(\d+)/.exec(line)?.[1];
    if (peer && pid && localPorts.includes(peer)) pids.push(Number(pid));
  }
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  return pids;
}

type LoadOptions = { address?: string; seconds?: number; label?: string; concurrency?: number };

/** Runs fn while each of `kinds` (plain or keep-alive ab) loads the route; fn's outcome and each load's counts, in order. */
async function duringLoads<T>(port: number, kinds: boolean[], fn: () => Promise<T>, o: LoadOptions) {
  const loads = kinds.map((keepAlive) => abLoad(port, { requests: 400000, seconds: o.seconds ?? 90, keepAlive, address: o.address, concurrency: o.concurrency }));
  await new Promise((r) => setTimeout(r, 500));
  let outcome: { value?: T; error?: unknown };
  try {
    outcome = { value: await fn() };
  } catch (error) {
    outcome = { error };
  }
  await new Promise((r) => setTimeout(r, 500));
  for (const l of loads) l.stop();
  const counts = await Promise.all(loads.map((l) => l.done));
  counts.forEach((c, i) => console.log(`${o.label ?? ''}ab${kinds[i] ? ' -k' : ''}: ${c.complete} requests, ${c.failed} failed, ${c.non2xx} non-2xx`));
  return { outcome, counts };
}

/** Runs fn while ab loads the route (`address`, else 127.0.0.1); returns fn's outcome and ab's counts. */
export async function underLoad<T>(port: number, keepAlive: boolean, fn: () => Promise<T>, o: LoadOptions = {}) {
  const { outcome, counts } = await duringLoads(port, [keepAlive], fn, o);
  return { ...outcome, load: counts[0]! };
}

/**
 * Runs `fn` under plain and keep-alive ab load at once (two clients of each), so one swap is checked
 * against both kinds of client: fresh connections, and connections kept across the switch.
 */
export async function underBothLoads<T>(port: number, fn: () => Promise<T>, o: Omit<LoadOptions, 'concurrency'> = {}) {
  const { outcome, counts } = await duringLoads(port, [false, true], fn, { ...o, concurrency: 2 });
  return { ...outcome, plain: counts[0]!, keep: counts[1]! };
}
