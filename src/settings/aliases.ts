import { declaredDefault } from './defaults.js';
import { InputError, type InputReader } from './parsers.js';

/**
 * Renamed inputs (issue 22): the old name keeps working for a major version, with a warning naming the
 * new one. Old names stay declared in both action files with no default, so a runner passes them only
 * when a workflow gives them.
 */
export const RENAMED: Record<string, { to: string; secret?: boolean; note?: string }> = {
  // secret: the values are not shown in an error (an image-env value may be a credential, masked only once the inputs are read)
  env: { to: 'image-env', secret: true, note: 'image-env is baked into the image, where anyone who can pull it reads it: pass runtime secrets with deploy-env' },
  'tls-ca': { to: 'docker-tls-ca' },
  'tls-cert': { to: 'docker-tls-cert' },
  'tls-key': { to: 'docker-tls-key', secret: true },
  'health-timeout': { to: 'health-timeout-seconds' },
  'stop-timeout': { to: 'stop-timeout-seconds' },
};

/** The old name of each renamed input, by its new name. */
const OLD_NAME: Record<string, string> = Object.fromEntries(Object.entries(RENAMED).map(([old, { to }]) => [to, old]));

/** The deprecated name a renamed input was read from in this run, if any (to name it in an error). */
export type AliasSources = Map<string, string>;

/**
 * `get`, reading each renamed input under either name: the new name wins; an old name alone is used and
 * warned about once. A runner passes the new name's declared default even when only the old name is
 * given, so a new name holding just its default yields to the old name. Both given with different
 * values is an error naming both. Reading an old name directly gives '' (the code reads new names).
 */
export function withAliases(get: InputReader, warnings: string[], sources: AliasSources = new Map()): InputReader {
  return (name) => {
    if (Object.hasOwn(RENAMED, name)) return '';
    const old = Object.hasOwn(OLD_NAME, name) ? OLD_NAME[name] : undefined;
    const value = get(name);
    if (!old) return value;
    const oldValue = get(old);
    if (oldValue.trim() === '') return value;
    const given = value.trim() !== '' && value !== declaredDefault(name);
    if (given && value !== oldValue) {
      const shown = (v: string) => (RENAMED[old]!.secret ? '(value hidden)' : JSON.stringify(v));
      throw new InputError(name, `${shown(value)} and its deprecated name ${old} ${shown(oldValue)} are both given, with different values: give ${name} only`);
    }
    if (!sources.has(name)) {
      sources.set(name, old);
      const note = RENAMED[old]!.note;
      warnings.push(`Input '${old}' is deprecated: use ${name} (same value${note ? `; ${note}` : ''}). ${old} keeps working until the next major version.`);
    }
    return given ? value : oldValue;
  };
}

/** An InputError about a renamed input that was given under its old name, re-named to that old name. */
export function underGivenName(error: unknown, sources: AliasSources): unknown {
  if (!(error instanceof InputError)) return error;
  const old = sources.get(error.input);
  if (!old) return error;
  const why = error.message.slice(`Input '${error.input}': `.length);
  return new InputError(old, `${why} (${old} is deprecated: use ${error.input})`);
}
