import { readFileSync, renameSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

// Main's lease in RUNNER_TEMP: its pid (with the process's start time, so a reused pid is not taken for
// it) and its newest state. The runner starts the post step only after main ended, but act starts it at
// once when a job is canceled and sends main no signal without a TTY (act docker_run.go, job_executor.go):
// post must not finish or undo a deploy main is still running. With the lease, post stops main (SIGTERM,
// as a runner's cancel would), waits for it, bounded, and then works from the state main left last, which
// the state act handed it (read when act gave up on main) may not be.

export interface Lease {
  id: string;
  pid: number;
  /** The process's start time in clock ticks after boot (/proc/<pid>/stat field 22); undefined off Linux. */
  started?: string;
  state: unknown;
}

/** Where main's lease is: RUNNER_TEMP, one file per step name (GITHUB_ACTION is unique in a job). */
export function leasePath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!env.RUNNER_TEMP || !env.GITHUB_ACTION) return undefined;
  return path.join(env.RUNNER_TEMP, 'shipshape', 'main', `${env.GITHUB_ACTION.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
}

export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) is in parentheses and may hold spaces: count from after it
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Written synchronously (a rename, so post never reads half a file): safe in a signal handler. */
export function writeLease(id: string, state: unknown): void {
  const file = leasePath();
  if (!file) return;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const lease: Lease = { id, pid: process.pid, started: processStart(process.pid), state };
    writeFileSync(`${file}.${process.pid}`, JSON.stringify(lease));
    renameSync(`${file}.${process.pid}`, file);
  } catch {
    // without a lease post works from GITHUB_STATE alone, as on the runner
  }
}

export function readLease(id: string | undefined): Lease | undefined {
  const file = leasePath();
  if (!file || !id) return undefined;
  try {
    const lease = JSON.parse(readFileSync(file, 'utf8')) as Lease;
    return lease.id === id ? lease : undefined;
  } catch {
    return undefined;
  }
}

export function removeLease(): void {
  const file = leasePath();
  if (file) rmSync(file, { force: true });
}

/** Whether the lease's process is alive and is the one that wrote it. */
export function leaseAlive(lease: Lease): boolean {
  try {
    process.kill(lease.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (lease.started === undefined) return true;
  const stat = readStat(lease.pid);
  // a zombie (exited, not yet reaped) has ended for our purposes
  return processStart(lease.pid) === lease.started && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

function readStat(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return '';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function exited(lease: Lease, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (leaseAlive(lease)) {
    if (Date.now() >= end) return false;
    await sleep(100);
  }
  return true;
}

export interface MainStop {
  /** Main was running when post started. */
  wasRunning: boolean;
  /** Main ended (by itself, by SIGTERM or by SIGKILL) within the bounds. */
  ended: boolean;
  how?: 'SIGTERM' | 'SIGKILL';
}

/**
 * Stops a main still running: SIGTERM (main marks the run canceled, finishes its record and exits within
 * 10 s: main.ts), then SIGKILL after `termMs`; gives up after `killMs` more.
 */
export async function stopMain(lease: Lease, termMs = 12_000, killMs = 5_000): Promise<MainStop> {
  if (!leaseAlive(lease)) return { wasRunning: false, ended: true };
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(lease.pid, s);
    } catch {
      // it ended meanwhile
    }
  };
  signal('SIGTERM');
  if (await exited(lease, termMs)) return { wasRunning: true, ended: true, how: 'SIGTERM' };
  signal('SIGKILL');
  return { wasRunning: true, ended: await exited(lease, killMs), how: 'SIGKILL' };
}
