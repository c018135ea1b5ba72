import { afterEach, describe, expect, it } from 'vitest';
import { artifactManifest } from '../../src/attest/artifact.js';
import { sha256Digest } from '../../src/oci/digest.js';
import { RegistryClient } from '../../src/registry/index.js';
import { attachReferrer, cancelArtifactUpload, listReferrers, openArtifactUpload, referrersTag } from '../../src/registry/referrers.js';
import { ReferrersRegistry, type ReferrersRegistryOptions } from '../support/referrers-registry.js';

const REPO = 'i15/referrers';
const subjectBody = Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}');
const subject = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256Digest(subjectBody), size: subjectBody.length };
const artifact = (text: string, kind: 'sbom' | 'provenance' = 'sbom', about = subject) =>
  artifactManifest({ kind, artifactType: kind === 'sbom' ? 'application/spdx+json' : 'application/vnd.in-toto+json', document: Buffer.from(text), subject: about, created: '2023-11-14T22:13:20Z' });

let registry: ReferrersRegistry | undefined;
afterEach(async () => {
  await registry?.stop();
  registry = undefined;
});

async function start(opts: ReferrersRegistryOptions): Promise<{ client: RegistryClient; reg: ReferrersRegistry }> {
  registry = new ReferrersRegistry(opts);
  const address = await registry.start();
  return { client: new RegistryClient(address, { retry: { attempts: 1 } }), reg: registry };
}

const tagPuts = (reg: ReferrersRegistry) => reg.requests.filter((r) => r.startsWith(`PUT /v2/${REPO}/manifests/sha256-`));

/** Two clients attach at once: both entries end in the tag, after one lost update caught and redone (3 PUTs). */
async function expectBothKept(client: RegistryClient, reg: ReferrersRegistry, a: ReturnType<typeof artifact>, b: ReturnType<typeof artifact>): Promise<void> {
  const other = new RegistryClient(client.registry, { retry: { attempts: 1 } });
  await Promise.all([attachReferrer(client, REPO, a), attachReferrer(other, REPO, b)]);
  expect(reg.tagIndex(REPO, referrersTag(subject.digest))!.manifests.map((m) => m.digest).sort()).toEqual([a.descriptor.digest, b.descriptor.digest].sort());
  expect(tagPuts(reg)).toHaveLength(3);
}

/** The empty config in the registry already (as after a first attach), so a test counts only the document's upload. */
function ensureEmptyConfig(reg: ReferrersRegistry): void {
  reg.blobs.set('sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a', Buffer.from('{}'));
}

