/**
 * A secret travels in more shapes than its own: base64 inside a Basic header (`user:pass`), URL-encoded in
 * a token request, JSON-escaped in an echoed body. A peer that copies a request into its error text hands
 * any of them back. Every scrubber and every mask works on all of these forms, from one list.
 */

/** Values shorter than this are never masked (masking `1` or `true` would wreck the log); see docs/security.md. */
export const MIN_SECRET_LENGTH = 4;

const base64Forms = (text: string) => {
  const std = Buffer.from(text, 'utf8').toString('base64');
  const url = std.replace(/\+/g, '-').replace(/\//g, '_');
  return [std, std.replace(/=+$/, ''), url, url.replace(/=+$/, '')];
};

/** The secret and every form of it a request or an echo may carry (derived forms only when long enough to matter). */
export function secretForms(secret: string): string[] {
  if (secret.length < MIN_SECRET_LENGTH) return secret ? [secret] : [];
  const forms = new Set<string>([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    ...base64Forms(secret),
  ]);
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

/** A username and password: the password's forms and those of `user:password` (what a Basic header holds). */
export function credentialForms(username: string, password: string): string[] {
  return [...new Set([...secretForms(password), ...secretForms(`${username}:${password}`)])];
}

export const SCRUBBED = '***';

/** Every form of every secret, each line of a multi-line one too, longest first (a secret containing another goes whole). */
export function scrubNeedles(secrets: readonly string[]): string[] {
  const found = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of secretForms(secret)) found.add(form);
    if (secret.includes('\n')) {
      for (const line of secret.split(/\r?\n/)) if (line.trim().length >= 8) for (const form of secretForms(line.trim())) found.add(form);
    }
  }
  return [...found].sort((a, b) => b.length - a.length);
}

export function replaceNeedles(text: string, needles: readonly string[]): string {
  let out = text;
  for (const needle of needles) if (out.includes(needle)) out = out.split(needle).join(SCRUBBED);
  return out;
}

/** `text` with every form of every secret replaced by `***`. */
export function scrubText(text: string, secrets: readonly string[]): string {
  return replaceNeedles(text, scrubNeedles(secrets));
}

/** Log-driver option names whose values are credentials (splunk-token, a password, an API key…). */
const CREDENTIAL_OPTION = /token|passw|secret|key|credential|auth/i;

/**
 * The values among a log driver's options that look like credentials: those of options named like one
 * and the userinfo of any URL value (a loki-url with `user:password@`). Masked in the log and scrubbed
 * from the record like the other secrets; the record keeps only the option names anyway.
 */
export function logOptionSecrets(options: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(options)) {
    if (CREDENTIAL_OPTION.test(name) && value.length >= MIN_SECRET_LENGTH) out.push(value);
    for (const s of urlUserinfoSecrets(value, false)) if (!out.includes(s)) out.push(s);
  }
  return out;
}

/** The userinfo of every URL in `value` (`user:password`, the password raw and decoded); with `passwordOnly`, only URLs whose userinfo has a password. */
function urlUserinfoSecrets(value: string, passwordOnly: boolean): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(/[a-z][a-z0-9+.-]*:\/\/([^/@\s]+)@/gi)) {
    const userinfo = m[1]!;
    const colon = userinfo.indexOf(':');
    if (passwordOnly && (colon < 0 || colon === userinfo.length - 1)) continue;
    const password = colon >= 0 ? userinfo.slice(colon + 1) : userinfo;
    for (const s of [userinfo, password, safeDecode(password)]) if (s.length >= MIN_SECRET_LENGTH && !out.includes(s)) out.push(s);
  }
  return out;
}

/** Token shapes that are credentials wherever they appear (issuers' documented prefixes; a JWT's three base64url parts). */
const TOKEN_SHAPES: [RegExp, string][] = [
  [/\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/, 'a GitHub token'],
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/, 'an AWS access key ID'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, 'a JWT'],
  [/\bglpat-[A-Za-z0-9_-]{20,}/, 'a GitLab token'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/\b[sr]k_live_[A-Za-z0-9]{16,}/, 'a Stripe secret key'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
];

/** Words of a variable name that make its value a credential (`DB_PASSWORD`, `SECRET_KEY_BASE`, `NPM_TOKEN`, `STRIPE_API_KEY`, `AWS_SECRET_ACCESS_KEY`). */
const CREDENTIAL_WORDS = new Set(['PASSWORD', 'PASSWD', 'PASS', 'PWD', 'PASSPHRASE', 'SECRET', 'SECRETS', 'TOKEN', 'TOKENS', 'CREDENTIAL', 'CREDENTIALS', 'APIKEY']);
/** Values that are no credential whatever the name: a flag, a number, an absolute path (`TOKEN_TTL=3600`, `SECRETS_DIR=/run/secrets`). */
const PLAIN_VALUE = /^(?:true|false|yes|no|on|off|\d+(?:\.\d+)?[a-z]{0,2}|\/[A-Za-z0-9._/-]*)$/i;

function credentialName(name: string): boolean {
  const words = name.toUpperCase().split(/[^A-Z0-9]+/).filter((w) => w !== '');
  return words.some((w) => CREDENTIAL_WORDS.has(w)) || words[words.length - 1] === 'KEY' || words.some((w, i) => w === 'API' && words[i + 1] === 'KEY');
}

/**
 * Why an image environment variable looks like a credential, and the values to mask; undefined when it
 * does not. Three signs: a URL with a password (`scheme://user:pass@`), a name like one (`*PASSWORD*`,
 * `*SECRET*`, `*TOKEN*`, `*_KEY`, `*API_KEY*`) with a value that is not a flag, number or path, and a
 * known token shape (GitHub `ghp_…`, AWS `AKIA…`, a JWT…). docs/security.md states the rule.
 */
export function envCredential(name: string, value: string): { why: string; secrets: string[] } | undefined {
  const inUrl = urlUserinfoSecrets(value, true);
  if (inUrl.length > 0) return { why: 'a URL with a password', secrets: inUrl };
  const shape = TOKEN_SHAPES.find(([re]) => re.test(value));
  if (shape) return { why: `${shape[1]}`, secrets: [value, shape[0].exec(value)![0]].filter((v, i, a) => v.length >= MIN_SECRET_LENGTH && a.indexOf(v) === i) };
  if (credentialName(name) && value.trim().length >= MIN_SECRET_LENGTH && !PLAIN_VALUE.test(value.trim())) return { why: 'a value named like a credential', secrets: [value] };
  return undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
