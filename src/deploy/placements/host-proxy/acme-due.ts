import type { CertificateStatus } from '../../core/model.js';
import { createHash, X509Certificate } from 'node:crypto';
import { pemBlocks } from '../../../settings/certificate.js';
import { peerBounds } from '../../../bounds.js';

// The pure half of ACME on the host proxy: when a stored certificate may be reused, what is due, what
// the summary warns about. No I/O; acme.ts does the talking.

/** Renew when less than this share of a certificate's lifetime is left (Let's Encrypt's own advice). */
export const RENEW_WHEN_LEFT = 1 / 3;
/** The summary and the record warn about a certificate with fewer days than this left. */
export const WARN_DAYS = 14;
const DAY_MS = 86_400_000;
/**
 * Every ACME exchange of one certificate together, validation included (the deploy's lease counts it):
 * 9 peer waits, 180 s by default, derived like every other bound from SHIPSHAPE_PEER_TIMEOUT_SECONDS.
 */
export const acmeTotalMs = (env: NodeJS.ProcessEnv = process.env) => peerBounds(env).waitMs * 9;

export interface CertificateDates {
  notBefore: Date;
  notAfter: Date;
}

/** Whether a certificate is due for renewal at `now`: under a third of its lifetime left (or expired). */
export function renewalDue(c: CertificateDates, now: Date): boolean {
  const life = c.notAfter.getTime() - c.notBefore.getTime();
  return c.notAfter.getTime() - now.getTime() < life * RENEW_WHEN_LEFT;
}

/** When a certificate becomes due: two thirds into its lifetime. */
export function dueAt(c: CertificateDates): Date {
  const life = c.notAfter.getTime() - c.notBefore.getTime();
  return new Date(c.notAfter.getTime() - life * RENEW_WHEN_LEFT);
}

export const daysLeft = (notAfter: Date, now: Date) => Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);


/** The warning for a certificate close to expiry, or undefined. */
export function expiryWarning(s: Pick<CertificateStatus, 'app' | 'names' | 'notAfter' | 'daysLeft'>): string | undefined {
  if (s.daysLeft >= WARN_DAYS) return undefined;
  const when = s.daysLeft < 0 ? 'expired' : `expires in ${s.daysLeft} day${s.daysLeft === 1 ? '' : 's'}`;
  return `the certificate of ${s.app} (${s.names.join(', ')}) ${when}, on ${s.notAfter}; run the renew workflow or check ACME's error above`;
}

/** The leaf and key of a stored `chain + key` file (HAProxy's form); undefined when it holds none. */
export function parseStored(text: string | undefined): { leaf: X509Certificate; certPem: string; keyPem: string } | undefined {
  if (!text) return undefined;
  const blocks = pemBlocks(text);
  const certs = blocks.filter((b) => b.label === 'CERTIFICATE').map((b) => b.pem);
  const key = blocks.find((b) => /PRIVATE KEY$/.test(b.label))?.pem;
  if (certs.length === 0 || !key) return undefined;
  try {
    return { leaf: new X509Certificate(certs[0]!), certPem: `${certs.join('\n')}\n`, keyPem: `${key}\n` };
  } catch {
    return undefined;
  }
}

export const datesOf = (leaf: X509Certificate): CertificateDates => ({ notBefore: new Date(leaf.validFrom), notAfter: new Date(leaf.validTo) });

/**
 * Why a stored certificate cannot be reused for `hosts` at `now`, or undefined when it can: it must
 * cover every host and not be due. A certificate for more names than asked is still fine.
 */
export function whyNotReusable(leaf: X509Certificate | undefined, hosts: string[], now: Date): string | undefined {
  if (!leaf) return 'no certificate is stored for this app yet';
  const missing = hosts.filter((h) => leaf.checkHost(h, { subject: 'default' }) === undefined);
  if (missing.length > 0) return `the stored certificate does not cover ${missing.join(', ')}`;
  const d = datesOf(leaf);
  if (renewalDue(d, now)) return `the stored certificate is due (under a third of its lifetime left; expires ${d.notAfter.toISOString()})`;
  return undefined;
}

/** The file that holds the ACME account key for one directory on the host (one account per directory). */
export function accountKeyFile(directory: string): string {
  return `acme-account-${createHash('sha256').update(directory).digest('hex').slice(0, 16)}.key`;
}
