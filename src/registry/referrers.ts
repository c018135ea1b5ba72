/**
 * OCI 1.1 referrers (distribution-spec v1.1.1, "Listing Referrers", "Pushing Manifests with Subject",
 * "Referrers Tag Schema"). The referrers API is used only when `GET /v2/<name>/referrers/<digest>` answers
 * 200 with an image index *and* the manifest PUT answers with `OCI-Subject` (ECR sends that header without
 * the API, sigstore/sigstore-js#1183). Otherwise the client keeps the `<alg>-<hex>` tag itself: pull it
 * (404 → empty index), drop duplicates, append, push it back (If-Match when the pull gave an ETag), then
 * read it back after a pause (the settle); a concurrent writer that dropped our entry makes us start over.
 * A tag that holds anything but a referrers list of the subject reads as empty and is never written
 * (referrers-tag.ts).
 */
import { peerText } from '../log.js';
import { MediaType } from '../oci/media-types.js';
import type { Descriptor, ImageIndex } from '../oci/types.js';
import { pullScope, pushScope } from './auth.js';
import { RegistryError } from './errors.js';
import { cancelUpload, openUpload, uploadBlob, type MemoryBlob, type OpenedUpload } from './blob-upload.js';
import { drainText, headerValue, readBody } from './http.js';
import { putManifest } from './manifest-put.js';
import type { PushTarget } from './push.js';
import { readTagIndex, referrersTag, type TagState } from './referrers-tag.js';

export { referrersTag };

/** The registry surface referrers need: the push target's session and existence checks. */
type RegistryClient = PushTarget;

const EMPTY_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';

/** What an artifact push needs: its manifest, the descriptor for a referrers list, its subject, its blobs. */
export interface ReferrerArtifact {
  manifest: Buffer;
  descriptor: Descriptor & { artifactType: string };
  subject: Descriptor;
  blobs: MemoryBlob[];
}

/** `subject-only`: the registry's `sha256-<hex>` tag is not a referrers list (referrers-tag.ts), so it was left alone. */
export type ReferrersMode = 'referrers-api' | 'tag-schema' | 'subject-only';

export interface ReferrersList {
  /** Whether the registry answered the referrers API with 200. */
  api: boolean;
  manifests: (Descriptor & { artifactType?: string })[];
}

const TAG_ATTEMPTS = 6;
const MAX_PAGES = 20;

function nextLink(link: string | undefined): string | undefined {
  return link ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(link)?.[1] : undefined;
}

/** The referrers of `digest`: from the API when it answers 200, else from the tag schema (none when the tag is absent). */
export async function listReferrers(client: RegistryClient, repository: string, digest: string): Promise<ReferrersList> {
  const { api, manifests } = await listReferrersWithTag(client, repository.toLowerCase(), digest);
  return { api, manifests };
}

/** Whether the registry has the referrers API, remembered per client and repository after the first answer. */
const apiKnown = new WeakMap<RegistryClient, Map<string, boolean>>();

async function listReferrersWithTag(client: RegistryClient, repo: string, digest: string): Promise<ReferrersList & { tag?: TagState }> {
  let known = apiKnown.get(client);
  if (!known) apiKnown.set(client, (known = new Map()));
  if (known.get(repo) === false) {
    const tag = await readTagIndex(client, repo, digest);
    return { api: false, manifests: tag.index.manifests, tag };
  }
  // The tag is read alongside the probe: most registries lack the API, and then it is needed next.
  const tagRead = readTagIndex(client, repo, digest);
  tagRead.catch(() => {});
  const fromTag = async () => {
    known.set(repo, false);
    const tag = await tagRead;
    return { api: false, manifests: tag.index.manifests, tag };
  };
  const manifests: ReferrersList['manifests'] = [];
  let next: string | undefined = `/v2/${repo}/referrers/${digest}`;
  for (let page = 0; next && page < MAX_PAGES; page++) {
    const res = await client.session.request({
      operation: `GET referrers of ${digest} in ${repo}`,
      method: 'GET',
      path: next,
      scopes: [pullScope(repo)],
      headers: { Accept: MediaType.ociIndex },
      accept: [400, 401, 403, 404, 405, 406, 501],
    });
    if (res.status !== 200) {
      await drainText(res);
      if (page > 0) throw new RegistryError(client.registry, `GET referrers of ${digest}`, `page ${page + 1} answered ${res.status}`);
      return fromTag();
    }
    let index: Partial<ImageIndex>;
    try {
      index = JSON.parse((await readBody(res)).toString('utf8')) as Partial<ImageIndex>;
    } catch {
      index = {};
    }
    if (!Array.isArray(index.manifests)) {
      if (page > 0) throw new RegistryError(client.registry, `GET referrers of ${digest}`, 'a page is not an image index');
      return fromTag();
    }
    manifests.push(...index.manifests);
    next = nextLink(headerValue(res, 'link'));
  }
  known.set(repo, true);
  return { api: true, manifests };
}

/** Blobs shared by many artifacts (the empty config) are checked and uploaded once per client and repository. */
const sharedBlobs = new WeakMap<RegistryClient, Map<string, Promise<void>>>();

