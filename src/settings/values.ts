import * as net from 'node:net';
import { InputError } from './parsers.js';
import { parseReference } from '../oci/reference.js';

// One validator per kind of value that ends up in a config file, a command line or a runtime API line.
// Each names where the value came from (an input, or a file on the deploy host) and shows it escaped.

const shown = (text: string) => JSON.stringify(text);

/** An absolute path of plain path characters (no spaces, quotes, `;`, `$`, newlines): safe in any command. */
export function socketPath(input: string, text: string): string {
  if (!/^\/[A-Za-z0-9._@+/-]*$/.test(text) || text.split('/').includes('..')) {
    throw new InputError(input, `${shown(text)} must be an absolute socket path of letters, digits and . _ - @ + / (e.g. /var/run/docker.sock)`);
  }
  return text;
}

/** An absolute path inside the image (file paths in layers, the container's working directory): no `..`, no control characters. */
export function absolutePath(input: string, text: string): string {
  // eslint-disable-next-line no-control-regex
  if (!text.startsWith('/') || /[\u0000-\u001f\u007f]/.test(text) || text.split('/').includes('..')) {
    throw new InputError(input, `${shown(text)} must be an absolute path without .. or control characters`);
  }
  return text;
}

/**
 * An HTTP path with an optional query, of URL characters only: it goes into HAProxy's `option httpchk` line
 * and the soak probe's request line, where whitespace, a quote, a backslash or `#` would change their meaning.
 */
export function urlPath(input: string, text: string): string {
  if (!/^\/(?:[A-Za-z0-9\-._~!&()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/.test(text)) {
    throw new InputError(
      input,
      `${shown(text)} must be a URL path (and query) starting with /, of letters, digits and - . _ ~ ! & ( ) * + , ; = : @ / ? or %XX escapes — no whitespace, quotes, backslashes or #`,
    );
  }
  return text;
}

/** An image reference as Docker takes it (`name[:tag][@digest]`). */
export function imageReference(input: string, text: string): string {
  try {
    parseReference(text);
  } catch (e) {
    throw new InputError(input, `${shown(text)} is not an image reference (${(e as Error).message})`);
  }
  if (/\s/.test(text)) throw new InputError(input, `${shown(text)} is not an image reference (whitespace)`);
  return text;
}

/** `host`, `host:port` or `[v6]:port`, as a registry host is written. */
export function registryHostName(input: string, text: string): string {
  if (!/^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(text)) {
    throw new InputError(input, `${shown(text)} is not a registry host (host or host:port)`);
  }
  return text;
}

/** A value read back from the deploy host that is about to be used: it must be what shipshape wrote there. */
export class HostValueError extends Error {
  constructor(where: string, what: string, value: unknown) {
    super(`${where} holds ${shown(String(value)).slice(0, 200)} as ${what}, which shipshape never writes; check or remove it on the host`);
    this.name = 'HostValueError';
  }
}

export function ipAddress(where: string, text: string): string {
  if (net.isIP(text) === 0) throw new HostValueError(where, 'an IP address', text);
  return text;
}

export function oneOf<T extends string>(where: string, what: string, allowed: readonly T[], value: unknown): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw new HostValueError(where, what, value);
  return value as T;
}

/** `repo@sha256:…`: the only form of image shipshape labels containers with. */
export function digestReference(where: string, text: string): string {
  let ok = false;
  try {
    ok = !!parseReference(text).digest && !/\s/.test(text);
  } catch {
    ok = false;
  }
  if (!ok) throw new HostValueError(where, 'an image by digest', text);
  return text;
}
