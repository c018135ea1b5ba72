export const SCRUBBED = '***';

/** The strings to look for: each secret, and each line of a multi-line secret (a PEM key leaked one line
 * at a time is still a leak). Longest first, so a secret containing another is replaced whole. */
function needles(secrets: readonly string[]): string[] {
  const found = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    found.add(secret);
    if (secret.includes('\n')) {
      for (const line of secret.split(/\r?\n/)) if (line.trim().length >= 8) found.add(line.trim());
    }
  }
  return [...found].sort((a, b) => b.length - a.length);
}

function replaceNeedles(text: string, list: readonly string[]): string {
  let out = text;
  for (const needle of list) if (out.includes(needle)) out = out.split(needle).join(SCRUBBED);
  return out;
}

export function scrubString(text: string, secrets: readonly string[]): string {
  return replaceNeedles(text, needles(secrets));
}

/** A deep copy of `value` with every secret replaced by `***` in every string, object keys included. */
export function scrubValue<T>(value: T, secrets: readonly string[]): T {
  const list = needles(secrets);
  if (list.length === 0) return structuredClone(value);
  const scrub = (text: string): string => replaceNeedles(text, list);
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return scrub(node);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') {
      const copy: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) copy[scrub(key)] = walk(child);
      return copy;
    }
    return node;
  };
  return walk(value) as T;
}
