import type balenaIgnore from '@balena/dockerignore';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { matchesIgnore, parseIgnoreFile } from '../../src/fingerprint/ignore.js';
import { DOCKERIGNORE_CASES } from '../fixtures/dockerignore-cases.js';

// The context scan keeps its own .dockerignore matcher (src/fingerprint/ignore.ts) because it agrees
// with Docker on moby's own cases where @balena/dockerignore, the maintained port, does not: balena
// builds its regex from unescaped pattern text, so a `)` in a file name throws and `(b)` never
// matches; and by default it matches case-insensitively, which Docker on Linux does not. This table is
// the evidence (@balena/dockerignore is a dev dependency for this comparison only).

// a CommonJS module whose types declare `export default`: required, as Node loads it
const ignore = createRequire(import.meta.url)('@balena/dockerignore') as typeof balenaIgnore.default;

const balena = (patterns: string[], path: string, ignorecase: boolean): boolean | string => {
  try {
    return ignore({ ignorecase }).add(patterns).ignores(path);
  } catch (e) {
    return `throws: ${(e as Error).message}`;
  }
};

describe('.dockerignore matching against Docker (moby/patternmatcher cases)', () => {
  it.each(DOCKERIGNORE_CASES)('%j on %s: excluded=%s, as Docker decides', (patterns, path, excluded) => {
    expect(matchesIgnore(parseIgnoreFile(patterns.join('\n')), path)).toBe(excluded);
  });

  it('@balena/dockerignore disagrees with Docker on these cases, so it is not used', () => {
    const disagreements = (ignorecase: boolean) =>
      DOCKERIGNORE_CASES.filter(([patterns, path, excluded]) => balena(patterns, path, ignorecase) !== excluded).map(([patterns, path]) => [patterns, path]);
    const special: [string[], string][] = [
      [['a(b)c/def'], 'a(b)c/def'],
      [['a.|)$(}+{bc'], 'a.|)$(}+{bc'],
    ];
    expect(disagreements(false)).toEqual(special);
    expect(disagreements(true)).toEqual([...special, [['*.MD'], 'readme.md'], [['Dockerfile'], 'dockerfile']]);
  });
});
