// Generic parsers for action inputs. Every error names the input and, unless it is secret, the value.

/** A bad input value. The message names the input and the value (secrets excepted). */
export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(`Input '${input}': ${message}`);
    this.name = 'InputError';
  }
}

export type KeyValue = [key: string, value: string];

/** An input's value by name (trimmed), as @actions/core reads it. */
export type InputReader = (name: string) => string;

/** Splits a list input on newlines and commas; blank items and `#` comment lines dropped. */
export function parseList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
}

/** Lines of KEY=VALUE (blank lines and `#` comments skipped); the value may contain `=`. */
export function parseKeyValues(input: string, text: string, secret = false): KeyValue[] {
  const out: KeyValue[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    if (eq <= 0 || !/^[^\s=]+$/.test(key)) {
      const shown = secret ? '(value hidden)' : `"${line}"`;
      throw new InputError(input, `line ${i + 1} ${shown} is not KEY=VALUE`);
    }
    out.push([key, line.slice(eq + 1)]);
  });
  return out;
}

/** A command: a JSON array of strings, or shell words (quotes and backslashes honoured). */
export function parseCommand(input: string, text: string): string[] | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (t.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(t);
    } catch (e) {
      throw new InputError(input, `"${t}" is not a valid JSON array (${(e as Error).message})`);
    }
    if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) {
      throw new InputError(input, `"${t}" must be a JSON array of strings`);
    }
    return parsed;
  }
  return shellWords(input, t);
}

function shellWords(input: string, text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length && '"\\$`'.includes(text[i + 1])) cur += text[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) throw new InputError(input, `"${text}" has an unclosed ${quote} quote`);
  if (inWord) words.push(cur);
  return words;
}

/** `true`/`false` (and yes/no, 1/0, on/off); an empty text is no boolean: a defaulted input reads as its declared default (defaults.ts). */
export function parseBool(input: string, text: string): boolean {
  const t = text.trim().toLowerCase();
  if (['true', 'yes', '1', 'on'].includes(t)) return true;
  if (['false', 'no', '0', 'off'].includes(t)) return false;
  throw new InputError(input, `"${text}" is not a boolean (use true or false)`);
}

export function parseInteger(input: string, text: string, min: number, max: number): number {
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) < min || Number(t) > max) {
    throw new InputError(input, `"${text}" must be a whole number from ${min} to ${max}`);
  }
  return Number(t);
}

/** `PORT` or `ADDRESS:PORT` (a published port, as `public-port`, `http-port`, `https-port` take it). */
export function parsePublishedPort(input: string, text: string): { address?: string; port: number } {
  const t = text.trim();
  const m = /^(?:(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(\d{1,5})$/.exec(t);
  if (!m) throw new InputError(input, `"${t}" is not PORT or ADDRESS:PORT`);
  const port = parseInteger(input, m[2]!, 1, 65535);
  return m[1] ? { address: m[1].replace(/^\[(.*)\]$/, '$1'), port } : { port };
}
