import { now as clockNow } from '../../../clock.js';
import { errorMessage, type Logger } from '../../../log.js';
import { daysLeft, expiryWarning, parseStored } from './acme-due.js';
import type { CertificateStatus } from '../../core/model.js';
import { listAcmeApps, obtainCertificate, type AcmeHost } from './acme.js';
import { installCertificate } from './certs.js';
import type { HostProxyEdge } from './edge.js';

export interface RenewDeps {
  host: AcmeHost;
  /** Loads a renewed certificate into the running proxy (certs.ts installCertificate), under the host-wide lock. */
  install(app: string, pair: { certPem: string; keyPem: string }): Promise<void>;
  log: Logger;
  now?: Date;
  /** Bound on each certificate's ACME exchange (default acme-due.ts acmeTotalMs()). */
  timeoutMs?: number;
}

/**
 * `renew`: every ACME certificate on the host that is due (under a third of its lifetime left, or its
 * names changed) is renewed with the settings its last deploy recorded, and loaded without a reload;
 * the others are left alone. Nothing else changes. One app's failure does not stop the others': each
 * gets its status (the caller fails the step when any failed, after the summary).
 */
export async function renewCertificates(d: RenewDeps): Promise<CertificateStatus[]> {
  const apps = await listAcmeApps(d.host);
  const names = Object.keys(apps).sort();
  if (names.length === 0) d.log.info('renew: no ACME certificates on this host (a deploy with tls: acme records one)');
  const out: CertificateStatus[] = [];
  for (const app of names) {
    const a = apps[app]!;
    const now = d.now ?? clockNow();
    try {
      const c = await obtainCertificate(d.host, { app, hosts: a.hosts, directory: a.directory, ...(a.email && { email: a.email }), log: d.log, now, ...(d.timeoutMs && { timeoutMs: d.timeoutMs }) });
      if (c.action !== 'reused') await d.install(app, c);
      out.push({ app, names: c.names, notAfter: c.notAfter, daysLeft: daysLeft(new Date(c.notAfter), now), action: c.action });
    } catch (e) {
      d.log.warning(`renew: ${app} (${a.hosts.join(', ')}): ${errorMessage(e)}`);
      const kept = await storedExpiry(d.host, app);
      out.push({ app, names: a.hosts, notAfter: kept ?? '', daysLeft: kept ? daysLeft(new Date(kept), now) : -1, action: 'failed', error: errorMessage(e) });
    }
  }
  for (const s of out) {
    const w = expiryWarning(s);
    if (w) d.log.warning(w);
  }
  return out;
}

async function storedExpiry(host: AcmeHost, app: string): Promise<string | undefined> {
  const s = parseStored(await host.storedCertificate(app).catch(() => undefined));
  return s ? new Date(s.leaf.validTo).toISOString() : undefined;
}

/** `renew: true` on one host: its host proxy's due certificates, each loaded under the host-wide lock. */
export async function renewOnHost(proxy: HostProxyEdge, logger: Logger): Promise<CertificateStatus[]> {
  if (!(await proxy.ctx.docker.inspect(proxy.name))) {
    logger.info(`renew: no host proxy ${proxy.name} on this host, so no certificates to renew`);
    return [];
  }
  return renewCertificates({
    host: proxy.acmeHost(),
    install: (app, pair) => proxy.withLock(async () => void (await installCertificate(proxy.ctx, app, pair))),
    log: logger,
  });
}
