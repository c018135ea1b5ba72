/**
 * Reading the referrers tag schema's `<alg>-<hex>` tag (distribution-spec v1.1.1, "Referrers Tag
 * Schema"), and the guard on what it holds. Some registries do not keep that tag as a tag: GitLab's
 * reads `sha256-<hex>` as the digest `sha256:<hex>` and answers with the subject itself
 * (oras-project/oras-go#1396), so an image index's own platform manifests would pass for its referrers
 * and be pushed back with ours. The spec has a client treat a tag that is not a valid image index as
 * no referrers; here "valid" means a referrers list of this subject: not the subject itself, an OCI
 * image index, every entry a descriptor with the artifactType a referrer's entry carries (platform
 * manifests have none) and none the subject. Anything else is `foreign`: read as empty, never written.
 */
import { peerText } from '../log.js';
import { sha256Digest } from '../oci/digest.js';
import { MediaType } from '../oci/media-types.js';
import type { ImageIndex } from '../oci/types.js';
import { pullScope } from './auth.js';
import { drainText, headerValue, readBody } from './http.js';
import type { PushTarget } from './push.js';

/** `sha256:abc…` → `sha256-abc…` (the hex part cut at 64 characters, as the schema says). */
export function referrersTag(digest: string): string {
  const [alg, hex] = digest.split(':');
  return `${alg}-${hex.slice(0, 64)}`;
}

export const emptyIndex = (): ImageIndex => ({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] });

export interface TagState {
  /** The referrers list; empty when the tag is absent or foreign. */
  index: ImageIndex;
  etag?: string;
  exists: boolean;
  /** Why what the tag holds is not this subject's referrers list (then it is never written). */
  foreign?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why `value` is not a referrers list of `subject`, or undefined when it is one. */
export function referrersIndexProblem(value: unknown, subject: string): string | undefined {
  if (!isObject(value)) return 'holds JSON that is not an object';
  if (value.mediaType !== MediaType.ociIndex) return `holds ${typeof value.mediaType === 'string' ? peerText(value.mediaType, 100) : 'a manifest without mediaType'}, not an OCI image index`;
  if (!Array.isArray(value.manifests)) return 'holds an image index without a manifests list';
  for (const entry of value.manifests as unknown[]) {
    if (!isObject(entry) || typeof entry.digest !== 'string') return 'lists an entry that is not a descriptor';
    const digest = peerText(entry.digest, 80);
    if (entry.digest === subject) return 'lists the subject itself';
    if (typeof entry.artifactType !== 'string') return `lists ${digest} without an artifactType, as an image index lists its platforms (a referrer's entry has one)`;
  }
  return undefined;
}

/** The referrers tag's index and its ETag; an empty index when the tag does not exist or is foreign. */
export async function readTagIndex(client: PushTarget, repo: string, digest: string): Promise<TagState> {
  const tag = referrersTag(digest);
  const operation = `GET referrers tag ${repo}:${tag}`;
  const res = await client.session.request({ operation, method: 'GET', path: `/v2/${repo}/manifests/${tag}`, scopes: [pullScope(repo)], headers: { Accept: MediaType.ociIndex }, accept: [404] });
  if (res.status === 404) {
    await drainText(res);
    return { index: emptyIndex(), exists: false };
  }
  const body = await readBody(res);
  const foreign = (why: string): TagState => ({ index: emptyIndex(), exists: true, foreign: why });
  if (sha256Digest(body) === digest || headerValue(res, 'docker-content-digest') === digest) {
    return foreign(`resolves to the subject ${digest} itself (as on GitLab's registry, which reads the tag as that digest)`);
  }
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return foreign('does not hold JSON');
  }
  const problem = referrersIndexProblem(value, digest);
  if (problem) return foreign(problem);
  const etag = headerValue(res, 'etag');
  return { index: value as ImageIndex, exists: true, ...(etag && { etag }) };
}
