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

/**
 * Text that came from a peer (an engine, a registry, an SSH banner, the app's own output) or from a file
 * name, made safe for one log line: line breaks and other control characters are shown escaped, so the
 * text can never start a line of its own, and a leading `::` is broken, so it never reads as a workflow
 * command (`::error::`, `::add-mask::`). Long text is cut at `max` characters.
 */
export function peerText(text: string, max = 2000): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  // eslint-disable-next-line no-control-regex
  const flat = cut.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, (c) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return flat.startsWith('::') ? `:\u200b:${flat.slice(2)}` : flat;
}
