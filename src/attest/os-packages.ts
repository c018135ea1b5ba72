/** Package databases of the base image's OS: dpkg's status file, apk's installed database, os-release. */

/** One package as its database lists it, before it becomes an SPDX package. */
export interface FoundPackage {
  /** purl type: deb, apk, npm, pypi */
  type: 'deb' | 'apk' | 'npm' | 'pypi';
  /** purl namespace: the distro for deb/apk, the scope for npm */
  namespace?: string;
  name: string;
  version: string;
  qualifiers?: Record<string, string>;
  /** The license as the source states it; checked against SPDX expression syntax when the document is built. */
  license?: string;
  /** SPDX algorithm name → lowercase hex. */
  checksums?: Record<string, string>;
  downloadLocation?: string;
  homepage?: string;
  /** Where it was found (a path in the image or the context), for sourceInfo. */
  foundIn: string;
}

export interface OsRelease {
  id?: string;
  versionId?: string;
  prettyName?: string;
}

/** `KEY=value` lines (freedesktop os-release(5)): values may be quoted, `#` starts a comment. */
export function parseOsRelease(text: string): OsRelease {
  const values: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    let value = line.slice(eq + 1).trim();
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1).replace(/\\(["'\\$`])/g, '$1');
    values[line.slice(0, eq)] = value;
  }
  return {
    ...(values.ID && { id: values.ID.toLowerCase() }),
    ...(values.VERSION_ID && { versionId: values.VERSION_ID }),
    ...(values.PRETTY_NAME && { prettyName: values.PRETTY_NAME }),
  };
}

/** RFC 822-style stanzas separated by blank lines; continuation lines (leading space) join their field. */
export function parseStanzas(text: string): Map<string, string>[] {
  const stanzas: Map<string, string>[] = [];
  let current = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (current.size > 0) stanzas.push(current);
      current = new Map();
      last = undefined;
    } else if (/^[ \t]/.test(line)) {
      if (last) current.set(last, `${current.get(last)}\n${line.trim()}`);
    } else {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      last = line.slice(0, colon).trim();
      current.set(last, line.slice(colon + 1).trim());
    }
  }
  if (current.size > 0) stanzas.push(current);
  return stanzas;
}

function distroQualifiers(os: OsRelease, arch: string | undefined): Record<string, string> {
  return {
    ...(arch && { arch }),
    ...(os.id && os.versionId && { distro: `${os.id}-${os.versionId}` }),
  };
}

/** One OS package: the distro (os-release ID, else the package manager's usual one) as the purl namespace. */
function osPackage(
  type: 'deb' | 'apk',
  os: OsRelease,
  p: { name: string; version: string; arch?: string; upstream?: string; license?: string; homepage?: string; foundIn: string },
): FoundPackage {
  const { name, version, arch, upstream, license, homepage, foundIn } = p;
  return {
    type,
    namespace: os.id ?? (type === 'deb' ? 'debian' : 'alpine'),
    name,
    version,
    qualifiers: { ...distroQualifiers(os, arch), ...(upstream && upstream !== name && { upstream }) },
    ...(license && { license }),
    ...(homepage && { homepage }),
    foundIn,
  };
}

/**
 * dpkg `var/lib/dpkg/status` (or one `status.d/` file, which distroless images use and which carry no
 * Status field): installed entries only (`Status: install ok installed`).
 */
export function parseDpkgStatus(text: string, os: OsRelease, foundIn: string): FoundPackage[] {
  const out: FoundPackage[] = [];
  for (const s of parseStanzas(text)) {
    const name = s.get('Package');
    const version = s.get('Version');
    const status = s.get('Status');
    if (!name || !version) continue;
    if (status !== undefined && status.split(/\s+/)[2] !== 'installed') continue;
    out.push(osPackage('deb', os, { name, version, arch: s.get('Architecture'), homepage: s.get('Homepage'), foundIn }));
  }
  return out;
}

/**
 * apk `lib/apk/db/installed`: one stanza per package, single-letter keys (P name, V version, A arch,
 * L license, U url, o origin). The `C:` checksum covers the control data, not the package, so it is not used.
 */
export function parseApkInstalled(text: string, os: OsRelease, foundIn: string): FoundPackage[] {
  const out: FoundPackage[] = [];
  for (const s of parseStanzas(text)) {
    const name = s.get('P');
    const version = s.get('V');
    if (!name || !version) continue;
    out.push(osPackage('apk', os, { name, version, arch: s.get('A'), upstream: s.get('o'), license: s.get('L'), homepage: s.get('U'), foundIn }));
  }
  return out;
}
