import * as core from '../github/commands.js';
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  buildAttestations,
  isAppPackageFile,
  preparePackages,
  type AppFile,
  type PreparedPackages,
  SHIPSHAPE_VERSION,
  type Artifact,
  type Attestations,
  type BasePackageCache,
  type FoundPackage,
} from '../attest/index.js';
import type { BuildResult } from '../builder/index.js';
import type { Settings } from '../settings/index.js';
import { addToLayout, blobPath } from '../oci/layout.js';
import { MediaType } from '../oci/media-types.js';
import { platformKey } from '../oci/platform.js';
import type { ImageConfig } from '../oci/types.js';
import type { RecordWriter } from '../record/record.js';
import type { AttestationEntry } from '../record/schema.js';
import { scrubValue } from '../record/scrub.js';
import { attachReferrer, cancelArtifactUpload, listReferrers, openArtifactUpload } from '../registry/referrers.js';
import { recordAttestations, wanted, type AttestationDigests, type Entries } from './attest-lookup.js';
import type { Fingerprinted } from './fingerprint.js';
import { registryClient } from './registries.js';

/** The build settings that determine the image, for the provenance: never a credential or a deploy input. */
function externalParameters(settings: Settings): Record<string, unknown> {
  const b = settings.build;
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const rel = (p: string) => path.relative(workspace, p).split(path.sep).join('/') || '.';
  const inputs = {
    image: `${b.image.registry}/${b.image.repository}`,
    tags: b.tags,
    ...(b.baseText && { base: b.baseText }),
    platforms: b.platforms.map(platformKey),
    context: rel(b.context),
    workdir: b.workdir,
    ...(b.entrypoint && { entrypoint: b.entrypoint }),
    ...(b.cmd && { cmd: b.cmd }),
    // names only: a value may be a credential (docs/security.md)
    env: b.env.map(([name]) => name),
    labels: Object.fromEntries(b.labels),
    annotations: b.annotations.map((a) => `${a.levels.join(',')}${a.platform ? `[${a.platform}]` : ''}:${a.key}=${a.value}`),
    expose: b.expose,
    ...(b.user && { user: b.user }),
    layers: b.layers,
    'platform-files': b.platformFiles.map((p) => `${platformKey(p.platform)}=${rel(p.dir)}`),
    'ignore-file': b.ignoreFile,
  };
  return scrubValue({ inputs }, settings.secrets);
}

/** The base package lists beside the blob cache (persisted with it; one small JSON file per base). */
function fileBasePackageCache(dir: string): BasePackageCache {
  return {
    get: (key) => fs.readFile(path.join(dir, `${key}.json`), 'utf8').then((t) => JSON.parse(t) as FoundPackage[], () => undefined),
    put: async (key, packages) => {
      await fs.mkdir(dir, { recursive: true });
      const tmp = path.join(dir, `.${key}.${process.pid}.tmp`);
      await fs.writeFile(tmp, JSON.stringify(packages));
      await fs.rename(tmp, path.join(dir, `${key}.json`));
    },
  };
}

async function imageEpoch(layout: string, configDigest: string): Promise<number> {
  const config = JSON.parse(await fs.readFile(blobPath(layout, configDigest), 'utf8')) as ImageConfig;
  const ms = config.created ? Date.parse(config.created) : 0;
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : 0;
}

/**
 * Without a push: the SBOM per platform and the provenance of the image just built, written into the
 * OCI layout as referrers (artifact manifests listed in index.json beside the image; the image index
 * itself is untouched). Nothing when `sbom` and `provenance` are both false.
 */
export async function attestStep(settings: Settings, fp: Fingerprinted, built: BuildResult, record: RecordWriter, prepared?: Prepared): Promise<AttestationDigests> {
  if (!wanted(settings)) return { sbom: {} };
  const attestations = await generate(settings, fp, built, record, prepared);
  await writeToLayout(built, attestations);
  await recordAttestations(record, 'oci-layout', 0, entriesOf(attestations));
  return attestationDigests(attestations);
}

const baseLayers = (fp: Fingerprinted, platform: string) => fp.base?.platforms.find((p) => p.key === platform)?.layers.map((l) => l.digest) ?? [];

