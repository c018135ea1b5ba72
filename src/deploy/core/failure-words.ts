import type { JournalKind, PhaseName } from './journal.js';

/**
 * What failed, in the user's words, for the final error line; the phase's internal name stays on the
 * error object and in the record. `after`: what the undo leaves serving (said only once it is done).
 */
export function failureWords(kind: JournalKind, app: string, phase: PhaseName, previous?: string): { what: string; after?: string } {
  const version = kind === 'rollback' ? 'the previous version' : 'the new version';
  const live = previous ? `the live version (${previous}) keeps serving` : 'nothing served before it, and nothing serves now';
  if (kind === 'remove') {
    return phase === 'locked' ? { what: `the removal of ${app} did not begin`, after: 'nothing changed' } : { what: `removing ${app} did not finish`, after: 'the post step completes it' };
  }
  if (kind === 'renew') return phase === 'locked' ? { what: 'the certificate renewal did not begin', after: 'nothing changed' } : { what: 'renewing certificates failed' };
  switch (phase) {
    case 'locked':
      return { what: `the ${kind} did not begin`, after: 'nothing changed' };
    case 'pulled':
      return { what: `the host could not pull ${version}`, after: live };
    case 'released':
      return { what: 'the release command failed', after: live };
    case 'started':
      return { what: `${version} failed to start`, after: live };
    case 'gated':
      return { what: `${version} did not pass its health check`, after: live };
    case 'switched':
      return { what: `switching traffic to ${version} failed`, after: previous ? `the live version (${previous}) serves again` : undefined };
    case 'soaking':
      return { what: `${version} failed while it was watched after the switch`, after: previous ? `the live version (${previous}) serves again` : undefined };
    case 'retired':
      return { what: `${version} serves, but retiring the old one failed` };
    case 'updating':
    case 'converged':
      return { what: `Swarm's update to ${version} failed`, after: previous ? 'the previous version serves again' : 'the new service was removed' };
    default:
      return { what: `the ${kind} failed` };
  }
}
