import * as core from '@actions/core';
import { peerText } from '../log.js';
import type { Settings } from '../inputs.js';
import { platformKey } from '../oci/platform.js';
import { repositoryName } from '../oci/reference.js';
import type { ImageIndex } from '../oci/types.js';
import type { RecordWriter } from '../record/record.js';
import type { PushResult } from '../registry/index.js';
import type { Fingerprinted } from './fingerprint.js';
import { registryClient } from './registries.js';

/** What the registry ends up holding: the image by digest, its platform manifests and tags. */
export interface Published {
  digest: string;
  manifests: { platform: string; digest: string }[];
  tags: string[];
  cacheHit: boolean;
}

/** The tag every push adds: the full 64-hex fingerprint, so no collision is possible short of sha256's. */
export const fingerprintTag = (fingerprint: string) => `fp-${fingerprint}`;

/**
 * Step 3a, before building: when the registry already has `image:fp-<fingerprint>`, the image exists;
 * only the requested tags are added to it.
 */
export async function findExisting(settings: Settings, fp: Fingerprinted, record: RecordWriter): Promise<Published | undefined> {
  const { image, tags } = settings.build;
  const client = registryClient(settings, image.registry);
  const found = await client.headManifest(image.repository, fingerprintTag(fp.fingerprint));
  if (!found) return undefined;
  core.info(`${repositoryName(image)}:${fingerprintTag(fp.fingerprint)} exists (${peerText(found.digest, 100)}): build and push skipped`);
  return record.time('push', async () => {
    const { body } = tags.length > 0 ? await client.tagManifest(image.repository, found.digest, tags) : await client.getManifest(image.repository, found.digest);
    const index = JSON.parse(body.toString('utf8')) as Partial<ImageIndex>;
    const manifests = (index.manifests ?? []).map((m) => ({ platform: m.platform ? platformKey(m.platform) : 'unknown', digest: m.digest }));
    return { digest: found.digest, manifests, tags, cacheHit: true };
  });
}

/** Step 3b: push the layout — blobs the registry lacks, then manifests, the index and every tag. */
export async function pushStep(settings: Settings, fp: Fingerprinted, layoutDir: string, record: RecordWriter): Promise<Published> {
  const { image, tags } = settings.build;
  const client = registryClient(settings, image.registry);
  const mountFrom = fp.base && fp.base.name.startsWith(`${image.registry}/`) ? [fp.base.repository] : [];
  const result: PushResult = await record.time('push', () =>
    client.pushLayout(layoutDir, image.repository, { tags: [...tags, fingerprintTag(fp.fingerprint)], mountFrom }),
  );
  await record.update((r) => {
    r.build = {
      ...r.build,
      push: { pushed: result.blobs.pushed, mounted: result.blobs.mounted, skipped: result.blobs.skipped, bytes_sent: result.blobs.bytesSent },
    };
  });
  return { digest: result.digest, manifests: result.manifests, tags, cacheHit: false };
}
