import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accountKeyFile,
  datesOf,
  daysLeft,
  dueAt,
  expiryWarning,
  parseStored,
  renewalDue,
  whyNotReusable,
} from '../../src/deploy/placements/host-proxy/acme-due.js';
import { runOk } from '../support/process.js';

const day = 86_400_000;
const at = (iso: string) => new Date(iso);

describe('renewalDue (under a third of the lifetime left)', () => {
  const ninety = { notBefore: at('2026-01-01T00:00:00Z'), notAfter: at('2026-04-01T00:00:00Z') }; // 90 days
  it('is not due two days before the two-thirds mark, due one second after it', () => {
    expect(dueAt(ninety).toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(renewalDue(ninety, new Date(dueAt(ninety).getTime() - 2 * day))).toBe(false);
    expect(renewalDue(ninety, dueAt(ninety))).toBe(false);
    expect(renewalDue(ninety, new Date(dueAt(ninety).getTime() + 1000))).toBe(true);
  });
  it('is due once expired and scales with the lifetime (a 30-second certificate is due after 20 s)', () => {
    expect(renewalDue(ninety, at('2026-05-01T00:00:00Z'))).toBe(true);
    const short = { notBefore: at('2026-01-01T00:00:00Z'), notAfter: at('2026-01-01T00:00:30Z') };
    expect(renewalDue(short, at('2026-01-01T00:00:19Z'))).toBe(false);
    expect(renewalDue(short, at('2026-01-01T00:00:21Z'))).toBe(true);
  });
});

describe('expiryWarning', () => {
  it('warns under 14 days, names the app, its names and the date; says expired when past', () => {
    const base = { app: 'web', names: ['a.test', 'b.test'], notAfter: '2026-04-01T00:00:00.000Z' };
    expect(expiryWarning({ ...base, daysLeft: 14 })).toBeUndefined();
    expect(expiryWarning({ ...base, daysLeft: 13 })).toBe('the certificate of web (a.test, b.test) expires in 13 days, on 2026-04-01T00:00:00.000Z; run the renew workflow or check ACME\'s error above');
    expect(expiryWarning({ ...base, daysLeft: 1 })).toContain('expires in 1 day,');
    expect(expiryWarning({ ...base, daysLeft: -1 })).toContain('(a.test, b.test) expired, on');
    expect(daysLeft(at('2026-04-01T00:00:00Z'), at('2026-03-18T01:00:00Z'))).toBe(13);
  });
});

describe('stored certificates', () => {
  let chainAndKey = '';
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acme-due-'));
    const f = (n: string) => join(dir, n);
    await runOk('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '90', '-subj', '/CN=a.test', '-addext', 'subjectAltName=DNS:a.test,DNS:b.test', '-keyout', f('key.pem'), '-out', f('cert.pem')]);
    chainAndKey = `${readFileSync(f('cert.pem'), 'utf8')}${readFileSync(f('key.pem'), 'utf8')}`;
  });

  it('parses the chain-then-key file HAProxy reads; nothing from an empty or key-less file', () => {
    const s = parseStored(chainAndKey)!;
    expect(s.certPem).toMatch(/^-----BEGIN CERTIFICATE-----[\s\S]*-----END CERTIFICATE-----\n$/);
    expect(s.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----[\s\S]*-----END PRIVATE KEY-----\n$/);
    expect(parseStored(undefined)).toBeUndefined();
    expect(parseStored('')).toBeUndefined();
    expect(parseStored(s.certPem)).toBeUndefined();
  });

  it('reuses a certificate covering every host and not due; says why not otherwise', () => {
    const leaf = parseStored(chainAndKey)!.leaf;
    const d = datesOf(leaf);
    const now = new Date(d.notBefore.getTime() + day);
    expect(whyNotReusable(leaf, ['a.test', 'b.test'], now)).toBeUndefined();
    expect(whyNotReusable(leaf, ['b.test'], now)).toBeUndefined();
    expect(whyNotReusable(leaf, ['a.test', 'c.test'], now)).toBe('the stored certificate does not cover c.test');
    expect(whyNotReusable(leaf, ['a.test'], new Date(d.notAfter.getTime() - 29 * day))).toMatch(/^the stored certificate is due \(under a third of its lifetime left; expires /);
    expect(whyNotReusable(undefined, ['a.test'], now)).toBe('no certificate is stored for this app yet');
  });
});

describe('accountKeyFile', () => {
  it('is one file per directory, stable, and a safe file name', () => {
    const a = accountKeyFile('https://acme-v02.api.letsencrypt.org/directory');
    expect(a).toMatch(/^acme-account-[0-9a-f]{16}\.key$/);
    expect(accountKeyFile('https://acme-v02.api.letsencrypt.org/directory')).toBe(a);
    expect(accountKeyFile('https://127.0.0.1:14000/dir')).not.toBe(a);
  });
});
