// "Did you mean …" for a misspelled name: the closest known one by edit distance, if close enough.

/** Levenshtein distance, with a swap of two neighbouring letters counted as one edit (`plaftorms`). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The known name closest to `name`, when within a third of its length (at least 2 edits); else undefined. */
export function closest(name: string, known: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const k of known) {
    const distance = editDistance(name.toLowerCase(), k.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { name: k, distance };
  }
  return best?.name;
}

/** ` (did you mean X?)`, or '' when nothing is close. */
export const didYouMean = (name: string, known: readonly string[]): string => {
  const match = closest(name, known);
  return match ? ` (did you mean ${match}?)` : '';
};
