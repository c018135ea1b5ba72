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
    for (const m of value.matchAll(/[a-z][a-z0-9+.-]*:\/\/([^/@\s]+)@/gi)) {
      const userinfo = m[1]!;
      const password = userinfo.includes(':') ? userinfo.slice(userinfo.indexOf(':') + 1) : userinfo;
      for (const s of [userinfo, password, safeDecode(password)]) if (s.length >= MIN_SECRET_LENGTH && !out.includes(s)) out.push(s);
    }
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