function ensureSharedBlob(client: RegistryClient, repo: string, blob: MemoryBlob, scopes: string[]): Promise<void> {
  let map = sharedBlobs.get(client);
  if (!map) sharedBlobs.set(client, (map = new Map()));
  const key = `${repo}@${blob.descriptor.digest}`;
  let job = map.get(key);
  if (!job) {
    job = (async () => {
      if (!(await client.blobExists(repo, blob.descriptor.digest, scopes))) await uploadBlob(client.session, repo, blob, scopes);
    })();
    job.catch(() => map.delete(key));
    map.set(key, job);
  }
  return job;
}

/**
 * The settle (see updateTag). A tag that existed, or a subject the registry had already, may have any
 * writer — oras, cosign, another CI job — whose read-to-push gap we cannot know: the tag is read back
 * at once and twice more after a pause of a few of our own PUT round trips, within these bounds.
 */
const SETTLE_CHECKS = 2;
const SETTLE_MIN_MS = 30;
const SETTLE_MAX_MS = 150;
const SETTLE_ROUND_TRIPS = 4;
/**
 * A new subject (neither it nor its tag was in the registry at our read, just before our PUT) has no
 * such writers: a tool learns a digest from the registry or from this run's outputs, so it reads the tag
 * after the subject appeared — after our read — or after this run; either way after our PUT, or within
 * the few milliseconds between our read and our PUT. Anything it pushes then keeps our entry. That
 * leaves writers that computed the same digest themselves — another run of this code building the same
 * image at the same moment — whose read-to-push gap is one read and one PUT, as ours (read fresh right
 * before the PUT for that reason). One read after twice our own read+PUT cycle covers it, as long as
 * that run's round trip to the registry is within twice ours (the same kind of runner, the same
 * registry); its SBOMs are byte-identical to ours anyway (same inputs, same bytes), so what such a race
 * could cost beyond that is one run's provenance entry.
 */
const NEW_SETTLE_CYCLES = 2;
const NEW_SETTLE_MIN_MS = 20;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const jitter = (attempt: number) => sleep(Math.min(2000, 50 * 2 ** attempt) * (0.5 + Math.random()));
const clamp = (ms: number, min: number) => Math.min(SETTLE_MAX_MS, Math.max(min, ms));

/**
 * Attaches an artifact to its subject: its blobs, its manifest, then (without the referrers API) the
 * subject's `sha256-<hex>` list. Returns how, and whether anything was pushed (an artifact already
 * listed pushes nothing). The subject need not exist yet (distribution-spec v1.1, "Push"), so this may
 * run beside the image's own push. `opened`: an upload session opened ahead for the document.
 */
export async function attachReferrer(
  client: RegistryClient,
  repository: string,
  artifact: ReferrerArtifact,
  listing?: Promise<ReferrersList>,
  opened?: OpenedUpload,
): Promise<{ mode: ReferrersMode; pushed: boolean }> {
  const repo = repository.toLowerCase();
  const subject = artifact.subject.digest;
  // `listing`: listReferrers of the subject, started by the caller before the artifact was made
  const listed = await (listing ?? listReferrersWithTag(client, repo, subject)).catch(async (error: unknown) => {
    await cancelArtifactUpload(client, repo, opened);
    throw error;
  });
  const mode: ReferrersMode = listed.api ? 'referrers-api' : 'tag-schema';
  if (listed.manifests.some((m) => m.digest === artifact.descriptor.digest)) {
    await cancelArtifactUpload(client, repo, opened);
    return { mode, pushed: false };
  }

  const scopes = [pushScope(repo)];
  // Not listed, so its document is new: uploaded without a HEAD first.
  const isEmpty = (b: MemoryBlob) => b.descriptor.mediaType === EMPTY_MEDIA_TYPE;
  await Promise.all(artifact.blobs.map((b) => (isEmpty(b) ? ensureSharedBlob(client, repo, b, scopes) : uploadBlob(client.session, repo, b, scopes, opened))));
  const put = await putManifest(client.session, repo, artifact.descriptor.digest, { mediaType: MediaType.ociManifest, body: artifact.manifest }, scopes);
  // With the API, the PUT's OCI-Subject is the registry's confirmation.
  if (listed.api && headerValue(put, 'oci-subject') === subject) return { mode: 'referrers-api', pushed: true };
  return { mode: await updateTag(client, repo, artifact, scopes), pushed: true };
}

/** An upload session for an artifact's document, opened while the document is still being made (see attachReferrer). */
export function openArtifactUpload(client: RegistryClient, repository: string): OpenedUpload {
  const repo = repository.toLowerCase();
  return openUpload(client.session, repo, [pushScope(repo)]);
}

/** Cancels a session from openArtifactUpload that no artifact will use. */
export async function cancelArtifactUpload(client: RegistryClient, repository: string, opened: OpenedUpload | undefined): Promise<void> {
  const location = await opened;
  const repo = repository.toLowerCase();
  if (location) await cancelUpload(client.session, location, [pushScope(repo)]);
}

