// The referrers tag guard (issue 24): a `sha256-<hex>` tag that is not a referrers list of its subject — the
// subject itself, as GitLab's registry answers (oras-project/oras-go#1396), or any other manifest — reads as
// no referrers and is never written over; the artifact stays pushed with its subject field, with a warning.
import { afterEach, describe, expect, it } from 'vitest';
import { artifactManifest } from '../../src/attest/artifact.js';
import { sha256Digest } from '../../src/oci/digest.js';
import { RegistryClient } from '../../src/registry/index.js';
import { attachReferrer, listReferrers, referrersTag } from '../../src/registry/referrers.js';
import { ReferrersRegistry, type ReferrersRegistryOptions } from '../support/referrers-registry.js';

const REPO = 'i24/referrers';
const INDEX = 'application/vnd.oci.image.index.v1+json';
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const bytes = (v: unknown) => Buffer.from(JSON.stringify(v));
const platforms = ['amd64', 'arm64'].map((arch) => {
  const body = bytes({ schemaVersion: 2, mediaType: MANIFEST, config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${'c'.repeat(64)}`, size: 2 }, layers: [], annotations: { arch } });
  return { body, descriptor: { mediaType: MANIFEST, digest: sha256Digest(body), size: body.length, platform: { os: 'linux', architecture: arch } } };
});
const indexBody = bytes({ schemaVersion: 2, mediaType: INDEX, manifests: platforms.map((p) => p.descriptor) });
const index = { mediaType: INDEX, digest: sha256Digest(indexBody), size: indexBody.length };
const platform = { mediaType: MANIFEST, digest: platforms[0].descriptor.digest, size: platforms[0].body.length };
const provenance = () => artifactManifest({ kind: 'provenance', artifactType: 'application/vnd.in-toto+json', document: Buffer.from('{"run":24}'), subject: index, created: '2023-11-14T22:13:20Z' });
const sbom = () => artifactManifest({ kind: 'sbom', platform: 'linux/amd64', artifactType: 'application/spdx+json', document: Buffer.from('{"spdx":24}'), subject: platform, created: '2023-11-14T22:13:20Z' });

let registry: ReferrersRegistry | undefined;
afterEach(async () => {
  await registry?.stop();
  registry = undefined;
});

async function start(opts: ReferrersRegistryOptions) {
  registry = new ReferrersRegistry(opts);
  const warnings: string[] = [];
  const logger = { info() {}, debug() {}, warning: (m: string) => warnings.push(m) };
  const client = new RegistryClient(await registry.start(), { retry: { attempts: 1 }, logger });
  return { client, reg: registry, warnings };
}

/** The image (index and platform manifests) in the registry, as after its push. */
function pushImage(reg: ReferrersRegistry): void {
  for (const p of platforms) reg.manifests.set(`${REPO}@${p.descriptor.digest}`, { mediaType: MANIFEST, body: p.body });
  reg.manifests.set(`${REPO}@${index.digest}`, { mediaType: INDEX, body: indexBody });
}

const tagPuts = (reg: ReferrersRegistry) => reg.requests.filter((r) => r.startsWith(`PUT /v2/${REPO}/manifests/sha256-`));

describe('a registry that reads sha256-<hex> as the digest (GitLab)', () => {
  it('an index subject: its platform manifests are not its referrers, and the tag is never written', async () => {
    const { client, reg, warnings } = await start({ referrersApi: false, digestTags: true });
    pushImage(reg);
    expect(await listReferrers(client, REPO, index.digest)).toEqual({ api: false, manifests: [] });
    const a = provenance();
    expect(await attachReferrer(client, REPO, a)).toEqual({ mode: 'subject-only', pushed: true });
    expect(tagPuts(reg)).toEqual([]);
    // the artifact is there with its subject; the subject is untouched
    expect(JSON.parse(reg.manifests.get(`${REPO}@${a.descriptor.digest}`)!.body.toString()).subject.digest).toBe(index.digest);
    expect(reg.manifests.get(`${REPO}@${index.digest}`)!.body).toEqual(indexBody);
    expect(warnings).toEqual([expect.stringContaining(`referrers tag ${REPO}:${referrersTag(index.digest)} resolves to the subject ${index.digest} itself`)]);
    expect(warnings[0]).toContain(`so it is left alone; ${a.descriptor.digest} is pushed with its subject field only`);
  });

  it('a platform subject: read as no referrers, not an error; the tag is never written', async () => {
    const { client, reg, warnings } = await start({ referrersApi: false, digestTags: true });
    pushImage(reg);
    expect(await attachReferrer(client, REPO, sbom())).toEqual({ mode: 'subject-only', pushed: true });
    expect(tagPuts(reg)).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining(`resolves to the subject ${platform.digest} itself`)]);
  });

  it('a subject not pushed yet (the attach runs beside the push): the refused tag PUT is a warning, not a failure', async () => {
    const { client, reg, warnings } = await start({ referrersApi: false, digestTags: true });
    const a = provenance();
    expect(await attachReferrer(client, REPO, a)).toEqual({ mode: 'subject-only', pushed: true });
    expect(tagPuts(reg)).toHaveLength(1);
    expect(reg.manifests.has(`${REPO}@${index.digest}`)).toBe(false);
    expect(reg.manifests.has(`${REPO}@${a.descriptor.digest}`)).toBe(true);
    expect(warnings).toEqual([expect.stringMatching(/refused a referrers index \(400: .*DIGEST_INVALID.*\): it is not a referrers list of/)]);
  });
});

describe('a sha256-<hex> tag that holds something else than a referrers list', () => {
  const foreignTags: [string, Buffer, string][] = [
    ['the subject manifest', platforms[0].body, `resolves to the subject ${platform.digest} itself (as on GitLab's registry, which reads the tag as that digest)`],
    ['another image manifest', platforms[1].body, `holds ${MANIFEST}, not an OCI image index`],
    ['an image index of platforms', bytes({ schemaVersion: 2, mediaType: INDEX, manifests: [platforms[1].descriptor] }), `lists ${platforms[1].descriptor.digest} without an artifactType, as an image index lists its platforms (a referrer's entry has one)`],
    ['an index listing the subject', bytes({ schemaVersion: 2, mediaType: INDEX, manifests: [{ ...platform, artifactType: 'x/y' }] }), 'lists the subject itself'],
    ['an index whose entry has no digest', bytes({ schemaVersion: 2, mediaType: INDEX, manifests: [{ artifactType: 'x/y' }] }), 'lists an entry that is not a descriptor'],
  ];
  it.each(foreignTags)('%s: left alone (same digest after the attach), the artifact pushed, a warning naming the tag', async (_, body, why) => {
    const { client, reg, warnings } = await start({ referrersApi: false });
    pushImage(reg);
    const tag = referrersTag(platform.digest);
    reg.manifests.set(`${REPO}@${sha256Digest(body)}`, { mediaType: JSON.parse(body.toString()).mediaType, body });
    reg.tags.set(`${REPO}:${tag}`, sha256Digest(body));
    expect((await listReferrers(client, REPO, platform.digest)).manifests).toEqual([]);
    const a = sbom();
    expect(await attachReferrer(client, REPO, a)).toEqual({ mode: 'subject-only', pushed: true });
    expect(reg.tags.get(`${REPO}:${tag}`)).toBe(sha256Digest(body));
    expect(tagPuts(reg)).toEqual([]);
    expect(reg.manifests.has(`${REPO}@${a.descriptor.digest}`)).toBe(true);
    expect(warnings).toEqual([`referrers tag ${REPO}:${tag} ${why}: it is not a referrers list of ${platform.digest}, so it is left alone; ${a.descriptor.digest} is pushed with its subject field only, and a client that lists referrers through that tag will not find it (a rerun builds again to attach it)`]);
  });

  it('a referrers list written by another tool is still appended to', async () => {
    const { client, reg, warnings } = await start({ referrersApi: false });
    const tag = referrersTag(platform.digest);
    const theirs = { mediaType: MANIFEST, digest: `sha256:${'e'.repeat(64)}`, size: 9, artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json' };
    const list = bytes({ schemaVersion: 2, mediaType: INDEX, manifests: [theirs] });
    reg.manifests.set(`${REPO}@${sha256Digest(list)}`, { mediaType: INDEX, body: list });
    reg.tags.set(`${REPO}:${tag}`, sha256Digest(list));
    const a = sbom();
    expect(await attachReferrer(client, REPO, a)).toEqual({ mode: 'tag-schema', pushed: true });
    expect(reg.tagIndex(REPO, tag)!.manifests.map((m) => m.digest)).toEqual([theirs.digest, a.descriptor.digest]);
    expect(warnings).toEqual([]);
  });
});
