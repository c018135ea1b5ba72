/** OCI 1.1 artifact manifests (image-spec manifest.md, "Guidance for an Empty Descriptor"): one document as the one layer, `subject` = what it is about. */
import { sha256Digest } from '../oci/digest.js';
import { MediaType } from '../oci/media-types.js';
import { jsonBytes, type Descriptor } from '../oci/types.js';

export const EMPTY_JSON_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';
export const EMPTY_JSON = Buffer.from('{}');
export const EMPTY_DESCRIPTOR: Descriptor = { mediaType: EMPTY_JSON_MEDIA_TYPE, digest: sha256Digest(EMPTY_JSON), size: 2 };

/** Annotation naming what the artifact is (`sbom` or `provenance`), so a rerun finds its own among other referrers. */
export const KIND_ANNOTATION = 'dev.shipshape.attestation';
export const PLATFORM_ANNOTATION = 'dev.shipshape.platform';
/** On SBOM artifacts: how many packages the document lists, so a summary need not fetch it. */
export const PACKAGES_ANNOTATION = 'dev.shipshape.packages';
export const CREATED_ANNOTATION = 'org.opencontainers.image.created';

export interface Artifact {
  kind: 'sbom' | 'provenance';
  platform?: string;
  subject: Descriptor;
  artifactType: string;
  /** The artifact manifest's bytes and descriptor (with artifactType and annotations, as a referrers list holds it). */
  manifest: Buffer;
  descriptor: Descriptor & { artifactType: string };
  /** The blobs it needs: the empty config and the document. */
  blobs: { descriptor: Descriptor; bytes: Buffer }[];
  /** The document's own descriptor (its bytes are in `blobs`). */
  document: Descriptor;
}

export interface ArtifactOptions {
  kind: 'sbom' | 'provenance';
  platform?: string;
  artifactType: string;
  document: Buffer;
  subject: Descriptor;
  /** ISO time for org.opencontainers.image.created: the image's own, so the bytes are reproducible. */
  created: string;
  annotations?: Record<string, string>;
}

export function artifactManifest(opts: ArtifactOptions): Artifact {
  const document: Descriptor = { mediaType: opts.artifactType, digest: sha256Digest(opts.document), size: opts.document.length };
  const annotations = {
    [CREATED_ANNOTATION]: opts.created,
    [KIND_ANNOTATION]: opts.kind,
    ...(opts.platform && { [PLATFORM_ANNOTATION]: opts.platform }),
    ...opts.annotations,
  };
  const subject: Descriptor = { mediaType: opts.subject.mediaType, digest: opts.subject.digest, size: opts.subject.size };
  const manifest = jsonBytes({
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    artifactType: opts.artifactType,
    config: EMPTY_DESCRIPTOR,
    layers: [document],
    subject,
    annotations,
  });
  return {
    kind: opts.kind,
    ...(opts.platform && { platform: opts.platform }),
    subject,
    artifactType: opts.artifactType,
    manifest,
    descriptor: { mediaType: MediaType.ociManifest, digest: sha256Digest(manifest), size: manifest.length, artifactType: opts.artifactType, annotations },
    blobs: [
      { descriptor: EMPTY_DESCRIPTOR, bytes: EMPTY_JSON },
      { descriptor: document, bytes: opts.document },
    ],
    document,
  };
}
