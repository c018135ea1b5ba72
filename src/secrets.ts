import * as core from '@actions/core';

/**
 * Masks a secret in the runner's log. The runner matches masks line by line, so each line of a
 * multi-line secret (a PEM or OpenSSH key) is masked on its own as well.
 */
export function maskSecret(secret: string): void {
  if (!secret) return;
  core.setSecret(secret);
  for (const line of secret.split(/\r?\n/)) {
    const t = line.trim();
    if (t.length >= 6 && t !== secret) core.setSecret(t);
  }
}
