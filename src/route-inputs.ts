import { InputError, parseList } from './input-parsers.js';
import { parsePublishedPort, type InputReader } from './inputs.js';

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
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A DNS host name (letters, digits, `-`, dots; ≤ 253): the only thing that reaches HAProxy's ACLs and maps. */
export function hostName(input: string, text: string): string {
  const t = text.trim().toLowerCase().replace(/\.$/, '');
  if (t.length === 0 || t.length > 253 || !t.split('.').every((l) => LABEL.test(l))) {
    throw new InputError(input, `${JSON.stringify(text)} is not a host name (dot-separated labels of letters, digits and -, e.g. www.example.com)`);
  }
  return t;
}

/** `/api` or `/api/v2`: segments of unreserved URL characters, so it is safe in an ACL and a regsub. */
export function pathPrefix(input: string, text: string): string | undefined {
  const t = text.trim().replace(/\/+$/, '');
  if (t === '') return undefined;
  if (!/^(?:\/[A-Za-z0-9._~-]+)+$/.test(t)) {
    throw new InputError(input, `${JSON.stringify(text)} must be a path like /api or /api/v2 (segments of letters, digits and . _ ~ -)`);
  }
  return t;
}

export function readRouteSettings(get: InputReader): RouteSettings | undefined {
  const hosts = [...new Set(parseList(get('hosts')).map((h) => hostName('hosts', h)))];
  const tlsText = get('tls').trim() || 'off';
  if (!['off', 'acme', 'provided'].includes(tlsText)) throw new InputError('tls', `${JSON.stringify(tlsText)} must be off, acme or provided`);
  const prefix = pathPrefix('path-prefix', get('path-prefix'));
  if (hosts.length === 0) {
    if (prefix) throw new InputError('path-prefix', 'needs hosts: a path prefix is routed on the host-wide proxy');
    if (tlsText !== 'off') throw new InputError('tls', `"${tlsText}" needs hosts: TLS is served by the host-wide proxy`);
    return undefined;
  }
  return {
    hosts,
    ...(prefix && { pathPrefix: prefix }),
    tls: tlsText as TlsMode,
    httpPort: parsePublishedPort('http-port', get('http-port'), '80'),
    httpsPort: parsePublishedPort('https-port', get('https-port'), '443'),
  };
}

/** The app's first route, as the `url` output says it. */
export function routeUrl(r: RouteSettings): string {
  const secure = r.tls !== 'off';
  const p = secure ? r.httpsPort.port : r.httpPort.port;
  const port = p === (secure ? 443 : 80) ? '' : `:${p}`;
  return `${secure ? 'https' : 'http'}://${r.hosts[0]}${port}${r.pathPrefix ?? '/'}`;
}
