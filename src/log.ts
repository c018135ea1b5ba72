/** The small logging surface pure and edge modules take, so they never import @actions/core. */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
}

export const silentLogger: Logger = { info() {}, warning() {}, debug() {} };

/** Registers a value that must never appear in logs (core.setSecret under a runner). */
export type Masker = (secret: string) => void;

export const noMask: Masker = () => {};

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
