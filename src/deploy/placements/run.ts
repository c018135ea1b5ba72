import type { DriveContext } from '../core/context.js';

/** What every placement's operations share of one run: the journal, the result, the lease's store, the log and the clock. */
export type Run = Pick<DriveContext, 'owner' | 'logger' | 'now' | 'sleep' | 'journal' | 'result' | 'store'>;
