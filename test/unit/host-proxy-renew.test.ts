import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACME_APPS_FILE, setAcmeApp, type AcmeHost } from '../../src/deploy/placements/host-proxy/acme.js';
import { renewCertificates } from '../../src/deploy/placements/host-proxy/renew.js';
import { certificateRecords } from '../../src/steps/renew.js';
import { memoryLogger } from '../support/deploy-settings.js';
import { runOk } from '../support/process.js';

// renewCertificates over an in-memory host: certificates not due are left alone without a word to any CA;
// one app's failure is reported and does not stop the others.
async function selfSigned(name: string, days: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'renew-unit-'));
  await runOk('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', String(days), '-subj', `/CN=${name}`, '-addext', `subjectAltName=DNS:${name}`, '-keyout', join(dir, 'k'), '-out', join(dir, 'c')]);
  return `${readFileSync(join(dir, 'c'), 'utf8')}${readFileSync(join(dir, 'k'), 'utf8')}`;
}

function memoryHost(certs: Record<string, string>): AcmeHost & { files: Map<string, string>; commands: string[] } {
  const files = new Map<string, string>();
  const commands: string[] = [];
  return {
    files,
    commands,
    runtime: async (c) => (commands.push(c), ''),
    readFile: async (f) => files.get(f),
    writeSecret: async (f, t) => void files.set(f, t),
    writeFile: async (f, t) => void files.set(f, t),
    storedCertificate: async (app) => certs[app],
    locked: (fn) => fn(),
  };
}

describe('renewCertificates', () => {
  let fresh = '';
  beforeAll(async () => {
    fresh = await selfSigned('a.renew.test', 90);
  });

  it('has nothing to do on a host without ACME apps', async () => {
    const log = memoryLogger();
    expect(await renewCertificates({ host: memoryHost({}), install: async () => {}, log })).toEqual([]);
    expect(log.lines).toEqual(['renew: no ACME certificates on this host (a deploy with tls: acme records one)']);
  });

  it('leaves a certificate that is not due alone (no ACME exchange, nothing installed); reports a failing one and goes on', async () => {
    const host = memoryHost({ a: fresh });
    // b has no certificate and a directory where nothing listens: its order fails at the directory.
    await setAcmeApp(host, 'b', { hosts: ['b.renew.test'], directory: 'https://127.0.0.1:9/dir' });
    await setAcmeApp(host, 'a', { hosts: ['a.renew.test'], directory: 'https://127.0.0.1:9/dir', email: 'ops@renew.test' });
    expect(JSON.parse(host.files.get(ACME_APPS_FILE)!)).toEqual({
      b: { hosts: ['b.renew.test'], directory: 'https://127.0.0.1:9/dir' },
      a: { hosts: ['a.renew.test'], directory: 'https://127.0.0.1:9/dir', email: 'ops@renew.test' },
    });
    const installed: string[] = [];
    const log = memoryLogger();
    const out = await renewCertificates({ host, install: async (app) => void installed.push(app), log, timeoutMs: 20_000 });
    expect(installed).toEqual([]);
    expect(host.commands).toEqual([]);
    expect(out.map((s) => [s.app, s.action])).toEqual([['a', 'reused'], ['b', 'failed']]);
    expect(out[0]!.daysLeft).toBeGreaterThanOrEqual(88);
    expect(out[1]!.error).toMatch(/^ACME \(https:\/\/127\.0\.0\.1:9\/dir\): the directory could not be fetched: .*ECONNREFUSED/);
    expect(log.lines.some((l) => l.startsWith('warning: renew: b (b.renew.test): ACME'))).toBe(true);
    // No certificate stored for b: the record says none, with a warning (it has no days left).
    const records = certificateRecords(out);
    expect(records[0]).toEqual({ app: 'a', names: ['a.renew.test'], not_after: out[0]!.notAfter, days_left: out[0]!.daysLeft, action: 'reused' });
    expect(records[1]).toMatchObject({ app: 'b', names: ['b.renew.test'], not_after: '', action: 'failed' });
    expect(records[1]!.warning).toBeUndefined();
  }, 60_000);

  it('decides "due" on the injected clock (SHIPSHAPE_CLOCK_OFFSET_MS): a 90-day certificate 70 days on is renewed', async () => {
    const host = memoryHost({ a: fresh });
    await setAcmeApp(host, 'a', { hosts: ['a.renew.test'], directory: 'https://127.0.0.1:9/dir' });
    const log = memoryLogger();
    process.env.SHIPSHAPE_CLOCK_OFFSET_MS = String(70 * 86_400_000);
    try {
      const out = await renewCertificates({ host, install: async () => {}, log, timeoutMs: 20_000 });
      // The order itself fails (nothing listens at the directory): what counts is that one was placed.
      expect(out.map((s) => [s.app, s.action])).toEqual([['a', 'failed']]);
      expect(out[0]!.daysLeft).toBeLessThanOrEqual(20);
      expect(log.lines.some((l) => /^ACME: ordering a certificate for a\.renew\.test .*the stored certificate is due/.test(l))).toBe(true);
    } finally {
      delete process.env.SHIPSHAPE_CLOCK_OFFSET_MS;
    }
  }, 60_000);

  it('forgets an app (remove), keeping the others', async () => {
    const host = memoryHost({});
    await setAcmeApp(host, 'a', { hosts: ['a.renew.test'], directory: 'https://x.test/dir' });
    await setAcmeApp(host, 'b', { hosts: ['b.renew.test'], directory: 'https://x.test/dir' });
    await setAcmeApp(host, 'a', undefined);
    expect(Object.keys(JSON.parse(host.files.get(ACME_APPS_FILE)!))).toEqual(['b']);
  });
});
