// The errors each edge (lock, proxy, runtime, host state) throws; no imports, so any edge module can use them.

/** An Error whose `name` is its class's (what the `::error::` line and logs show). */
export class NamedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The app's deploy lease is held by someone else past the wait, or could not be taken or released. */
export class LockError extends NamedError {}

/** The router (the proxy) refused or failed a command, or never became ready. */
export class ProxyError extends NamedError {}

/** The runtime could not create, start or pull an app instance as specified. */
export class RuntimeError extends NamedError {}

/** The host state (live color, history) could not be read, parsed or written. */
export class HostStateError extends NamedError {}
