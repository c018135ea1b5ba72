import * as core from '@actions/core';
import type { DeployProgress } from './deploy/index.js';

/** What main leaves in GITHUB_STATE for the post step (JSON where structured). */
export interface MainState {
  recordPath?: string;
  /** main finished the record (succeeded/failed) and published it; post has nothing to finalize. */
  recordPublished?: boolean;
  /** main was told to stop (SIGINT/SIGTERM: the job was canceled). */
  canceled?: boolean;
  deploy?: DeployProgress;
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

export function loadMainState(): MainState {
  const text = core.getState(KEY);
  if (!text) return {};
  try {
    return JSON.parse(text) as MainState;
  } catch {
    return {};
  }
}