describe('OCI referrers', () => {
  it('uses the referrers API when GET /referrers answers 200 and the PUT confirms OCI-Subject: no tag is written', async () => {
    const { client, reg } = await start({ referrersApi: true });
    const a = artifact('{"spdx":1}');
    expect(await attachReferrer(client, REPO, a)).toEqual({ mode: 'referrers-api', pushed: true });
    expect(tagPuts(reg)).toEqual([]);
    const list = await listReferrers(client, REPO, subject.digest);
    expect(list.api).toBe(true);
    expect(list.manifests).toEqual([expect.objectContaining({ digest: a.descriptor.digest, artifactType: 'application/spdx+json', annotations: a.descriptor.annotations })]);
    // The artifact and its blobs are in the registry.
    expect(reg.blobs.has(a.document.digest)).toBe(true);
    expect(reg.blobs.get('sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a')!.toString()).toBe('{}');
    // A rerun finds it listed and pushes nothing.
    const before = reg.requests.length;
    expect(await attachReferrer(client, REPO, a)).toEqual({ mode: 'referrers-api', pushed: false });
    expect(reg.requests.slice(before).filter((r) => r.startsWith('PUT') || r.startsWith('POST'))).toEqual([]);
  });

  it('falls back to the sha256-<hex> tag on a 404: the index holds the descriptor with artifactType and annotations; a rerun adds no duplicate', async () => {
    const { client, reg } = await start({ referrersApi: false });
    const a = artifact('{"spdx":2}');
    expect(await attachReferrer(client, REPO, a)).toEqual({ mode: 'tag-schema', pushed: true });
    const tag = referrersTag(subject.digest);
    expect(tag).toBe(`sha256-${subject.digest.slice(7)}`);
    expect(reg.tagIndex(REPO, tag)!.manifests).toEqual([{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: a.descriptor.digest, size: a.manifest.length, artifactType: 'application/spdx+json', annotations: a.descriptor.annotations }]);
    expect(await attachReferrer(client, REPO, a)).toEqual({ mode: 'tag-schema', pushed: false });
    const b = artifact('{"intoto":1}', 'provenance');
    await attachReferrer(client, REPO, b);
    expect(reg.tagIndex(REPO, tag)!.manifests.map((m) => m.digest)).toEqual([a.descriptor.digest, b.descriptor.digest]);
    expect((await listReferrers(client, REPO, subject.digest)).manifests.map((m) => m.digest)).toEqual([a.descriptor.digest, b.descriptor.digest]);
  });

  it('uploads a document with one monolithic POST where the registry takes it, else POST then PUT', async () => {
    for (const monolithicPost of [true, false]) {
      const { client, reg } = await start({ referrersApi: false, monolithicPost });
      const a = artifact(`{"mono":${monolithicPost}}`);
      await attachReferrer(client, REPO, a);
      expect(reg.blobs.get(a.document.digest)!.toString()).toBe(`{"mono":${monolithicPost}}`);
      expect(reg.requests.filter((r) => r.startsWith('PUT /v2/i15/referrers/blobs/uploads/'))).toHaveLength(monolithicPost ? 0 : 2);
      await reg.stop();
    }
  });

  it('sends a document once: a registry that answers a monolithic POST with 202 gets POST then PUT from then on', async () => {
    const { client, reg } = await start({ referrersApi: false, monolithicPost: false });
    const docs = ['{"first":1}', '{"second":22}'];
    await attachReferrer(client, REPO, artifact(docs[0]));
    const afterFirst = reg.uploadBytes;
    // the first learns it (its bytes went up twice: the ignored POST body, then the PUT), plus the empty config's POST and PUT
    expect(afterFirst).toBe(2 * docs[0].length + 2 * 2);
    await attachReferrer(client, REPO, artifact(docs[1], 'provenance'));
    expect(reg.uploadBytes - afterFirst).toBe(docs[1].length);
    expect(reg.openUploads.size).toBe(0);
  });

  it('puts a document into the upload session opened while it was made: one PUT, no POST of its own; an unused session is cancelled', async () => {
    for (const monolithicPost of [true, false]) {
      const { client, reg } = await start({ referrersApi: false, monolithicPost });
      const opened = openArtifactUpload(client, REPO);
      const spare = openArtifactUpload(client, REPO);
      const a = artifact(`{"ahead":${monolithicPost}}`);
      ensureEmptyConfig(reg);
      await Promise.all([opened, spare]);
      const before = reg.requests.length;
      expect(await attachReferrer(client, REPO, a, undefined, opened)).toEqual({ mode: 'tag-schema', pushed: true });
      const uploads = reg.requests.slice(before).filter((r) => r.includes('/blobs/uploads/'));
      expect(uploads).toEqual([expect.stringMatching(/^PUT \/v2\/i15\/referrers\/blobs\/uploads\/u\d+\?digest=sha256%3A[0-9a-f]{64}$/)]);
      expect(reg.blobs.get(a.document.digest)!.toString()).toBe(`{"ahead":${monolithicPost}}`);
      expect(reg.openUploads.size).toBe(1);
      await cancelArtifactUpload(client, REPO, spare);
      expect(reg.openUploads.size).toBe(0);
      // already listed: its session is cancelled, nothing pushed
      const again = openArtifactUpload(client, REPO);
      expect(await attachReferrer(client, REPO, a, undefined, again)).toEqual({ mode: 'tag-schema', pushed: false });
      expect(reg.openUploads.size).toBe(0);
      await reg.stop();
    }
  });

  it('a session opened ahead that the registry lost falls back to a new upload', async () => {
    const { client, reg } = await start({ referrersApi: false, monolithicPost: false });
    const opened = openArtifactUpload(client, REPO);
    const location = await opened;
    reg.openUploads.delete(location!.split('/').pop()!);
    const a = artifact('{"lost":1}');
    expect(await attachReferrer(client, REPO, a, undefined, opened)).toEqual({ mode: 'tag-schema', pushed: true });
    expect(reg.blobs.get(a.document.digest)!.toString()).toBe('{"lost":1}');
  });

  it('attaches before its subject exists (beside the image push): a new subject is read back once after the pause, a known one three times', async () => {
    const { client, reg } = await start({ referrersApi: false });
    const tagGets = () => reg.requests.filter((r) => r === `GET /v2/${REPO}/manifests/${referrersTag(subject.digest)}`).length;
    const a = artifact('{"before":1}', 'provenance');
    expect(await attachReferrer(client, REPO, a)).toEqual({ mode: 'tag-schema', pushed: true });
    // the listing, the read right before the PUT, one read after the settle pause
    expect(tagGets()).toBe(3);
    expect(reg.requests).toContain(`HEAD /v2/${REPO}/manifests/${subject.digest}`);
    // The subject pushed afterwards keeps its referrer.
    reg.manifests.set(`${REPO}@${subject.digest}`, { mediaType: subject.mediaType, body: subjectBody });
    expect(reg.tagIndex(REPO, referrersTag(subject.digest))!.manifests.map((m) => m.digest)).toEqual([a.descriptor.digest]);
    // A subject (and tag) the registry had: read back at once and twice more after a pause.
    const b = artifact('{"after":1}');
    const before = tagGets();
    expect(await attachReferrer(client, REPO, b)).toEqual({ mode: 'tag-schema', pushed: true });
    expect(tagGets() - before).toBe(5);
    expect(reg.tagIndex(REPO, referrersTag(subject.digest))!.manifests.map((m) => m.digest)).toEqual([a.descriptor.digest, b.descriptor.digest]);
  });

  it('never trusts OCI-Subject alone: a registry that sends it without the API (ECR) gets the tag schema', async () => {
    const { client, reg } = await start({ referrersApi: false, subjectHeaderWithoutApi: true });
    expect(await attachReferrer(client, REPO, artifact('{"x":1}'))).toEqual({ mode: 'tag-schema', pushed: true });
    expect(tagPuts(reg)).toHaveLength(1);
  });

  it('an API that does not confirm OCI-Subject on the PUT gets the tag schema too (the spec says MUST)', async () => {
    const { client, reg } = await start({ referrersApi: true, noSubjectHeader: true });
    expect(await attachReferrer(client, REPO, artifact('{"x":2}'))).toEqual({ mode: 'tag-schema', pushed: true });
    expect(tagPuts(reg)).toHaveLength(1);
  });

  it('two concurrent writers to one tag keep both entries (read-back catches a lost update)', async () => {
    const { client, reg } = await start({ referrersApi: false });
    // two runs' provenance of one image: each names its run, so the two entries differ
    const [a, b] = [artifact('{"run":1}', 'provenance'), artifact('{"run":2}', 'provenance')];
    // Both list, both read right before they write, both read back (3 × 2 reads, each pair answered
    // together): one PUT overwrites the other, and its writer finds out.
    reg.holdTagReads(2, 3);
    await expectBothKept(client, reg, a, b);
  });

  it('a concurrent PUT that lands a moment after ours (within the settle pause) is caught: both entries kept', async () => {
    const { client, reg } = await start({ referrersApi: false });
    const [a, b] = [artifact('{"late":1}', 'provenance'), artifact('{"late":2}', 'provenance')];
    // Both read before either writes; the second PUT lands 10 ms late, before the first writer's one
    // read-back (the pause is at least 20 ms) but after an immediate one would have been.
    reg.holdTagReads(2, 2);
    reg.delayTagPut(2, 10);
    await expectBothKept(client, reg, a, b);
  });

  it('sends If-Match from the tag ETag and starts over on 412', async () => {
    const { client, reg } = await start({ referrersApi: false, ifMatch: true });
    await attachReferrer(client, REPO, artifact('{"first":1}'));
    const [a, b] = [artifact('{"c":1}'), artifact('{"c":2}')];
    reg.holdTagReads(2, 2);
    await Promise.all([attachReferrer(client, REPO, a), attachReferrer(new RegistryClient(client.registry, { retry: { attempts: 1 } }), REPO, b)]);
    expect(reg.tagIndex(REPO, referrersTag(subject.digest))!.manifests).toHaveLength(3);
    const puts = reg.requests.filter((r) => r.startsWith('PUT /v2/i15/referrers/manifests/sha256-'));
    expect(puts).toHaveLength(4); // 1 + 2 + the one retried after its 412
    expect(reg.ifMatchSeen).toBeGreaterThan(0);
  });
});
