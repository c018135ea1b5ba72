import { actionsLogger } from '../github/logger.js';
import { renew, type CertificateStatus } from '../deploy/index.js';
import { expiryWarning } from '../deploy/placements/host-proxy/acme-due.js';
import type { DeploySettings, Settings } from '../settings/index.js';
import { runUrl } from '../record/context.js';
import type { CertificateRecord, RecordWriter } from '../record/record.js';
import { keepSecret } from '../github/masking.js';
import { saveMainState } from '../github/main-state.js';

/** What the record (and so the summary) shows of each certificate: names, expiry, what was done, a warning under 14 days. */
export function certificateRecords(statuses: CertificateStatus[]): CertificateRecord[] {
  return statuses.map((s) => {
    const warning = s.notAfter ? expiryWarning(s) : undefined;
    return {
      app: s.app,
      names: s.names,
      not_after: s.notAfter,
      days_left: s.daysLeft,
      action: s.action,
      ...(s.error && { error: s.error }),
      ...(warning && { warning }),
    };
  });
}

/**
 * `renew: true` (the scheduled workflow): renews every due ACME certificate on the host's proxy and
 * does nothing else. The record lists every certificate; the step fails when any renewal failed.
 */
export async function renewStep(settings: Settings, d: DeploySettings, record: RecordWriter): Promise<CertificateStatus[]> {
  const result = await renew(d, {
    owner: { id: record.id, runUrl: runUrl(process.env), actor: process.env.GITHUB_ACTOR },
    logger: actionsLogger,
    mask: (s) => keepSecret(settings.secrets, s),
    saveState: (progress) => saveMainState({ deploy: progress }),
  });
  await record.update((r) => {
    r.deploy = { host: result.host, engine_version: '', app: '(renew)' };
    r.certificates = certificateRecords(result.certificates);
  });
  const failed = result.certificates.filter((c) => c.action === 'failed');
  const done = result.certificates.map((c) => `${c.app} ${c.action}`).join(', ') || 'none on this host';
  actionsLogger.info(`renew on ${result.host}: ${done}`);
  if (failed.length > 0) throw new Error(`renew: ${failed.length} of ${result.certificates.length} certificates could not be renewed: ${failed.map((c) => `${c.app} (${c.error})`).join('; ')}`);
  return result.certificates;
}
