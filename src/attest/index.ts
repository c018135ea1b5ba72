/**
 * The attestations of one build, pure: an SPDX 2.3 SBOM per platform and one SLSA v1 provenance
 * statement, each wrapped as an OCI artifact manifest whose subject is the platform manifest (SBOM) or
 * the index (provenance). Files come through small readers (the blob cache, the context); no network.
 */
import { createHash } from 'node:crypto';
import type { Descriptor } from '../oci/types.js';
import { parseDistInfoMetadata, parsePackageLock } from './app-packages.js';
import { artifactManifest, PACKAGES_ANNOTATION, type Artifact } from './artifact.js';
import { readMergedFiles, type LayerOpener } from './base-fs.js';
import { parseApkInstalled, parseDpkgStatus, parseOsRelease, type FoundPackage } from './os-packages.js';
import { provenanceStatement, IN_TOTO_MEDIA_TYPE, type ProvenanceOptions } from './provenance.js';
import { prepareSpdxPackages, SPDX_MEDIA_TYPE, spdxDocument, spdxTime } from './spdx.js';

export { type Artifact, KIND_ANNOTATION, PACKAGES_ANNOTATION, PLATFORM_ANNOTATION } from './artifact.js';
import { SHIPSHAPE_VERSION } from './version.js';
export { SHIPSHAPE_VERSION };
export type { FoundPackage } from './os-packages.js';

const DPKG_STATUS = 'var/lib/dpkg/status';
const DPKG_STATUS_D = 'var/lib/dpkg/status.d/';
const APK_INSTALLED = 'lib/apk/db/installed';
const OS_RELEASE = ['etc/os-release', 'usr/lib/os-release'];

const wantedInBase = (p: string) => p === DPKG_STATUS || p === APK_INSTALLED || OS_RELEASE.includes(p) || (p.startsWith(DPKG_STATUS_D) && !p.slice(DPKG_STATUS_D.length).includes('/'));

