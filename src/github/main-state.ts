import * as core from './commands.js';
import type { DeployJournal } from '../deploy/index.js';

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
}

const KEY = 'shipshape';
let current: MainState = {};

/** Merges into the saved state. GITHUB_STATE is appended synchronously, so this is safe in a signal handler. */
export function saveMainState(patch: Partial<MainState>): void {
  current = { ...current, ...patch };
  core.saveState(KEY, JSON.stringify(current));
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
  const text = core.getState(KEY);
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

/** In post: whether main's state leaves anything to finish (or a state to complain about). */
export function postHasWork(): boolean {
  try {
    return leavesWork(loadMainState());
  } catch {
    return true;
  }
}
