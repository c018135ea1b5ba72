import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

// A minimal self-signed X.509 v1 certificate in DER, for the host proxy's default certificate: what a
// TLS client that sends no SNI (or an unknown name) is shown. Node can verify certificates but not make
// them, and the proxy image has no openssl; nobody is meant to trust this one.

const der = (tag: number, body: Buffer): Buffer => {
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
};
const seq = (...parts: Buffer[]) => der(0x30, Buffer.concat(parts));
const oid = (bytes: number[]) => der(0x06, Buffer.from(bytes));
const ECDSA_SHA256 = seq(oid([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]));
const name = (cn: string) => seq(der(0x31, seq(oid([0x55, 0x04, 0x03]), der(0x0c, Buffer.from(cn, 'utf8')))));
const time = (d: Date) => {
  const s = d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  // UTCTime until 2049, GeneralizedTime after (RFC 5280 §4.1.2.5).
  return d.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(`${s.slice(2)}Z`)) : der(0x18, Buffer.from(`${s}Z`));
};

const pem = (label: string, body: Buffer) => `-----BEGIN ${label}-----\n${body.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;

/** A P-256 key and a self-signed certificate for `commonName`, valid from `now` − 1 day for `days`. */
export function selfSignedCertificate(commonName: string, o: { now?: Date; days?: number; key?: KeyObject } = {}): { certPem: string; keyPem: string } {
  const key = o.key ?? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const now = o.now ?? new Date();
  const from = new Date(now.getTime() - 86_400_000);
  const to = new Date(now.getTime() + (o.days ?? 3650) * 86_400_000);
  const serial = Buffer.from(Array.from({ length: 8 }, (_, i) => (i === 0 ? 0x01 : Math.floor(Math.random() * 256))));
  const tbs = seq(der(0x02, serial), ECDSA_SHA256, name(commonName), seq(time(from), time(to)), name(commonName), createPublicKey(key).export({ type: 'spki', format: 'der' }));
  const signature = sign('sha256', tbs, key);
  const cert = seq(tbs, ECDSA_SHA256, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  return { certPem: pem('CERTIFICATE', cert), keyPem: createPrivateKey(key.export({ type: 'pkcs8', format: 'pem' })).export({ type: 'pkcs8', format: 'pem' }).toString() };
}
