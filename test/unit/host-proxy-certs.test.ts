import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkCertificate, pemBlocks } from '../../src/settings/certificate.js';
import { crtListText, DEFAULT_CERT_PATH } from '../../src/deploy/placements/host-proxy/certs.js';
import { selfSignedCertificate } from '../../src/deploy/placements/host-proxy/default-cert.js';

describe('host proxy certificates (pure parts)', () => {
  it('makes a self-signed certificate node can parse and verify, valid for the asked span', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const c = selfSignedCertificate('shipshape default certificate', { now, days: 30 });
    const x = new X509Certificate(c.certPem);
    expect(x.subject).toBe('CN=shipshape default certificate');
    expect(x.verify(x.publicKey)).toBe(true);
    expect(new Date(x.validTo).toISOString()).toBe('2026-07-01T00:00:00.000Z');
    expect(x.checkPrivateKey(createPrivateKey(c.keyPem))).toBe(true);
    // Past 2049 the dates are GeneralizedTime.
    expect(new Date(new X509Certificate(selfSignedCertificate('x', { now: new Date('2049-12-01T00:00:00Z'), days: 60 }).certPem).validTo).getUTCFullYear()).toBe(2050);
  });

  it('checks a pair: key must match, every host covered, not expired; errors name the input and never quote the key', () => {
    const now = new Date();
    const self = selfSignedCertificate('a.test', { now });
    expect(checkCertificate(self, ['a.test'], now).names).toEqual(['a.test']);
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => checkCertificate({ certPem: self.certPem, keyPem: other }, ['a.test'], now)).toThrow(/^Input 'tls-certificate-key': does not match/);
    expect(() => checkCertificate(self, ['a.test', 'b.test'], now)).toThrow("Input 'tls-certificate': does not cover b.test from 'hosts' (it names a.test)");
    expect(() => checkCertificate(self, ['a.test'], new Date(now.getTime() + 4000 * 86_400_000))).toThrow(/^Input 'tls-certificate': expired on /);
    expect(() => checkCertificate({ certPem: 'nope', keyPem: self.keyPem }, [], now)).toThrow(/^Input 'tls-certificate': has no PEM certificate/);
    const broken = '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS10ZXh0\n-----END PRIVATE KEY-----\n';
    expect(() => checkCertificate({ certPem: self.certPem, keyPem: broken }, [], now)).toThrow(/^Input 'tls-certificate-key': is not a readable, unencrypted PEM private key$/);
    expect(() => checkCertificate({ certPem: self.certPem, keyPem: `${self.keyPem}${self.keyPem}` }, [], now)).toThrow(/exactly one PEM private key, found 2/);
    expect(() => checkCertificate(self, ['a.test'], now, { cert: 'acme certificate', key: 'acme key' })).not.toThrow();
  });

  it('joins chain and key into one file without blank lines (HAProxy payloads end at one)', () => {
    const self = selfSignedCertificate('a.test');
    const spaced = { certPem: `\n${self.certPem.replace(/\n/, '\n\n')}\n\n${self.certPem}`, keyPem: `\r\n${self.keyPem}` };
    const { pem } = checkCertificate(spaced, [], new Date());
    expect(pem).not.toMatch(/\n\n|\r/);
    expect(pemBlocks(pem).map((b) => b.label)).toEqual(['CERTIFICATE', 'CERTIFICATE', 'PRIVATE KEY']);
  });

  it('keeps the default certificate first in the crt-list (what no-SNI clients get), apps sorted and unique', () => {
    expect(crtListText(['/x/tls-app-b.pem', '/x/tls-app-a.pem', '/x/tls-app-b.pem', DEFAULT_CERT_PATH])).toBe(`${DEFAULT_CERT_PATH}\n/x/tls-app-a.pem\n/x/tls-app-b.pem\n`);
    expect(crtListText([])).toBe(`${DEFAULT_CERT_PATH}\n`);
  });
});
