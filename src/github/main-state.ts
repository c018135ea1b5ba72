import * as core from './commands.js';
import type { DeployJournal } from '../deploy/index.js';
import { leaseAlive, readLease, removeLease, stopMain, writeLease } from './main-lease.js';

/** What main leaves in GITHUB_STATE for the post step (JSON where structured). */
export interface MainState {
  recordPath?: string;
  /** main finished the record (succeeded/failed) and published it; post has nothing to finalize. */
  recordPublished?: boolean;
  /** main was told to stop (SIGINT/SIGTERM: the job was canceled). */
  canceled?: boolean;
  /** The deploy's phase and what its undo needs, saved as each phase is entered (the post step checks it). */
  deploy?: DeployJournal;
  /** The blob cache to save to the Actions cache in post. */
  cacheSave?: { dir: string; key: string };
  /** The id of main's lease file in RUNNER_TEMP (github/main-lease.ts): how post finds a main still running. */
  lease?: string;
}

const KEY = 'shipshape';
let current: MainState = {};

/** Merges into the saved state. GITHUB_STATE is appended synchronously, so this is safe in a signal handler. */
export function saveMainState(patch: Partial<MainState>): void {
  current = { ...current, ...patch };
  core.saveState(KEY, JSON.stringify(current));
  if (current.lease) writeLease(current.lease, current);
}

/** At main's start: the lease file that lets the post step find this process and its newest state. */
export function startMainLease(): void {
  saveMainState({ lease: `${process.pid}-${Math.random().toString(36).slice(2, 10)}` });
}

/** GITHUB_STATE's `shipshape` entry is there but not readable. */
export class MainStateError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MainStateError';
  }
}

/** What main saved; {} when it saved nothing. Throws MainStateError when the saved text is corrupt. */
export function loadMainState(): MainState {
  return parseMainState(core.getState(KEY));
}

function parseMainState(text: string): MainState {
  if (!text) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new MainStateError(`the state main saved (GITHUB_STATE "${KEY}", ${text.length} characters) is not JSON: ${(e as Error).message}`, { cause: e });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new MainStateError(`the state main saved (GITHUB_STATE "${KEY}") is not an object`);
  return value as MainState;
}

/** Whether `state` leaves the post step anything: a deploy to settle (not `done`), a record to finalize, a cache to save. */
function leavesWork(state: MainState): boolean {
  const deployOpen = state.deploy !== undefined && state.deploy?.phase !== 'done';
  return deployOpen || Boolean(state.recordPath && !state.recordPublished) || state.cacheSave !== undefined;
}

/** In main: whether what it saved so far leaves its post step anything to do. */
export const mainLeavesPostWork = (): boolean => leavesWork(current);

/** In post: whether main's state leaves anything to finish (or a state to complain about), or main still runs. */
export function postHasWork(): boolean {
  try {
    const state = loadMainState();
    const lease = readLease(state.lease);
    return leavesWork(state) || (lease !== undefined && leaseAlive(lease));
  } catch {
    return true;
  }
}

/**
 * In post, before anything is finished or undone: main's state once main no longer runs. A main still
 * running (act starts post at once on a cancel: github/main-lease.ts) is stopped, bounded; its last state
 * comes from its lease, newer than the GITHUB_STATE post was handed. Throws MainStateError as loadMainState.
 */
export async function settleMainState(): Promise<MainState> {
  const handed = loadMainState();
  const lease = readLease(handed.lease);
  if (!lease) return handed;
  if (leaseAlive(lease)) core.info(`The main step (pid ${lease.pid}) is still running: stopping it before the post step finishes or undoes anything`);
  const stop = await stopMain(lease);
  if (stop.wasRunning) {
    if (!stop.ended) throw new MainStateError(`the main step (pid ${lease.pid}) did not end after SIGTERM and SIGKILL; nothing is finished or undone beside it`);
    core.info(`The main step ended (${stop.how}); the post step continues from the state it left last`);
  }
  const last = readLease(handed.lease) ?? lease;
  removeLease();
  if (!last.state || typeof last.state !== 'object' || Array.isArray(last.state)) return handed;
  return last.state as MainState;
}
