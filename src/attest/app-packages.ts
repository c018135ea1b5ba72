/** The app's packages from what the context ships: npm lockfiles and Python `*.dist-info/METADATA`. */
import type { FoundPackage } from './os-packages.js';

interface LockEntry {
  name?: string;
  version?: string;
  resolved?: string;
  integrity?: string;
  license?: string;
  link?: boolean;
}

const INTEGRITY_ALGORITHMS: Record<string, string> = { sha512: 'SHA512', sha384: 'SHA384', sha256: 'SHA256', sha1: 'SHA1' };

/** Subresource-integrity strings (`sha512-<base64>`, several space-separated) → SPDX algorithm → hex. */
export function integrityChecksums(integrity: string | undefined): Record<string, string> | undefined {
  if (!integrity) return undefined;
  const out: Record<string, string> = {};
  for (const part of integrity.trim().split(/\s+/)) {
    const m = /^(sha512|sha384|sha256|sha1)-([A-Za-z0-9+/=]+)$/.exec(part);
    if (m) out[INTEGRITY_ALGORITHMS[m[1]]] = Buffer.from(m[2], 'base64').toString('hex');
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * npm `package-lock.json` (lockfileVersion 2 and 3; also the hidden `node_modules/.package-lock.json`):
 * every `packages` entry under `node_modules/` except links (workspaces). The root entry ("") is the app.
 * A v1 lockfile has no `packages` and yields nothing (npm 7+ rewrites it on install).
 */
export function parsePackageLock(text: string, foundIn: string): FoundPackage[] {
  let lock: { lockfileVersion?: number; packages?: Record<string, LockEntry> };
  try {
    lock = JSON.parse(text) as typeof lock;
  } catch (e) {
    throw new Error(`${foundIn} is not valid JSON (${(e as Error).message})`);
  }
  const out: FoundPackage[] = [];
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    const at = key.lastIndexOf('node_modules/');
    if (at < 0 || entry.link || !entry.version) continue;
    const fullName = entry.name ?? key.slice(at + 'node_modules/'.length);
    const scoped = fullName.startsWith('@') && fullName.includes('/');
    const checksums = integrityChecksums(entry.integrity);
    out.push({
      type: 'npm',
      ...(scoped && { namespace: fullName.slice(0, fullName.indexOf('/')) }),
      name: scoped ? fullName.slice(fullName.indexOf('/') + 1) : fullName,
      version: entry.version,
      ...(typeof entry.license === 'string' && { license: entry.license }),
      ...(checksums && { checksums }),
      ...(entry.resolved && /^https?:\/\//.test(entry.resolved) && { downloadLocation: entry.resolved }),
      foundIn,
    });
  }
  return out;
}

/**
 * Python core metadata (`*.dist-info/METADATA`, packaging.python.org core-metadata): the header block
 * before the first blank line. `License-Expression` (metadata 2.4) wins over the free-text `License`.
 */
export function parseDistInfoMetadata(text: string, foundIn: string): FoundPackage | undefined {
  const headers = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    if (/^[ \t]/.test(line)) {
      if (last) headers.set(last, `${headers.get(last)}\n${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(last)) headers.set(last, line.slice(colon + 1).trim());
  }
  const name = headers.get('name');
  const version = headers.get('version');
  if (!name || !version) return undefined;
  const license = headers.get('license-expression') || headers.get('license');
  const homepage = headers.get('home-page');
  return {
    type: 'pypi',
    name,
    version,
    ...(license && license !== 'UNKNOWN' && { license }),
    ...(homepage && { homepage }),
    foundIn,
  };
}
