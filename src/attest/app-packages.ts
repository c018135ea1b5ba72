/**
 * The app's packages from what the context ships: npm lockfiles and Python `*.dist-info/METADATA`.
 * These files are the user's, read beside the build and turned into SBOM entries while (or after) the
 * image is pushed, so a reader never throws on their content: an entry it cannot trust is left out of
 * the SBOM with a warning naming the file and the entry, and the rest of the file still counts.
 */
import type { FoundPackage } from './os-packages.js';

export interface ReadOptions {
  /** Told each entry (or file) left out of the SBOM, and why. */
  warn?: (message: string) => void;
  /** How messages name the file (default: `foundIn`). */
  file?: string;
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

/** A value as a message shows it: short, one line. */
function shown(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** At most this many warnings per file; the rest are counted in one more. */
const MAX_WARNINGS = 5;

function reporter(file: string, warn: (message: string) => void) {
  let count = 0;
  return {
    entry(entry: string, problem: string) {
      if (++count <= MAX_WARNINGS) warn(`${file}: ${shown(entry)} ${problem}; that entry is left out of the SBOM`);
    },
    file(problem: string, outcome = 'its packages are left out of the SBOM') {
      warn(`${file} ${problem}; ${outcome}`);
    },
    done() {
      if (count > MAX_WARNINGS) warn(`${file}: ${count - MAX_WARNINGS} more bad entries are left out of the SBOM`);
    },
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** npm package names (validate-npm-package-name, leniently): `name` or `@scope/name`, no spaces, no more slashes, at most 214 characters. */
const NPM_NAME = /^(?:@[^\s/@]+\/)?[^\s/@.][^\s/]*$/;
const OPTIONAL_STRINGS = ['name', 'resolved', 'integrity'] as const;

/** Why a lockfile entry cannot be trusted, or undefined when it can. */
function lockEntryProblem(entry: unknown, keyName: string): string | undefined {
  if (!isObject(entry)) return `is ${shown(entry)}, not an object`;
  if (entry.link !== undefined && typeof entry.link !== 'boolean') return `has link ${shown(entry.link)}, not true or false`;
  if (entry.link) return undefined;
  if (entry.version !== undefined && (typeof entry.version !== 'string' || !/^\S{1,256}$/.test(entry.version))) return `has version ${shown(entry.version)}, not a version string`;
  for (const field of OPTIONAL_STRINGS) {
    if (entry[field] !== undefined && typeof entry[field] !== 'string') return `has ${field} ${shown(entry[field])}, not a string`;
  }
  const name = (entry.name as string | undefined) ?? keyName;
  if (name.length > 214 || !NPM_NAME.test(name)) return entry.name === undefined ? `does not end in a package name` : `has name ${shown(name)}, not a package name`;
  return undefined;
}

/**
 * npm `package-lock.json` (lockfileVersion 2 and 3; also the hidden `node_modules/.package-lock.json`):
 * every `packages` entry under `node_modules/` except links (workspaces). The root entry ("") is the app.
 * A v1 lockfile has no `packages` and yields nothing (npm 7+ rewrites it on install).
 */
export function parsePackageLock(text: string, foundIn: string, opts: ReadOptions = {}): FoundPackage[] {
  const report = reporter(opts.file ?? foundIn, opts.warn ?? (() => {}));
  let lock: unknown;
  try {
    lock = JSON.parse(text);
  } catch (e) {
    report.file(`is not valid JSON (${(e as Error).message})`);
    return [];
  }
  if (!isObject(lock)) {
    report.file(`holds ${shown(lock)}, not a lockfile object`);
    return [];
  }
  if (lock.packages !== undefined && !isObject(lock.packages)) {
    report.file(`has "packages" ${shown(lock.packages)}, not an object`);
    return [];
  }
  const out: FoundPackage[] = [];
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    const at = key.lastIndexOf('node_modules/');
    if (at < 0) continue;
    const problem = lockEntryProblem(entry, key.slice(at + 'node_modules/'.length));
    if (problem) {
      report.entry(key, problem);
      continue;
    }
    const e = entry as { name?: string; version?: string; resolved?: string; integrity?: string; license?: unknown; link?: boolean };
    if (e.link || !e.version) continue;
    const fullName = e.name ?? key.slice(at + 'node_modules/'.length);
    const scoped = fullName.startsWith('@');
    const checksums = integrityChecksums(e.integrity);
    out.push({
      type: 'npm',
      ...(scoped && { namespace: fullName.slice(0, fullName.indexOf('/')) }),
      name: scoped ? fullName.slice(fullName.indexOf('/') + 1) : fullName,
      version: e.version,
      ...(typeof e.license === 'string' && { license: e.license }),
      ...(checksums && { checksums }),
      ...(e.resolved && /^https?:\/\//.test(e.resolved) && { downloadLocation: e.resolved }),
      foundIn,
    });
  }
  report.done();
  return out;
}

/** PEP 508 project names; versions as PEP 440 spells them (letters, digits and `.!+-_`), one line. */
const PYPI_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;
const PYPI_VERSION = /^[A-Za-z0-9.!+_-]{1,128}$/;

/**
 * Python core metadata (`*.dist-info/METADATA`, packaging.python.org core-metadata): the header block
 * before the first blank line. `License-Expression` (metadata 2.4) wins over the free-text `License`.
 */
export function parseDistInfoMetadata(text: string, foundIn: string, opts: ReadOptions = {}): FoundPackage | undefined {
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
  const report = reporter(opts.file ?? foundIn, opts.warn ?? (() => {}));
  const problem = !name
    ? 'has no Name header'
    : !PYPI_NAME.test(name)
      ? `has Name ${shown(name)}, not a Python project name`
      : !version
        ? 'has no Version header'
        : !PYPI_VERSION.test(version)
          ? `has Version ${shown(version)}, not a version`
          : undefined;
  if (problem) {
    report.file(problem, 'that package is left out of the SBOM');
    return undefined;
  }
  const license = headers.get('license-expression') || headers.get('license');
  const homepage = headers.get('home-page');
  return {
    type: 'pypi',
    name: name!,
    version: version!,
    ...(license && license !== 'UNKNOWN' && { license }),
    ...(homepage && { homepage }),
    foundIn,
  };
}
