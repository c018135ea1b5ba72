import * as core from '../github/commands.js';
import { REVISION_ANNOTATION } from '../builder/annotations.js';
import type { BuildResult } from '../builder/index.js';
import { annotationsAt } from '../oci/annotations.js';
import { peerText } from '../log.js';
import type { Settings } from '../settings/index.js';
import { platformKey } from '../oci/platform.js';
import { repositoryName } from '../oci/reference.js';
import type { ImageIndex, ImageManifest } from '../oci/types.js';
import type { ImageOutput } from '../github/outputs.js';
import { layoutImage, type PushableImage, type PushResult } from '../registry/index.js';
import type { Fingerprinted } from './fingerprint.js';
import { registryClient } from './registries.js';

/** What the registry ends up holding: the image by digest, its platform manifests and tags. */
export type Published = ImageOutput & { push?: PushResult['blobs'] };

/** The tag every push adds: the full 64-hex fingerprint, so no collision is possible short of sha256's. */
export const fingerprintTag = (fingerprint: string) => `fp-${fingerprint}`;

/** The image the fingerprint tag points at: its index digest and body, and each platform manifest's digest. */
export interface FoundImage {
  digest: string;
  manifest: { digest: string; mediaType: string; body: Buffer };
  index: Partial<ImageIndex>;
  manifests: { platform: string; digest: string }[];
}

/**
 * Step 3a, before building: whether the registry already has `image:fp-<fingerprint>` (one GET, which
 * also brings the index, so what follows — reuseExisting and the attestation lookup — can run side by side).
 */
export async function findFingerprint(settings: Settings, fp: Fingerprinted): Promise<FoundImage | undefined> {
  const { image } = settings.build;
  const found = await registryClient(settings, image.registry).findManifest(image.repository, fingerprintTag(fp.fingerprint));
  if (!found) return undefined;
  const index = JSON.parse(found.body.toString('utf8')) as Partial<ImageIndex>;
  const manifests = (index.manifests ?? []).map((m) => ({ platform: m.platform ? platformKey(m.platform) : 'unknown', digest: m.digest }));
  return { digest: found.digest, manifest: found, index, manifests };
}

/** The image exists: only the requested tags are added to it. Says which commit the reused image was built from. */
export async function reuseExisting(settings: Settings, fp: Fingerprinted, found: FoundImage): Promise<Published> {
  const { image, tags } = settings.build;
  const client = registryClient(settings, image.registry);
  const repo = image.repository.toLowerCase();
  const [manifests] = await Promise.all([
    Promise.all(
      found.manifests.map(async (m) => {
        const manifest = JSON.parse((await client.getManifest(repo, m.digest)).body.toString('utf8')) as Partial<ImageManifest>;
        return { ...m, ...(manifest.config && { configDigest: manifest.config.digest }) };
      }),
    ),
    client.putTags(repo, found.manifest, tags),
  ]);
  const revision = found.index.annotations?.[REVISION_ANNOTATION];
  core.info(
    `${repositoryName(image)}:${fingerprintTag(fp.fingerprint)} exists (${peerText(found.digest, 100)}): build and push skipped; ` +
      `reusing the image built from ${revision ? `commit ${peerText(revision, 100)}` : 'an unrecorded commit'}`,
  );
  return { repository: repositoryName(image), digest: found.digest, manifests, tags, cacheHit: true, fingerprint: fp.fingerprint, pushed: true, ...(revision && { revision }) };
}

/** The built image as the push reads it (index and manifests read and verified from the layout). */
export const pushableImage = (built: BuildResult): Promise<PushableImage> => layoutImage(built.layoutPath);

/** Step 3b: push the layout — blobs the registry lacks, then manifests, the index and every tag. */
export async function pushStep(settings: Settings, fp: Fingerprinted, built: BuildResult, pushable = pushableImage(built)): Promise<Published> {
  const { image, tags } = settings.build;
  const client = registryClient(settings, image.registry);
  const mountFrom = fp.base && fp.base.name.startsWith(`${image.registry}/`) ? [fp.base.repository] : [];
  const result = await client.push(await pushable, image.repository, { tags: [...tags, fingerprintTag(fp.fingerprint)], mountFrom });
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
