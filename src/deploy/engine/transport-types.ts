import type { Duplex } from 'node:stream';
import { NamedError } from '../core/edge-errors.js';

/**
 * Opens byte streams to one Docker engine. The Engine API client sends one HTTP request per
 * stream, so a transport is the only thing that differs between ssh://, tcp:// and unix://.
 */
export interface Transport {
  dial(): Promise<Duplex>;
  close(): void;
  /** Where the engine is, without credentials (goes into the record). */
  readonly where: string;
  /** Set when the underlying connection died before close() (ssh only). */
  readonly lost?: Error;
  /** How the last stream was dialled (ssh: `streamlocal`, or `dial-stdio` and why streamlocal was not used). */
  readonly via?: string;
}

/** The engine could not be reached, or the connection to it broke. */
export class TransportError extends NamedError {}
