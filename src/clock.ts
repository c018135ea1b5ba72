/**
 * "Now" for the decisions that depend on the calendar: today, whether a stored ACME certificate is due
 * for renewal (a deploy with tls: acme, and renew: true).
 *
 * Test seam: `SHIPSHAPE_CLOCK_OFFSET_MS` (an integer, milliseconds, may be negative) moves this clock, so
 * an end-to-end test can run a renewal "in the future" instead of sleeping until a certificate is due.
 * Leases, timeouts and records keep the real clock. Leave it unset in workflows.
 */
export const CLOCK_OFFSET_ENV = 'SHIPSHAPE_CLOCK_OFFSET_MS';

export function now(env: NodeJS.ProcessEnv = process.env): Date {
  const raw = env[CLOCK_OFFSET_ENV]?.trim();
  if (!raw) return new Date();
  if (!/^-?\d+$/.test(raw)) throw new Error(`${CLOCK_OFFSET_ENV} must be an integer number of milliseconds, not "${raw}"`);
  return new Date(Date.now() + Number(raw));
}
