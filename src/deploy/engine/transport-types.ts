import type { Duplex } from 'node:stream';

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
}
