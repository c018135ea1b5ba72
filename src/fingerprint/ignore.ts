/**
 * `.dockerignore` patterns with moby/patternmatcher semantics: one pattern a line, `#` comments,
 * `!` re-includes, leading `/` and `./` ignored, `*` and `?` stay inside one path component, `**`
 * spans any number of directories, `[...]` classes and `\` escapes. A pattern matches a path or any
 * of its parent directories; the last matching pattern decides.
 */
export interface IgnorePattern {
  text: string;
  negated: boolean;
  regex: RegExp;
}

export function parseIgnoreFile(content: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  for (const raw of content.split(/\r?\n/)) {
    // as moby's ignorefile: a comment is a line starting with `#` before trimming
    if (raw.startsWith('#')) continue;
    let line = raw.trim();
    if (line === '') continue;
    const negated = line.startsWith('!');
    if (negated) line = line.slice(1).trim();
    const cleaned = cleanPattern(line);
    if (cleaned === '') continue;
    patterns.push({ text: raw.trim(), negated, regex: compilePattern(cleaned) });
  }
  return patterns;
}

/** filepath.Clean without touching escapes: drop `./`, leading and trailing `/`, collapse `//` and resolve `..`. */
function cleanPattern(pattern: string): string {
  const out: string[] = [];
  for (const part of pattern.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

function compilePattern(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') i++;
        re += i + 1 >= pattern.length ? '.*' : '(.*/)?';
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let cls = pattern.slice(i + 1, end);
      if (cls.startsWith('!') || cls.startsWith('^')) cls = `^${cls.slice(1)}`;
      re += `[${cls.replace(/\\(?!.)/g, '\\\\')}]`;
      i = end;
    } else if (c === '\\' && i + 1 < pattern.length) {
      re += escapeRegex(pattern[++i]);
    } else {
      re += escapeRegex(c);
    }
  }
  return new RegExp(`${re}$`);
}

function escapeRegex(c: string): string {
  return /[.*?+^${}()|[\]\\]/.test(c) ? `\\${c}` : c;
}

/** Whether `relPath` (posix, relative to the context) is excluded: moby's MatchesOrParentMatches. */
export function matchesIgnore(patterns: IgnorePattern[], relPath: string): boolean {
  if (patterns.length === 0) return false;
  const parts = relPath.split('/');
  let excluded = false;
  for (const p of patterns) {
    if (p.negated !== excluded) continue;
    let match = p.regex.test(relPath);
    for (let i = 1; !match && i < parts.length; i++) match = p.regex.test(parts.slice(0, i).join('/'));
    if (match) excluded = !p.negated;
  }
  return excluded;
}