/** The SBOM's inputs from the context and the cache; an app package file's bad entry is a warning (app-packages.ts says why). */
function packageSources(settings: Settings, fp: Fingerprinted): { appFiles: AppFile[]; baseCache?: BasePackageCache; warn: (message: string) => void } {
  const b = settings.build;
  return {
    ...(b.cache && { baseCache: fileBasePackageCache(path.join(b.cacheDir, 'base-packages')) }),
    appFiles: fp.scan.files
      .filter((f) => f.type === 'file' && isAppPackageFile(f.path))
      .map((f) => ({ imagePath: path.posix.join(b.workdir, f.path), contextPath: f.path, read: () => fs.readFile(f.absPath) })),
    warn: (message) => core.warning(`SBOM: ${message}`),
  };
}

/**
 * Step 2a, beside the build: the SBOMs' package lists (they do not depend on the image's digests).
 * Undefined without `sbom`. A failure surfaces where the answer is awaited (in the SBOM step).
 */
export function prepareAttestations(settings: Settings, fp: Fingerprinted): Promise<PreparedPackages> | undefined {
  if (!settings.attest.sbom) return undefined;
  const prepared = preparePackages({ ...packageSources(settings, fp), baseLayers: settings.build.platforms.map((p) => baseLayers(fp, platformKey(p))) });
  prepared.catch(() => {});
  return prepared;
}

type Prepared = Promise<PreparedPackages> | undefined;

async function generate(settings: Settings, fp: Fingerprinted, built: BuildResult, record: RecordWriter, prepared: Prepared): Promise<Attestations> {
  const b = settings.build;
  const layout = built.layoutPath;
  const env = process.env;
  const attestations = await record.time('attest', async () =>
    buildAttestations({
      repository: `${b.image.registry}/${b.image.repository}`,
      epoch: await imageEpoch(layout, built.manifests[0].configDigest),
      index: { mediaType: MediaType.ociIndex, digest: built.indexDigest, size: built.indexSize },
      manifests: built.manifests.map((m) => ({
        platform: m.platform,
        descriptor: { mediaType: MediaType.ociManifest, digest: m.digest, size: m.size },
        baseLayers: baseLayers(fp, m.platform),
      })),
      openLayer: async (digest) => createReadStream(blobPath(layout, digest)),
      ...packageSources(settings, fp),
      ...(prepared && { prepared: await prepared }),
      sbom: settings.attest.sbom,
      ...(settings.attest.provenance && {
        provenance: {
          externalParameters: externalParameters(settings),
          internalParameters: { fingerprint: fp.fingerprint, context_digest: fp.scan.contextDigest },
          ...(fp.base && { base: { name: fp.base.name, digest: fp.base.digest, platforms: fp.base.platforms.map((p) => ({ platform: p.key, digest: p.manifestDigest })) } }),
          github: {
            serverUrl: env.GITHUB_SERVER_URL,
            repository: env.GITHUB_REPOSITORY,
            sha: env.GITHUB_SHA,
            ref: env.GITHUB_REF,
            workflowRef: env.GITHUB_WORKFLOW_REF,
            runId: env.GITHUB_RUN_ID,
            runAttempt: env.GITHUB_RUN_ATTEMPT,
          },
          version: SHIPSHAPE_VERSION,
        },
      }),
    }),
  );
  for (const s of attestations.sboms) core.info(`SBOM ${s.platform}: ${s.packages} package(s), SPDX 2.3 ${s.artifact.document.digest} in artifact ${s.artifact.descriptor.digest}`);
  if (attestations.provenance) core.info(`Provenance (SLSA v1): artifact ${attestations.provenance.descriptor.digest} about the index ${built.indexDigest}`);
  return attestations;
}

/** The artifacts as referrers in the OCI layout: their blobs, and index.json entries after the image's own. */
function writeToLayout(built: BuildResult, attestations: Attestations): Promise<void> {
  const artifacts = allArtifacts(attestations);
  return addToLayout(built.layoutPath, artifacts.flatMap((a) => [...a.blobs.map((x) => ({ bytes: x.bytes, digest: x.descriptor.digest })), { bytes: a.manifest, digest: a.descriptor.digest }]), artifacts.map((a) => a.descriptor));
}

const allArtifacts = (a: Attestations): Artifact[] => [...a.sboms.map((s) => s.artifact), ...(a.provenance ? [a.provenance] : [])];

