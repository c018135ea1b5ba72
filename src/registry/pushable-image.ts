import { createReadStream, promises as fs } from 'node:fs';
import type { Readable } from 'node:stream';
import { sha256Digest } from '../oci/digest.js';
import { blobPath } from '../oci/layout.js';
import { LayoutReader } from '../oci/layout-reader.js';
import { isIndexMediaType, isManifestMediaType } from '../oci/media-types.js';
import { platformKey } from '../oci/platform.js';
import type { Descriptor, ImageIndex } from '../oci/types.js';

/** A manifest (or index) body with its descriptor; `label` names it in logs and errors. */
export interface SourceManifest {
  descriptor: Descriptor;
  body: Buffer;
  label: string;
}

/**
 * What a push uploads, as go-containerregistry's remote.Write takes an image rather than a folder:
 * the root (index or single manifest, pushed last with the tags), its child manifests, and the blobs
 * they reference.
 */
export interface PushableImage {
  /** Where the image comes from, for messages (a layout directory, "memory", …). */
  readonly where: string;
  readonly root: SourceManifest;
  readonly manifests: SourceManifest[];
  /** Whether the source holds the blob (a layout may omit base layers that a registry mount supplies). */
  hasBlob(digest: string): Promise<boolean>;
  /** A fresh stream of the blob's bytes, once per upload attempt. */
  openBlob(digest: string): Readable;
}

async function readVerifiedBlob(layoutDir: string, descriptor: Descriptor, what: string): Promise<Buffer> {
  let body: Buffer;
  try {
    body = await fs.readFile(blobPath(layoutDir, descriptor.digest));
  } catch (e) {
    throw new Error(`${what} ${descriptor.digest} is missing from the OCI layout ${layoutDir}`, { cause: e });
  }
  const actual = sha256Digest(body);
  if (actual !== descriptor.digest) throw new Error(`${what} ${descriptor.digest} in ${layoutDir} is corrupt (its content hashes to ${actual})`);
  return body;
}

/** The image an OCI layout's index.json names first (an index with its platform manifests, or one manifest). */
export async function layoutImage(layoutDir: string): Promise<PushableImage> {
  const top = (await new LayoutReader(layoutDir).index()).manifests[0];
  if (!top) throw new Error(`the OCI layout ${layoutDir} has no manifests in index.json`);
  const body = await readVerifiedBlob(layoutDir, top, 'index');
  const mediaType = top.mediaType || (JSON.parse(body.toString('utf8')) as { mediaType: string }).mediaType;
  const manifests: SourceManifest[] = [];
  if (isIndexMediaType(mediaType)) {
    const index = JSON.parse(body.toString('utf8')) as ImageIndex;
    for (const child of index.manifests) {
      if (!isManifestMediaType(child.mediaType)) throw new Error(`the index in ${layoutDir} refers to ${child.digest} of type ${child.mediaType}; only image manifests are supported`);
    }
    const labelOf = (child: Descriptor) => (child.platform ? platformKey(child.platform) : 'unknown');
    const bodies = await Promise.all(index.manifests.map((child) => readVerifiedBlob(layoutDir, child, `manifest (${labelOf(child)})`)));
    index.manifests.forEach((child, i) => manifests.push({ descriptor: child, body: bodies[i], label: labelOf(child) }));
  }
  return {
    where: `the OCI layout ${layoutDir}`,
    root: { descriptor: { ...top, mediaType }, body, label: isIndexMediaType(mediaType) ? 'index' : 'image' },
    manifests,
    hasBlob: (digest) =>
      fs.access(blobPath(layoutDir, digest)).then(
        () => true,
        () => false,
      ),
    openBlob: (digest) => createReadStream(blobPath(layoutDir, digest), { highWaterMark: 1024 * 1024 }),
  };
}
