import { InputError } from './parsers.js';
import { parseReference } from '../oci/reference.js';

// One validator per kind of input value that ends up in a config file, a command line or a runtime API
// line. Each names its input and shows the value escaped. The values read back from the deploy host
// have their own validators (src/host-values.ts).

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