function entriesOf(a: Attestations): Entries {
  const entry = (x: Artifact, packages?: number): AttestationEntry => ({ digest: x.descriptor.digest, document_digest: x.document.digest, subject: x.subject.digest, ...(packages !== undefined && { packages }) });
  return {
    sbom: Object.fromEntries(a.sboms.map((s) => [s.platform, entry(s.artifact, s.packages)])),
    ...(a.provenance && { provenance: entry(a.provenance) }),
  };
}

function attestationDigests(a: Attestations): AttestationDigests {
  return { sbom: Object.fromEntries(a.sboms.map((s) => [s.platform, s.artifact.descriptor.digest])), ...(a.provenance && { provenance: a.provenance.descriptor.digest }) };
}

/**
 * Step 3, with a push: the image push (`push`) and, beside it, the attestations — the subjects' referrers
 * lists read and the documents' upload sessions opened while the push reads the layout, the documents made
 * once it has (`pushReady`), their blobs, manifests and referrers lists sent beside the rest of the push,
 * and the artifacts written into the layout once the push is done. The digests they name are known once
 * the layout is built, and distribution-spec
 * v1.1 ("Push") has the registry take them first: "A registry MUST initially accept an otherwise valid
 * manifest with a `subject` field that references a manifest that does not exist in the repository,
 * allowing clients to push a manifest and referrers to that manifest in either order."
 * `timings.attest_wait` is what the attestations took past the push.
 */
export async function pushWithAttestations<P>(
  settings: Settings,
  fp: Fingerprinted,
  built: BuildResult,
  record: RecordWriter,
  prepared: Prepared,
  push: () => Promise<P>,
  /** Settles once the push has read what it needs: the documents' generation (CPU on this thread) waits for it. */
  pushReady: Promise<unknown> = Promise.resolve(),
): Promise<[P, AttestationDigests]> {
  // the push goes first: its first requests are out before the documents' generation takes the thread
  const pushing = push();
  pushing.catch(() => {});
  const attach = wanted(settings) ? attestAndAttach(settings, fp, built, record, prepared, pushing, pushReady) : Promise.resolve({ sbom: {} });
  attach.catch(() => {});
  let pushed: P;
  try {
    pushed = await pushing;
  } catch (error) {
    await attach.catch(() => {}); // nothing left running behind a failed step
    throw error;
  }
  return [pushed, await record.time('attest_wait', () => attach)];
}

async function attestAndAttach(settings: Settings, fp: Fingerprinted, built: BuildResult, record: RecordWriter, prepared: Prepared, pushing: Promise<unknown>, pushReady: Promise<unknown>): Promise<AttestationDigests> {
  const { image } = settings.build;
  const client = registryClient(settings, image.registry);
  const subjects = [...(settings.attest.sbom ? built.manifests.map((m) => m.digest) : []), ...(settings.attest.provenance ? [built.indexDigest] : [])];
  const listings = new Map(subjects.map((d) => [d, listReferrers(client, image.repository, d)]));
  for (const l of listings.values()) l.catch(() => {}); // awaited by the attach; a failed generation leaves them
  // its upload session is opened now, so the document goes up in one PUT once made
  const uploads = new Map(subjects.map((d) => [d, openArtifactUpload(client, image.repository)]));
  let attestations: Attestations;
  try {
    await pushReady.catch(() => {}); // a failed read fails the push, which the caller reports
    attestations = await generate(settings, fp, built, record, prepared);
  } catch (error) {
    await Promise.all([...uploads.values()].map((u) => cancelArtifactUpload(client, image.repository, u)));
    throw error;
  }
  // one artifact per subject, so every session opened above is used (or cancelled) by its attach
  const artifacts = allArtifacts(attestations);
  const [, results] = await Promise.all([
    // into the layout once the image push no longer reads it (while the referrers lists settle)
    pushing.catch(() => {}).then(() => writeToLayout(built, attestations)),
    record.time('attest_push', () => Promise.all(artifacts.map((a) => attachReferrer(client, image.repository, a, listings.get(a.subject.digest), uploads.get(a.subject.digest))))),
  ]);
  const pushed = results.filter((r) => r.pushed).length;
  const modes = [...new Set(results.map((r) => r.mode))];
  core.info(`Attached ${pushed} of ${artifacts.length} attestation(s) as OCI referrers (${modes.join(', ')})${pushed < artifacts.length ? '; the rest were there already' : ''}`);
  await recordAttestations(record, modes.join(','), pushed, entriesOf(attestations));
  return attestationDigests(attestations);
}
