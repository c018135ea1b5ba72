/** SPDX 2.3 JSON documents (spdx.github.io/spdx-spec/v2.3): one per platform image. */
import { createHash } from 'node:crypto';
import { PackageURL } from 'packageurl-js';
import parseSpdxExpression from 'spdx-expression-parse';
import type { FoundPackage } from './os-packages.js';

export const SPDX_MEDIA_TYPE = 'application/spdx+json';

export interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  supplier?: string;
  downloadLocation: string;
  filesAnalyzed: boolean;
  checksums?: { algorithm: string; checksumValue: string }[];
  homepage?: string;
  sourceInfo?: string;
  licenseConcluded: string;
  licenseDeclared: string;
  licenseComments?: string;
  copyrightText: string;
  externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[];
  primaryPackagePurpose?: string;
}

export interface SpdxDocument {
  spdxVersion: 'SPDX-2.3';
  dataLicense: 'CC0-1.0';
  SPDXID: 'SPDXRef-DOCUMENT';
  name: string;
  documentNamespace: string;
  creationInfo: { created: string; creators: string[] };
  documentDescribes: string[];
  packages: SpdxPackage[];
  relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
}

export interface ImageSubject {
  /** `registry/repository` */
  repository: string;
  /** `linux/amd64` */
  platform: string;
  manifestDigest: string;
}

export interface SpdxOptions {
  image: ImageSubject;
  /** Seconds since the epoch: the image's own `created`, so the same inputs give the same bytes. */
  created: number;
  /** `shipshape-0.1.0` */
  tool: string;
  packages: FoundPackage[];
}

/** SPDX timestamps are `YYYY-MM-DDThh:mm:ssZ` (no fraction). */
export function spdxTime(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A declared license as a valid SPDX expression, else NOASSERTION with the source's text kept as a comment. */
export function spdxLicense(text: string | undefined): { declared: string; comment?: string } {
  const t = text?.trim();
  if (!t) return { declared: 'NOASSERTION' };
  let known = checkedLicenses.get(t);
  if (!known) {
    try {
      parseSpdxExpression(t);
      known = { declared: t };
    } catch {
      known = { declared: 'NOASSERTION', comment: `declared by the package as: ${t}` };
    }
    checkedLicenses.set(t, known);
  }
  return known;
}

// Most packages share a few license texts, and every platform's SBOM lists the same package objects:
// each license is parsed and each purl formatted once.
const checkedLicenses = new Map<string, { declared: string; comment?: string }>();
const purls = new WeakMap<FoundPackage, string>();

export function purlOf(p: FoundPackage): string {
  let purl = purls.get(p);
  if (purl === undefined) {
    const qualifiers = p.qualifiers && Object.keys(p.qualifiers).length > 0 ? p.qualifiers : undefined;
    purl = new PackageURL(p.type, p.namespace, p.name, p.version, qualifiers, undefined).toString();
    purls.set(p, purl);
  }
  return purl;
}

/** SPDX ids allow letters, digits, `.` and `-`; the hash keeps two packages whose names clean up alike apart. */
function spdxId(kind: string, name: string, key: string): string {
  const clean = name.replace(/[^A-Za-z0-9.-]+/g, '-').slice(0, 64);
  return `SPDXRef-${kind}-${clean}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

function imagePurl(image: ImageSubject): string {
  const [os, arch, variant] = image.platform.split('/');
  const name = image.repository.split('/').pop()!;
  const qualifiers: Record<string, string> = { repository_url: image.repository, arch: variant ? `${arch}/${variant}` : arch, os };
  return new PackageURL('oci', undefined, name, image.manifestDigest, qualifiers, undefined).toString();
}

// A package's entry does not depend on the image: made once (prepareSpdxPackages runs while the image
// builds), shared by every platform's document.
const entries = new WeakMap<FoundPackage, { purl: string; entry: SpdxPackage }>();

function spdxPackageOf(p: FoundPackage): { purl: string; entry: SpdxPackage } {
  const known = entries.get(p);
  if (known) return known;
  const purl = purlOf(p);
  const license = spdxLicense(p.license);
  const checksums = Object.entries(p.checksums ?? {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([algorithm, checksumValue]) => ({ algorithm, checksumValue }));
  const entry: SpdxPackage = {
    SPDXID: spdxId(`Package-${p.type}`, p.namespace ? `${p.namespace}-${p.name}` : p.name, purl),
    name: p.namespace && p.type === 'npm' ? `${p.namespace}/${p.name}` : p.name,
    versionInfo: p.version,
    downloadLocation: p.downloadLocation ?? 'NOASSERTION',
    filesAnalyzed: false,
    ...(checksums.length > 0 && { checksums }),
    ...(p.homepage && /^https?:\/\//.test(p.homepage) && { homepage: p.homepage }),
    sourceInfo: `listed in ${p.foundIn}`,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: license.declared,
    ...(license.comment && { licenseComments: license.comment }),
    copyrightText: 'NOASSERTION',
    externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl }],
    primaryPackagePurpose: 'LIBRARY',
  };
  const made = { purl, entry };
  entries.set(p, made);
  return made;
}

/** Makes the packages' SPDX entries ahead of the documents (they do not depend on the image's digests). */
export function prepareSpdxPackages(packages: FoundPackage[]): void {
  for (const p of packages) spdxPackageOf(p);
}

/** The SPDX document of one platform image: the image as the described package, containing every package found (deduplicated by purl, sorted). */
export function spdxDocument(opts: SpdxOptions): SpdxDocument {
  const { image } = opts;
  const hex = image.manifestDigest.replace(/^sha256:/, '');
  const imageId = 'SPDXRef-image';
  const imagePackage: SpdxPackage = {
    SPDXID: imageId,
    name: image.repository,
    versionInfo: image.manifestDigest,
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    checksums: [{ algorithm: 'SHA256', checksumValue: hex }],
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: 'NOASSERTION',
    copyrightText: 'NOASSERTION',
    externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: imagePurl(image) }],
    primaryPackagePurpose: 'CONTAINER',
  };
  const byPurl = new Map<string, SpdxPackage>();
  for (const p of opts.packages) {
    const { purl, entry } = spdxPackageOf(p);
    if (!byPurl.has(purl)) byPurl.set(purl, entry);
  }
  const packages = [...byPurl.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p);
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `${image.repository}@${image.manifestDigest} (${image.platform})`,
    documentNamespace: `https://spdx.org/spdxdocs/${opts.tool}/${image.repository}/${hex}`,
    creationInfo: { created: spdxTime(opts.created), creators: [`Tool: ${opts.tool}`] },
    documentDescribes: [imageId],
    packages: [imagePackage, ...packages],
    relationships: [
      { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: imageId },
      ...packages.map((p) => ({ spdxElementId: imageId, relationshipType: 'CONTAINS', relatedSpdxElement: p.SPDXID })),
    ],
  };
}
