import * as core from './commands.js';
import { MIN_SECRET_LENGTH, secretForms } from '../secret-forms.js';

/**
 * Masks a secret in the runner's log, in every form a peer may echo it (base64, URL-encoded…). The runner
 * matches masks line by line, so each line of a multi-line secret (a PEM or OpenSSH key) is masked on its own
 * as well. Values shorter than MIN_SECRET_LENGTH are not masked: masking `1` would star every later "1".
 */
export function maskSecret(secret: string): void {
  if (secret.length < MIN_SECRET_LENGTH) return;
  for (const form of secretForms(secret)) core.setSecret(form);
  for (const line of secret.split(/\r?\n/)) {
    const t = line.trim();
    if (t.length >= 6 && t !== secret) core.setSecret(t);
  }
}

/** Masks a secret learned during the run (a token, a password from the Docker config) and adds it to the
 * run's secret list, which the record scrubs on every write and the failure message is scrubbed with. */
export function keepSecret(secrets: string[], secret: string): void {
  if (!secret || secrets.includes(secret)) return;
  secrets.push(secret);
  maskSecret(secret);
}