/** The OS packages installed in the merged filesystem of these base layers (dpkg and apk). */
export async function basePackages(layerDigests: string[], open: LayerOpener): Promise<FoundPackage[]> {
  if (layerDigests.length === 0) return [];
  const files = await readMergedFiles(layerDigests, open, wantedInBase);
  const osText = files.get('etc/os-release') ?? files.get('usr/lib/os-release');
  const os = osText ? parseOsRelease(osText.toString('utf8')) : {};
  const found: FoundPackage[] = [];
  const status = files.get(DPKG_STATUS);
  if (status) found.push(...parseDpkgStatus(status.toString('utf8'), os, `/${DPKG_STATUS}`));
  for (const [p, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (p.startsWith(DPKG_STATUS_D) && !p.endsWith('.md5sums')) found.push(...parseDpkgStatus(content.toString('utf8'), os, `/${p}`));
  }
  const apk = files.get(APK_INSTALLED);
  if (apk) found.push(...parseApkInstalled(apk.toString('utf8'), os, `/${APK_INSTALLED}`));
  return found;
}

/** A context file the SBOM reads: its path inside the image, its path in the context (for messages), a reader. */
export interface AppFile {
  imagePath: string;
  contextPath?: string;
  read: () => Promise<Buffer>;
}

/** Told each app package left out of the SBOM, naming the file and the entry. */
export type Warn = (message: string) => void;

const LOCKFILE = /(^|\/)(package-lock\.json|node_modules\/\.package-lock\.json)$/;
const DIST_INFO_METADATA = /(^|\/)[^/]+\.dist-info\/METADATA$/;

/** Whether a context path is a package manifest the SBOM reads. */
export const isAppPackageFile = (relPath: string) => LOCKFILE.test(relPath) || DIST_INFO_METADATA.test(relPath);

export async function appPackages(files: AppFile[], warn?: Warn): Promise<FoundPackage[]> {
  const found: FoundPackage[] = [];
  for (const f of [...files].sort((a, b) => (a.imagePath < b.imagePath ? -1 : 1))) {
    const text = (await f.read()).toString('utf8');
    const opts = { ...(warn && { warn }), ...(f.contextPath && { file: `${f.contextPath} (${f.imagePath} in the image)` }) };
    if (DIST_INFO_METADATA.test(f.imagePath)) {
      const p = parseDistInfoMetadata(text, f.imagePath, opts);
      if (p) found.push(p);
    } else {
      found.push(...parsePackageLock(text, f.imagePath, opts));
    }
  }
  return found;
}

/** Base package lists by their layers (immutable digests), so a warm build does not read the base again. */
export interface BasePackageCache {
  get(key: string): Promise<FoundPackage[] | undefined>;
  put(key: string, packages: FoundPackage[]): Promise<void>;
}

/** Version of what basePackages returns: a change to the parsers changes it, and so the cache keys. */
const BASE_PACKAGES_FORMAT = 'base-packages-v1';

export const basePackagesKey = (layerDigests: string[]) => createHash('sha256').update([BASE_PACKAGES_FORMAT, ...layerDigests].join('\n')).digest('hex');

async function cachedBasePackages(layerDigests: string[], open: LayerOpener, cache?: BasePackageCache): Promise<FoundPackage[]> {
  if (layerDigests.length === 0) return [];
  const key = basePackagesKey(layerDigests);
  const hit = await cache?.get(key);
  if (hit) return hit;
  const found = await basePackages(layerDigests, open);
  await cache?.put(key, found);
  return found;
}

/** What the SBOMs list that is known before the image's digests: the app's packages and the bases' lists the cache holds (by layers key). */
export interface PreparedPackages {
  app: FoundPackage[];
  bases: Map<string, FoundPackage[]>;
}

/**
 * Reads the package lists while the image builds (they depend on the context and the base, not on
 * the image), and makes their SPDX entries, so the SBOMs need only be assembled once the digests are
 * known. A base the cache lacks is read from its layers later, by buildAttestations.
 */
export async function preparePackages(input: { appFiles: AppFile[]; baseLayers: string[][]; baseCache?: BasePackageCache; warn?: Warn }): Promise<PreparedPackages> {
  const keys = [...new Set(input.baseLayers.filter((l) => l.length > 0).map(basePackagesKey))];
  const [app, cached] = await Promise.all([appPackages(input.appFiles, input.warn), Promise.all(keys.map(async (k) => [k, await input.baseCache?.get(k)] as const))]);
  const bases = new Map(cached.filter((e): e is readonly [string, FoundPackage[]] => e[1] !== undefined));
  prepareSpdxPackages([...[...bases.values()].flat(), ...app]);
  return { app, bases };
}

export interface AttestInput {
  /** `registry/repository` */
  repository: string;
  /** The image's `created`, seconds. */
  epoch: number;
  index: Descriptor;
  manifests: { platform: string; descriptor: Descriptor; baseLayers: string[] }[];
  openLayer: LayerOpener;
  baseCache?: BasePackageCache;
  appFiles: AppFile[];
  warn?: Warn;
  sbom: boolean;
  /** preparePackages's answer, when it ran beside the build. */
  prepared?: PreparedPackages;
  /** Without it, no provenance. */
  provenance?: Omit<ProvenanceOptions, 'repository' | 'indexDigest' | 'manifests'>;
}

export interface Attestations {
  sboms: { platform: string; packages: number; artifact: Artifact }[];
  provenance?: Artifact;
}

export async function buildAttestations(input: AttestInput): Promise<Attestations> {
  const created = spdxTime(input.epoch);
  const tool = `shipshape-${SHIPSHAPE_VERSION}`;
  const sboms: Attestations['sboms'] = [];
  if (input.sbom) {
    const { prepared } = input;
    const app = prepared?.app ?? (await appPackages(input.appFiles, input.warn));
    const byBase = new Map<string, Promise<FoundPackage[]>>();
    for (const m of input.manifests) {
      const key = m.baseLayers.join(',');
      const known = m.baseLayers.length > 0 ? prepared?.bases.get(basePackagesKey(m.baseLayers)) : undefined;
      if (!byBase.has(key)) byBase.set(key, known ? Promise.resolve(known) : cachedBasePackages(m.baseLayers, input.openLayer, input.baseCache));
    }
    await Promise.all(byBase.values());
    for (const m of input.manifests) {
      // each document is some milliseconds of CPU: the image push beside it gets the thread in between
      await new Promise((resolve) => setImmediate(resolve));
      const packages = [...(await byBase.get(m.baseLayers.join(','))!), ...app];
      const doc = spdxDocument({ image: { repository: input.repository, platform: m.platform, manifestDigest: m.descriptor.digest }, created: input.epoch, tool, packages });
      const count = doc.packages.length - 1;
      const artifact = artifactManifest({
        kind: 'sbom',
        platform: m.platform,
        artifactType: SPDX_MEDIA_TYPE,
        document: Buffer.from(JSON.stringify(doc)),
        subject: m.descriptor,
        created,
        annotations: { [PACKAGES_ANNOTATION]: String(count) },
      });
      sboms.push({ platform: m.platform, packages: count, artifact });
    }
  }
  let provenance: Artifact | undefined;
  if (input.provenance) {
    const statement = provenanceStatement({
      ...input.provenance,
      repository: input.repository,
      indexDigest: input.index.digest,
      manifests: input.manifests.map((m) => ({ platform: m.platform, digest: m.descriptor.digest })),
    });
    provenance = artifactManifest({ kind: 'provenance', artifactType: IN_TOTO_MEDIA_TYPE, document: Buffer.from(JSON.stringify(statement)), subject: input.index, created });
  }
  return { sboms, ...(provenance && { provenance }) };
}
