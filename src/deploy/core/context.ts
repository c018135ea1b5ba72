import type { DeploySettings } from '../../settings/index.js';
import type { Logger } from '../../log.js';
import type { AppHost } from './app-host.js';
import type { Journal } from './journal.js';
import type { HostStore, LeaseOwner } from './store.js';
import type { Edge } from './placement.js';
import type { Router } from './router.js';
import type { Runtime } from './runtime.js';
import type { DeployResult } from './model.js';

/** The host's three edges the machine drives; unit tests give it fakes. */
export interface Edges {
  router: Router;
  runtime: Runtime;
  store: HostStore;
}

/** What every run of the machine shares (machine.ts): the lease and host history live in `store`. */
export interface DriveContext {
  settings: DeploySettings;
  logger: Logger;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  owner: LeaseOwner;
  journal: Journal;
  store: HostStore;
  /** Filled as the deploy goes; becomes the DeployResult. */
  result: DeployResult;
}

export interface MachineContext extends Edges, DriveContext {
  /** Networks, volumes, the release command and image pruning; without it the machine skips them. */
  appHost?: AppHost;
  /** Runs once the lease is held, before the host state is read (the real edges set up the proxy there). */
  setup?: () => Promise<void>;
  /** What the placement changed at its shared edge (placement.ts Edge): undone after the machine's undo, dropped once live. */
  edge?: Pick<Edge, 'changesEdge' | 'unprepare' | 'finish' | 'leaseBudgetMs'>;
}

export const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function emptyResult(app: string, host: string): DeployResult {
  return {
    noop: false,
    color: 'blue',
    to: { color: 'blue', digest: '' },
    host,
    engineVersion: '',
    app,
    lock: { waitedMs: 0 },
    health: { attempts: [] },
    timings: { pull: 0, health: 0, switch: 0, soak: 0 },
  };
}
