import { NamedError } from './edge-errors.js';
import type { PhaseName } from './journal.js';
import type { DeployResult } from './model.js';

export type { PhaseName } from './journal.js';
export { HostStateError, LockError, ProxyError, RuntimeError } from './edge-errors.js';

/** A failed deploy or rollback; `result` carries what happened (health results, last log lines), `phase` where. */
export class DeployError extends Error {
  readonly phase?: PhaseName;
  constructor(
    message: string,
    readonly result?: Partial<DeployResult> & { lastLogLines?: string[] },
    options?: { cause?: unknown; phase?: PhaseName },
  ) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'DeployError';
    this.phase = options?.phase;
  }
}

/** Some undo steps failed; `failed` names each (what may remain on the host). */
export class UndoError extends NamedError {
  constructor(
    message: string,
    readonly failed: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
