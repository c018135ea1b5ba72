import * as core from '@actions/core';
import { REVISION_ANNOTATION, type BuildResult } from '../builder/index.js';
import { annotationsAt } from '../oci/annotations.js';
import { peerText } from '../log.js';
import type { Settings } from '../inputs.js';
import { platformKey } from '../oci/platform.js';
import { repositoryName } from '../oci/reference.js';
import type { ImageIndex, ImageManifest } from '../oci/types.js';
import type { ImageOutput } from '../outputs.js';
import { layoutImage, type PushResult, type SourceManifest } from '../registry/index.js';
import type { Fingerprinted } from './fingerprint.js';
import { registryClient } from './registries.js';

/** What the registry ends up holding: the image by digest, its platform manifests and tags. */
export type Published = ImageOutput & { push?: PushResult['blobs'] };

/** The tag every push adds: the full 64-hex fingerprint, so no collision is possible short of sha256's. */
export const fingerprintTag = (fingerprint: string) => `fp-${fingerprint}`;

/**
 * Step 3a, before building: when the registry already has `image:fp-<fingerprint>`, the image exists;
 * only the requested tags are added to it. Says which commit the reused image was built from.
 */
export async function findExisting(settings: Settings, fp: Fingerprinted): Promise<Published | undefined> {
  const { image, tags } = settings.build;
  const client = registryClient(settings, image.registry);
  const found = await client.headManifest(image.repository, fingerprintTag(fp.fingerprint));
  if (!found) return undefined;
  const { body } = tags.length > 0 ? await client.tagManifest(image.repository, found.digest, tags) : await client.getManifest(image.repository, found.digest);
  const index = JSON.parse(body.toString('utf8')) as Partial<ImageIndex>;
  const manifests = await Promise.all(
    (index.manifests ?? []).map(async (m) => {
      const manifest = JSON.parse((await client.getManifest(image.repository, m.digest)).body.toString('utf8')) as Partial<ImageManifest>;
      return { platform: m.platform ? platformKey(m.platform) : 'unknown', digest: m.digest, ...(manifest.config && { configDigest: manifest.config.digest }) };
    }),
  );
  const revision = index.annotations?.[REVISION_ANNOTATION];
  core.info(
    `${repositoryName(image)}:${fingerprintTag(fp.fingerprint)} exists (${peerText(found.digest, 100)}): build and push skipped; ` +
      `reusing the image built from ${revision ? `commit ${peerText(revision, 100)}` : 'an unrecorded commit'}`,
  );
  return { repository: repositoryName(image), digest: found.digest, manifests, tags, cacheHit: true, fingerprint: fp.fingerprint, pushed: true, ...(revision && { revision }) };
}

/** Step 3b: push the layout — blobs the registry lacks, then manifests, the index and every tag. */
export async function pushStep(settings: Settings, fp: Fingerprinted, built: BuildResult, extras: SourceManifest[] = []): Promise<Published> {
  const { image, tags } = settings.build;
  const client = registryClient(settings, image.registry);
  const mountFrom = fp.base && fp.base.name.startsWith(`${image.registry}/`) ? [fp.base.repository] : [];
  // extras: manifests pushed after the image whose blobs are in the layout too (the SBOM and provenance artifacts)
  const source = { ...(await layoutImage(built.layoutPath)), extras };
  const result = await client.push(source, image.repository, { tags: [...tags, fingerprintTag(fp.fingerprint)], mountFrom });
  return { ...localImage(settings, fp, built), digest: result.digest, tags, pushed: true, push: result.blobs };
}

/** The image as built (not pushed, or before the push). */
export function localImage(settings: Settings, fp: Fingerprinted, built: BuildResult): Published {
  const revision = annotationsAt(fp.annotations, 'index')[REVISION_ANNOTATION];
  return {
    repository: repositoryName(settings.build.image),
    digest: built.indexDigest,
    manifests: built.manifests.map((m) => ({ platform: m.platform, digest: m.digest, configDigest: m.configDigest })),
    tags: [],
    cacheHit: false,
    fingerprint: fp.fingerprint,
    pushed: false,
    ociLayout: built.layoutPath,
    ...(revision && { revision }),
  };
}
