import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SOURCE_ANNOTATION, copyToLayout, makeAppLayout } from '../../bench/push.js';
import { RegistryClient } from '../../src/registry/index.js';
import { CountingProxy } from '../support/counting-proxy.js';
import { runOk } from '../support/process.js';
import { testbed } from '../support/testbed.js';

// Registry quirks that the local registry does not have, simulated by the counting proxy in front of it.
const tb = testbed();
const runId = Date.now().toString(36);
let work: string;
let app: string;
let appDigest: string;
let proxy: CountingProxy;

beforeAll(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'push-quirks-'));
  const base = path.join(work, 'base');
  app = path.join(work, 'app');
  await copyToLayout(tb.baseImage, base);
  appDigest = (await makeAppLayout(base, app, { files: { 'hello.txt': `quirks ${runId}\n` }, annotations: { [SOURCE_ANNOTATION]: 'https://github.com/octo/shipshape-demo' } })).digest;
});

afterAll(() => fs.rm(work, { recursive: true, force: true }));
afterEach(() => proxy?.stop());

const inspect = (ref: string) => runOk('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${ref}`]).then((t) => JSON.parse(t));

describe('registry quirk profiles', () => {
  it('GHCR: repository names are lowercased, and the index keeps org.opencontainers.image.source', async () => {
    proxy = await new CountingProxy(tb.registries.anon).start();
    // GHCR rejects names with capitals.
    proxy.hooks.intercept = (req) => (/^\/v2\/[^?]*[A-Z][^?]*\/(blobs|manifests)\//.test(req.url ?? '') ? { status: 400, body: '{"errors":[{"code":"NAME_INVALID","message":"repository name must be lowercase"}]}' } : undefined);
    const client = new RegistryClient(proxy.address);
    const result = await client.pushLayout(app, `Quirks/GHCR-${runId}`, { tags: ['v1'] });
    expect(result.digest).toBe(appDigest);
    expect(proxy.seen.every((r) => r.status !== 400)).toBe(true);
    const raw = await inspect(`${tb.registries.anon}/quirks/ghcr-${runId}:v1`);
    expect(raw.annotations[SOURCE_ANNOTATION]).toBe('https://github.com/octo/shipshape-demo');
    expect((await client.getManifest(`Quirks/GHCR-${runId}`, 'v1')).digest).toBe(appDigest);
  });

  it('ECR: a Basic challenge on manifest PUT while blobs use Bearer tokens', async () => {
    proxy = await new CountingProxy(tb.registries.anon).start();
    const basic = `Basic ${Buffer.from('AWS:ecr-password').toString('base64')}`;
    proxy.hooks.stripAuthorization = true;
    proxy.hooks.intercept = (req) => {
      const auth = req.headers.authorization;
      if (req.url?.startsWith('/token')) return auth === basic ? { status: 200, body: '{"token":"ecr-token","expires_in":300}' } : { status: 401 };
      if (req.method === 'PUT' && req.url?.includes('/manifests/')) return auth === basic ? undefined : { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="https://ecr.example/",service="ecr.amazonaws.com"' } };
      if (auth !== 'Bearer ecr-token') return { status: 401, headers: { 'WWW-Authenticate': `Bearer realm="http://${proxy.address}/token",service="ecr.example"` } };
      return undefined;
    };
    const client = new RegistryClient(proxy.address, { credentials: { username: 'AWS', password: 'ecr-password' } });
    const result = await client.pushLayout(app, `quirks/ecr-${runId}`, { tags: ['v1', 'v2'] });
    expect(result.digest).toBe(appDigest);
    const manifestPuts = proxy.seen.filter((r) => r.method === 'PUT' && r.url.includes('/manifests/') && r.status === 201);
    expect(manifestPuts.length).toBeGreaterThanOrEqual(3);
    expect(manifestPuts.every((r) => r.authorization === basic)).toBe(true);
    expect(proxy.seen.filter((r) => r.url.includes('/blobs/uploads/') && r.status < 300).every((r) => r.authorization === 'Bearer ecr-token')).toBe(true);
    expect(proxy.count('PATCH', /./)).toBe(0);
    expect((await inspect(`${tb.registries.anon}/quirks/ecr-${runId}:v2`)).manifests).toHaveLength(2);
  });

  it('Docker Hub: never mounts from another registry, and uploads when a mount is refused', async () => {
    proxy = await new CountingProxy(tb.registries.anon).start();
    proxy.hooks.intercept = (req) => (req.url?.includes('mount=') ? { status: 403, body: '{"errors":[{"code":"DENIED","message":"mount denied"}]}' } : undefined);
    const client = new RegistryClient(proxy.address);
    const baseRepo = 'shipshape/base';
    const result = await client.pushLayout(app, `quirks/hub-${runId}`, { tags: ['v1'], mountFrom: [`${tb.registries.basic}/${baseRepo}`, `docker.io/library/busybox`, baseRepo] });
    const mounts = proxy.seen.filter((r) => r.url.includes('mount='));
    // Only the same-registry source was tried; each refusal fell back to a plain upload.
    expect(mounts.length).toBeGreaterThan(0);
    expect(mounts.every((r) => r.url.includes(`from=${encodeURIComponent(baseRepo)}`))).toBe(true);
    expect(result.blobs).toMatchObject({ mounted: 0, pushed: 5 });
  });

  it('a mount answered 202 uploads into the session it opened', async () => {
    proxy = await new CountingProxy(tb.registries.anon).start();
    const client = new RegistryClient(proxy.address);
    const result = await client.pushLayout(app, `quirks/mount202-${runId}`, { tags: ['v1'], mountFrom: [`quirks/empty-${runId}`] });
    expect(result.blobs).toMatchObject({ mounted: 0, pushed: 5 });
    expect(proxy.count('POST', /mount=/)).toBe(5);
    expect(proxy.count('POST', /\/blobs\/uploads\/$/)).toBe(0);
  });

  it('tags go in one PUT where the registry answers OCI-Tag, else one PUT per tag', async () => {
    proxy = await new CountingProxy(tb.registries.anon).start();
    const client = new RegistryClient(proxy.address);
    await client.pushLayout(app, `quirks/tags-${runId}`, { tags: ['v1', 'v2'] });
    // distribution 2.8 ignores ?tag=: the client sees no OCI-Tag and tags one by one.
    expect(proxy.count('PUT', new RegExp(`/manifests/${appDigest}\\?tag=v1&tag=v2$`))).toBe(1);
    expect(proxy.count('PUT', /\/manifests\/v[12]$/)).toBe(2);
    expect((await client.headManifest(`quirks/tags-${runId}`, 'v2'))?.digest).toBe(appDigest);

    proxy.reset();
    proxy.hooks.addResponseHeaders = (req) => (req.method === 'PUT' && req.url?.includes('?tag=') ? { 'OCI-Tag': 'v3, v4' } : undefined);
    await client.tagManifest(`quirks/tags-${runId}`, appDigest, ['v3', 'v4', 'v5']);
    // v3 and v4 were applied by the multi-tag PUT; only v5 gets its own.
    expect(proxy.seen.filter((r) => r.method === 'PUT').map((r) => r.url.replace(/.*\/manifests\//, ''))).toEqual([`${appDigest}?tag=v3&tag=v4&tag=v5`, 'v5']);
  });

  it('Artifactory: 403 instead of 404 on HEAD means absent', async () => {
    proxy = await new CountingProxy(tb.registries.anon).start();
    proxy.hooks.rewriteStatus = (req, status) => (req.method === 'HEAD' && status === 404 ? 403 : status);
    const client = new RegistryClient(proxy.address);
    const repo = `quirks/artifactory-${runId}`;
    expect(await client.headManifest(repo, 'v1')).toBeUndefined();
    expect(await client.blobExists(repo, `sha256:${'0'.repeat(64)}`)).toBe(false);
    const first = await client.pushLayout(app, repo, { tags: ['v1'] });
    expect(first.blobs.pushed).toBe(5);
    expect(proxy.seen.some((r) => r.method === 'HEAD' && r.status === 403)).toBe(true);
    const second = await client.pushLayout(app, repo, { tags: ['v1'] });
    expect(second.blobs).toMatchObject({ pushed: 0, skipped: 5, bytesSent: 0 });
    expect((await client.headManifest(repo, 'v1'))?.digest).toBe(appDigest);
  });
});
