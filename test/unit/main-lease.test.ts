// Main's lease (src/github/main-lease.ts): the post step knows whether main still runs and stops it,
// bounded, before it finishes or undoes anything.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { leaseAlive, leasePath, readLease, stopMain } from '../../src/github/main-lease.js';
import { repoRoot } from '../support/repo-root.js';

let dir: string;
const children: ChildProcess[] = [];
const saved = { RUNNER_TEMP: process.env.RUNNER_TEMP, GITHUB_ACTION: process.env.GITHUB_ACTION };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hn-lease-'));
  Object.assign(process.env, { RUNNER_TEMP: dir, GITHUB_ACTION: '__hn_lease' });
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
  await rm(dir, { recursive: true, force: true });
});

/** A stand-in main: writes its lease with the real writeLease, then waits; on SIGTERM it saves `canceled` (unless told to ignore it). */
async function fakeMain(id: string, onTerm: 'save-and-exit' | 'ignore'): Promise<ChildProcess> {
  const file = path.join(dir, `main-${id}.ts`);
  await writeFile(file, `import { writeLease } from ${JSON.stringify(path.join(repoRoot, 'src/github/main-lease.ts'))};
writeLease(${JSON.stringify(id)}, { phase: 'gated' });
process.on('SIGTERM', () => { ${onTerm === 'ignore' ? '' : `writeLease(${JSON.stringify(id)}, { phase: 'gated', canceled: true }); process.exit(143);`} });
console.log('ready');
setInterval(() => {}, 1000);
`);
  const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: repoRoot, env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', () => reject(new Error('the stand-in main ended early')));
  });
  return child;
}

describe('main lease', () => {
  it('a running main is stopped by SIGTERM; post then reads the state it left last', async () => {
    await fakeMain('a1', 'save-and-exit');
    const lease = readLease('a1')!;
    expect(lease.state).toEqual({ phase: 'gated' });
    expect(leaseAlive(lease)).toBe(true);
    expect(await stopMain(lease)).toEqual({ wasRunning: true, ended: true, how: 'SIGTERM' });
    expect(readLease('a1')!.state).toEqual({ phase: 'gated', canceled: true });
  });

  it('a main that ignores SIGTERM is killed after the bound', async () => {
    const child = await fakeMain('a2', 'ignore');
    const started = Date.now();
    const stop = await stopMain(readLease('a2')!, 500, 3_000);
    expect(stop).toEqual({ wasRunning: true, ended: true, how: 'SIGKILL' });
    expect(Date.now() - started).toBeLessThan(3_000);
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(undefined) : child.once('exit', r)));
    expect(child.signalCode).toBe('SIGKILL');
  });

  it('a main that ended is not running; a reused pid is not taken for it; another run\'s lease is not read', async () => {
    const child = await fakeMain('a3', 'save-and-exit');
    const lease = readLease('a3')!;
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(leaseAlive(lease)).toBe(false);
    expect(await stopMain(lease)).toEqual({ wasRunning: false, ended: true });
    expect(leaseAlive({ ...lease, pid: process.pid, started: '1' })).toBe(false);
    expect(readLease('another-run')).toBeUndefined();
    expect(leasePath()).toBe(path.join(dir, 'shipshape', 'main', '__hn_lease.json'));
  });
});
