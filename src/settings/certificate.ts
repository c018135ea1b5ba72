import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { InputError } from './parsers.js';

export interface CertificatePair {
  /** PEM: the leaf first, then its intermediates. */
  certPem: string;
  /** PEM private key of the leaf. */
  keyPem: string;
}

export interface CertificateInfo {
  /** DNS names the leaf covers (subjectAltName; the CN when it has none). */
  names: string[];
  /** ISO 8601. */
  notAfter: string;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** The PEM blocks of a text, each on its own lines without blank ones (HAProxy's runtime payload ends at an empty line). */
export function pemBlocks(text: string): { label: string; pem: string }[] {
  return [...text.matchAll(PEM_BLOCK)].map((m) => ({
    label: m[1]!,
    pem: m[0]
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .join('\n'),
  }));
}

export function certificateInfo(cert: X509Certificate): CertificateInfo {
  const san = (cert.subjectAltName ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('DNS:'))
    .map((s) => s.slice(4).toLowerCase());
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1];
  return { names: san.length > 0 ? san : cn ? [cn.toLowerCase()] : [], notAfter: new Date(cert.validTo).toISOString() };
}

/**
 * Checks a certificate and key for the names in `hosts` before anything reaches the host: the key must
 * be the leaf's, the leaf must cover every host and must not have expired. Each error names its input
 * (`inputs`: which inputs the PEM came from; the ACME client passes its own words).
 */
export function checkCertificate(
  pair: CertificatePair,
  hosts: string[],
  now: Date,
  inputs: { cert: string; key: string } = { cert: 'tls-certificate', key: 'tls-certificate-key' },
): CertificateInfo & { pem: string } {
  const certs = pemBlocks(pair.certPem).filter((b) => b.label === 'CERTIFICATE');
  if (certs.length === 0) throw new InputError(inputs.cert, 'has no PEM certificate (-----BEGIN CERTIFICATE-----)');
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(certs[0]!.pem);
    for (const c of certs.slice(1)) new X509Certificate(c.pem);
  } catch (e) {
    throw new InputError(inputs.cert, `is not a readable PEM certificate (${(e as Error).message})`);
  }
  const keys = pemBlocks(pair.keyPem).filter((b) => /PRIVATE KEY$/.test(b.label));
  if (keys.length !== 1) throw new InputError(inputs.key, `must hold exactly one PEM private key, found ${keys.length}`);
  let key: KeyObject;
  try {
    key = createPrivateKey(keys[0]!.pem);
  } catch {
    // Never the key's text or the parser's words about it: they may quote it.
    throw new InputError(inputs.key, 'is not a readable, unencrypted PEM private key');
  }
  if (!leaf.checkPrivateKey(key)) {
    throw new InputError(inputs.key, `does not match the certificate in '${inputs.cert}' (subject ${leaf.subject.replace(/\n/g, ', ')}); give the key the certificate was issued for`);
  }
  const info = certificateInfo(leaf);
  const uncovered = hosts.filter((h) => leaf.checkHost(h, { subject: 'default' }) === undefined);
  if (uncovered.length > 0) {
    throw new InputError(inputs.cert, `does not cover ${uncovered.join(', ')} from 'hosts' (it names ${info.names.join(', ') || 'no DNS names'})`);
  }
  if (Date.parse(leaf.validTo) <= now.getTime()) throw new InputError(inputs.cert, `expired on ${info.notAfter}`);
  if (Date.parse(leaf.validFrom) > now.getTime()) throw new InputError(inputs.cert, `is not valid before ${new Date(leaf.validFrom).toISOString()}`);
  // One file the way HAProxy reads it: the chain, then the key.
  return { ...info, pem: `${[...certs.map((c) => c.pem), keys[0]!.pem].join('\n')}\n` };
}
