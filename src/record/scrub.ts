import { replaceNeedles, scrubNeedles } from '../secret-forms.js';

export { SCRUBBED } from '../secret-forms.js';

export function scrubString(text: string, secrets: readonly string[]): string {
  return replaceNeedles(text, scrubNeedles(secrets));
}

/** A deep copy of `value` with every form of every secret replaced by `***` in every string, object keys included. */
export function scrubValue<T>(value: T, secrets: readonly string[]): T {
  const list = scrubNeedles(secrets);
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
