import { checkCertificate, type CertificatePair } from './certificate.js';
import { DEFAULTS, withDefaults } from './defaults.js';
import { InputError, parseList, parsePublishedPort, type InputReader } from './parsers.js';

// The host-wide proxy's inputs (issue 12): an app with `hosts` is routed by Host (and path prefix)
// on one proxy per host instead of getting its own on `public-port`.

export type TlsMode = 'off' | 'acme' | 'provided';

export interface RouteSettings {
  /** Lower-case DNS names, in the order given (the first one makes the `url` output). */
  hosts: string[];
  /** `/seg[/seg…]` without a trailing slash; absent: the whole host. Stripped before the app sees the path. */
  pathPrefix?: string;
  tls: TlsMode;
  httpPort: { address?: string; port: number };
  httpsPort: { address?: string; port: number };
  /** tls: provided — checked against `hosts` when read (key matches, names covered, not expired). */
  certificate?: CertificatePair;
  /** tls: acme. */
  acme?: { email?: string; directory: string };
}

/** acme-directory's declared default. */
export const LETS_ENCRYPT = DEFAULTS['acme-directory'];

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A DNS host name (letters, digits, `-`, dots; ≤ 253): the only thing that reaches HAProxy's ACLs and maps. */
export function hostName(input: string, text: string): string {
  const t = text.trim().toLowerCase().replace(/\.$/, '');
  if (t.length === 0 || t.length > 253 || !t.split('.').every((l) => LABEL.test(l))) {
    throw new InputError(input, `${JSON.stringify(text)} is not a host name (dot-separated labels of letters, digits and -, e.g. www.example.com)`);
  }
  return t;
}

/**
 * `/api` or `/api/v2`: segments of unreserved URL characters, so it is safe in an ACL and a regsub. No
 * empty segment (`//`) and no `.` or `..` segment: HAProxy matches the path as the client sent it, and
 * clients normalise those away, so such a prefix would never match.
 */
export function pathPrefix(input: string, text: string): string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const fail = (why: string, instead: string) => new InputError(input, `${JSON.stringify(text)} ${why}; ${instead}`);
  if (!/^(?:\/[A-Za-z0-9._~-]*)+$/.test(t)) {
    throw fail('must be a path like /api or /api/v2 (segments of letters, digits and . _ ~ -)', 'write the prefix the app is reached under, e.g. /api');
  }
  if (t === '/') return undefined;
  const segments = t.replace(/\/$/, '').split('/').slice(1);
  if (segments.some((s) => s === '')) {
    const single = t.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
    const example = single === '/' ? '' : `write ${JSON.stringify(single)}, or `;
    throw fail('has an empty segment (//)', `${example}leave ${input} empty to route the whole host`);
  }
  if (segments.some((s) => s === '.' || s === '..')) {
    throw fail('has a . or .. segment, which clients resolve before sending, so no request would match it', 'write the path the requests actually use (e.g. /api/x instead of /api/../x or /api/./x)');
  }
  return t.replace(/\/$/, '');
}

/** `secrets` gets the certificate key (masked before anything is logged). */
export function readRouteSettings(given: InputReader, secrets: string[] = [], now = new Date()): RouteSettings | undefined {
  const get = withDefaults(given);
  const hosts = [...new Set(parseList(get('hosts')).map((h) => hostName('hosts', h)))];
  const tlsText = get('tls').trim();
  if (!['off', 'acme', 'provided'].includes(tlsText)) throw new InputError('tls', `${JSON.stringify(tlsText)} must be off, acme or provided`);
  const prefix = pathPrefix('path-prefix', get('path-prefix'));
  const certPem = get('tls-certificate');
  const keyPem = get('tls-certificate-key');
  if (keyPem) secrets.push(keyPem);
  for (const [input, set] of [['tls-certificate', certPem], ['tls-certificate-key', keyPem]] as const) {
    if (set && tlsText !== 'provided') throw new InputError(input, `is set, but tls is "${tlsText}"; say tls: provided to use it`);
  }
  // acme-directory always comes with its declared default: only the e-mail says the user meant ACME.
  if (get('acme-email') && tlsText !== 'acme') throw new InputError('acme-email', `is set, but tls is "${tlsText}"; say tls: acme to use it`);
  if (hosts.length === 0) {
    if (prefix) throw new InputError('path-prefix', 'needs hosts: a path prefix is routed on the host-wide proxy');
    if (tlsText !== 'off') throw new InputError('tls', `"${tlsText}" needs hosts: TLS is served by the host-wide proxy`);
    return undefined;
  }
  let certificate: CertificatePair | undefined;
  if (tlsText === 'provided') {
    if (!certPem) throw new InputError('tls-certificate', 'is required with tls: provided (the PEM certificate, its chain after it)');
    if (!keyPem) throw new InputError('tls-certificate-key', 'is required with tls: provided (the PEM private key of tls-certificate)');
    certificate = { certPem, keyPem };
    checkCertificate(certificate, hosts, now);
  }
  const directory = get('acme-directory');
  if (tlsText === 'acme' && !/^https:\/\/[^\s/]+/.test(directory)) throw new InputError('acme-directory', `"${directory}" must be an https:// URL of an ACME directory`);
  const email = get('acme-email');
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new InputError('acme-email', `"${email}" is not an e-mail address`);
  return {
    hosts,
    ...(prefix && { pathPrefix: prefix }),
    tls: tlsText as TlsMode,
    ...(certificate && { certificate }),
    ...(tlsText === 'acme' && { acme: { ...(email && { email }), directory } }),
    httpPort: parsePublishedPort('http-port', get('http-port')),
    httpsPort: parsePublishedPort('https-port', get('https-port')),
  };
}

/** The app's first route, as the `url` output says it. */
export function routeUrl(r: RouteSettings): string {
  const secure = r.tls !== 'off';
  const p = secure ? r.httpsPort.port : r.httpPort.port;
  const port = p === (secure ? 443 : 80) ? '' : `:${p}`;
  return `${secure ? 'https' : 'http'}://${r.hosts[0]}${port}${r.pathPrefix ?? '/'}`;
}