/**
 * A `sha256-<hex>` tag that is not a referrers list of the subject (referrers-tag.ts) is never written
 * over: the artifact stays pushed with its `subject` field (what a registry with the referrers API
 * indexes), the tag schema is skipped for it, and a warning says so.
 */
function leaveTag(client: RegistryClient, repo: string, artifact: ReferrerArtifact, why: string): ReferrersMode {
  const tag = referrersTag(artifact.subject.digest);
  client.session.logger.warning(
    `referrers tag ${repo}:${tag} ${why}: it is not a referrers list of ${artifact.subject.digest}, so it is left alone; ${artifact.descriptor.digest} is pushed with its subject field only, and a client that lists referrers through that tag will not find it (a rerun builds again to attach it)`,
  );
  return 'subject-only';
}

/**
 * The referrers tag schema: read, append, PUT (If-Match when there is an ETag), then settle. The PUT
 * goes only where the read right before it found no tag or a referrers list of this subject; a 400 to
 * it is a registry that takes no index at that name (one that reads it as the digest, say).
 */
async function updateTag(client: RegistryClient, repo: string, artifact: ReferrerArtifact, scopes: string[]): Promise<ReferrersMode> {
  const subject = artifact.subject.digest;
  const tag = referrersTag(subject);
  const listedNow = (current: TagState) => current.index.manifests.some((m) => m.digest === artifact.descriptor.digest);
  // Whether the subject was in the registry before our first PUT (HEADed beside that read): see NEW_SETTLE_CYCLES.
  let subjectKnown: boolean | undefined;
  for (let attempt = 1; ; attempt++) {
    const cycleStarted = performance.now();
    const [fresh, known] = await Promise.all([
      readTagIndex(client, repo, subject),
      subjectKnown ?? client.headManifest(repo, subject, scopes).then((m) => m !== undefined),
    ]);
    subjectKnown = known;
    if (fresh.foreign) return leaveTag(client, repo, artifact, fresh.foreign);
    let current = fresh;
    const isNew = attempt === 1 && !fresh.exists && !known;
    let settleMs = SETTLE_MAX_MS;
    if (!listedNow(current)) {
      const seen = new Set<string>();
      const manifests = [...current.index.manifests, artifact.descriptor].filter((m) => !seen.has(m.digest) && seen.add(m.digest));
      const body = Buffer.from(JSON.stringify({ ...current.index, manifests }));
      const putStarted = performance.now();
      const res = await client.session.request({
        operation: `PUT referrers tag ${repo}:${tag}`,
        method: 'PUT',
        path: `/v2/${repo}/manifests/${tag}`,
        scopes,
        headers: { 'Content-Type': MediaType.ociIndex, ...(current.etag && { 'If-Match': current.etag }) },
        body,
        accept: [400, 412],
      });
      const answer = await drainText(res);
      if (res.status === 400) return leaveTag(client, repo, artifact, `refused a referrers index (400: ${peerText(answer.trim(), 300) || 'no body'})`);
      const now = performance.now();
      settleMs = isNew ? clamp(NEW_SETTLE_CYCLES * (now - cycleStarted), NEW_SETTLE_MIN_MS) : clamp(SETTLE_ROUND_TRIPS * (now - putStarted), SETTLE_MIN_MS);
      if (res.status === 412) {
        if (attempt >= TAG_ATTEMPTS) throw new RegistryError(client.registry, `PUT referrers tag ${repo}:${tag}`, `kept changing under ${TAG_ATTEMPTS} attempts (412)`);
        client.session.logger.info(`referrers tag ${repo}:${tag} changed while it was updated; trying again (${attempt}/${TAG_ATTEMPTS - 1})`);
        await jitter(attempt);
        continue;
      }
    }
    // A writer that pulled before our push and pushes after it drops our entry, and registries that
    // ignore If-Match (distribution does) cannot stop it; a writer that reads after our push keeps it.
    // So an entry still there once the other writer's read-to-push gap has passed stays; one that is
    // gone is added again.
    if (isNew) {
      await sleep(settleMs);
      current = await readTagIndex(client, repo, subject);
    } else {
      current = await readTagIndex(client, repo, subject);
      for (let check = 0; check < SETTLE_CHECKS && listedNow(current); check++) {
        await sleep(settleMs * (0.75 + Math.random() / 2));
        current = await readTagIndex(client, repo, subject);
      }
    }
    if (listedNow(current)) return 'tag-schema';
    if (current.foreign) return leaveTag(client, repo, artifact, current.foreign);
    if (attempt >= TAG_ATTEMPTS) throw new RegistryError(client.registry, `PUT referrers tag ${repo}:${tag}`, `a concurrent writer kept replacing it (${TAG_ATTEMPTS} attempts)`);
    client.session.logger.info(`referrers tag ${repo}:${tag} was replaced by a concurrent writer; adding ${artifact.descriptor.digest} again (${attempt}/${TAG_ATTEMPTS - 1})`);
    await jitter(attempt);
  }
}
