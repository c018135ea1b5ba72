import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyToLayout, makeAppLayout } from '../../bench/push.js';
import { RegistryClient, RegistryError } from '../../src/registry/index.js';
import { CountingProxy } from '../support/counting-proxy.js';
import { run, runOk } from '../support/process.js';
import { testbed } from '../support/testbed.js';

const tb = testbed();
const runId = Date.now().toString(36);
const logLines: string[] = [];
const logger = { info: (m: string) => logLines.push(m), warning: (m: string) => logLines.push(m), debug: (m: string) => logLines.push(m) };
let work: string;
let base: string;
let app: string;
let appDigest: string;

beforeAll(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'push-e2e-'));
  base = path.join(work, 'base');
  app = path.join(work, 'app');
  await copyToLayout(tb.baseImage, base);
  appDigest = (await makeAppLayout(base, app, { files: { 'hello.txt': `hello ${runId}\n` } })).digest;
});

afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
  // No secret may reach any log line the client wrote during these tests.
  expect(logLines.join('\n')).not.toContain(tb.registryPassword);
});

describe('push to the testbed registries', () => {
  const targets = () => [
    { name: 'anonymous', registry: tb.registries.anon, credentials: undefined },
    { name: 'basic auth', registry: tb.registries.basic, credentials: { username: tb.registryUser, password: tb.registryPassword } },
    { name: 'token auth', registry: tb.registries.token, credentials: { username: tb.registryUser, password: tb.registryPassword } },
  ];

  for (const i of [0, 1, 2]) {
    it(`pushes the two-platform index with all tags to the ${['anonymous', 'basic-auth', 'token-auth'][i]} registry; skopeo sees the index`, async () => {
      const t = targets()[i];
      const repo = `push/e2e-${runId}`;
      const client = new RegistryClient(t.registry, { ...(t.credentials && { credentials: t.credentials }), logger });
      const result = await client.pushLayout(app, repo, { tags: ['v1', `fp-${runId}`] });
      expect(result.digest).toBe(appDigest);
      expect(result.manifests.map((m) => m.platform)).toEqual(['linux/amd64', 'linux/arm64']);
      expect(result.blobs.pushed + result.blobs.skipped).toBe(5);

      const authArgs = t.credentials ? ['--creds', `${tb.registryUser}:${tb.registryPassword}`] : [];
      for (const tag of ['v1', `fp-${runId}`]) {
        const raw = JSON.parse(await runOk('skopeo', ['inspect', '--raw', '--tls-verify=false', ...authArgs, `docker://${t.registry}/${repo}:${tag}`]));
        expect(raw.mediaType).toBe('application/vnd.oci.image.index.v1+json');
        expect(raw.manifests.map((m: { platform: { architecture: string } }) => m.platform.architecture)).toEqual(['amd64', 'arm64']);
      }
      // The pull half reads back what the push half wrote, digest-verified.
      const got = await client.getManifest(repo, 'v1');
      expect(got.digest).toBe(appDigest);
      expect(await client.headManifest(repo, `fp-${runId}`)).toMatchObject({ digest: appDigest });
    });
  }

  it('the pushed image runs on both platforms via docker pull by digest', async () => {
    const ref = `${tb.registries.anon}/push/e2e-${runId}@${appDigest}`;
    for (const platform of ['linux/arm64', 'linux/amd64']) {
      // Docker 20.10 keeps one local image per digest ("Cannot overwrite digest"): drop it between platforms.
      await run('docker', ['rmi', '-f', ref]);
      const out = await runOk('docker', ['run', '--rm', '--pull', 'always', '--platform', platform, ref, 'sh', '-c', 'cat /app/hello.txt; uname -m'], { timeoutMs: 180_000 });
      expect(out).toContain(`hello ${runId}`);
      expect(out).toContain(platform === 'linux/arm64' ? 'aarch64' : 'x86_64');
    }
    await run('docker', ['rmi', '-f', ref]);
  });

  it('a second push sends 0 blob bytes; a one-file change sends only that layer, the configs, the manifests and the index', async () => {
    const proxy = await new CountingProxy(tb.registries.anon).start();
    try {
      const client = new RegistryClient(proxy.address, { logger });
      const repo = `push/counted-${runId}`;
      await client.pushLayout(app, repo, { tags: ['v1'] });
      proxy.reset();
      const again = await client.pushLayout(app, repo, { tags: ['v1'] });
      expect(again.blobs).toEqual({ pushed: 0, mounted: 0, skipped: 5, bytesSent: 0 });
      expect(proxy.blobBytes()).toBe(0);
      expect(proxy.count('PUT', /\/manifests\/sha256:/)).toBe(1); // only the index (manifests are HEADed and skipped)

      const changed = path.join(work, 'changed');
      const { appLayer } = await makeAppLayout(base, changed, { files: { 'hello.txt': `changed ${runId}\n` } });
      const layerSize = (await fs.stat(path.join(changed, 'blobs', 'sha256', appLayer.slice(7)))).size;
      proxy.reset();
      const third = await client.pushLayout(changed, repo, { tags: ['v2'] });
      // 1 app layer + 2 configs; the base layers are skipped.
      expect(third.blobs).toMatchObject({ pushed: 3, skipped: 2 });
      const uploads = proxy.seen.filter((r) => r.method === 'PUT' && r.url.includes('/blobs/uploads/'));
      expect(uploads).toHaveLength(3);
      expect(uploads.some((u) => u.bytesIn === layerSize)).toBe(true);
      expect(proxy.blobBytes()).toBe(third.blobs.bytesSent);
      expect(proxy.blobBytes()).toBeLessThan(layerSize + 4096);
      // 2 platform manifests + the index
      expect(proxy.count('PUT', /\/manifests\//)).toBeGreaterThanOrEqual(3);
      expect(proxy.count('PATCH', /./)).toBe(0); // monolithic uploads only
    } finally {
      await proxy.stop();
    }
  });

  it('mounts base layers from another repository of the same registry; a partial layout without base layers pushes', async () => {
    const partial = path.join(work, 'partial');
    await makeAppLayout(base, partial, { files: { 'hello.txt': `partial ${runId}\n` }, omitBaseLayers: true });
    const baseRepo = tb.baseImage.slice(tb.registries.token.length + 1).split(':')[0];
    const client = new RegistryClient(tb.registries.token, { credentials: { username: tb.registryUser, password: tb.registryPassword }, logger });
    const result = await client.pushLayout(partial, `push/mounted-${runId}`, { tags: ['v1'], mountFrom: [baseRepo] });
    expect(result.blobs.mounted).toBe(2);
    expect(result.blobs.pushed).toBe(3);
    await runOk('skopeo', ['inspect', '--raw', '--tls-verify=false', '--creds', `${tb.registryUser}:${tb.registryPassword}`, `docker://${tb.registries.token}/push/mounted-${runId}:v1`]);

    // Without a mount source the missing base layers are an error that names the blob.
    const err = await client.pushLayout(partial, `push/nomount-${runId}`, { tags: ['v1'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(String(err)).toMatch(/blob sha256:[a-f0-9]{64} is not in the OCI layout .* and none of 127\.0\.0\.1:5002\/push\/nomount/);
  });

  it('fetchBlob streams a blob and verifies its digest; tagManifest adds tags to an existing digest', async () => {
    const client = new RegistryClient(tb.registries.basic, { credentials: { username: tb.registryUser, password: tb.registryPassword }, logger });
    const repo = `push/e2e-${runId}`;
    const index = JSON.parse((await client.getManifest(repo, 'v1')).body.toString());
    const manifest = JSON.parse((await client.getManifest(repo, index.manifests[0].digest)).body.toString());
    const layer = manifest.layers.at(-1);
    let bytes = 0;
    for await (const chunk of (await client.fetchBlob(repo, layer.digest)) as AsyncIterable<Buffer>) bytes += chunk.length;
    expect(bytes).toBe(layer.size);
    expect(await client.blobExists(repo, layer.digest)).toBe(true);
    expect(await client.blobExists(repo, `sha256:${'0'.repeat(64)}`)).toBe(false);
    expect(await client.headManifest(repo, 'no-such-tag')).toBeUndefined();

    await client.tagManifest(repo, appDigest, ['latest', 'release-1']);
    expect((await client.headManifest(repo, 'release-1'))?.digest).toBe(appDigest);
  });

  it('fetchBlob resumes a download cut mid-body with a Range request and still verifies the digest', async () => {
    const proxy = await new CountingProxy(tb.registries.anon).start();
    try {
      const client = new RegistryClient(proxy.address, { logger, retry: { attempts: 3, baseDelayMs: 10 } });
      const baseRepo = tb.baseImage.slice(tb.registries.anon.length + 1).split(':')[0];
      const index = JSON.parse((await client.getManifest(baseRepo, '1')).body.toString());
      const manifest = JSON.parse((await client.getManifest(baseRepo, index.manifests[0].digest)).body.toString());
      const layer = manifest.layers[0];
      let cuts = 0;
      proxy.hooks.truncateResponseAt = (req) => (req.method === 'GET' && req.url?.includes('/blobs/') && cuts++ === 0 ? Math.floor(layer.size / 3) : undefined);
      let bytes = 0;
      for await (const chunk of (await client.fetchBlob(baseRepo, layer.digest)) as AsyncIterable<Buffer>) bytes += chunk.length;
      expect(bytes).toBe(layer.size);
      const gets = proxy.seen.filter((r) => r.method === 'GET' && r.url.endsWith(`/blobs/${layer.digest}`));
      expect(gets).toHaveLength(2);
      expect(gets[1].range).toMatch(/^bytes=[1-9]\d*-$/);
      expect(gets[1].status).toBe(206);
      expect(logLines.some((l) => /after \d+ bytes; resuming/.test(l))).toBe(true);

      // With no attempts left the stream errors (it never ends quietly short).
      cuts = 0;
      const once = new RegistryClient(proxy.address, { logger, retry: { attempts: 1, baseDelayMs: 10 } });
      const read = async () => {
        for await (const _ of (await once.fetchBlob(baseRepo, layer.digest)) as AsyncIterable<Buffer>);
      };
      await expect(read()).rejects.toThrow(/GET blob sha256:[a-f0-9]{64} from shipshape\/base: .* after \d+ bytes/);
    } finally {
      await proxy.stop();
    }
  });

  it('a wrong password fails naming the registry and the inputs, and the password appears nowhere', async () => {
    const wrong = `wrong-${runId}-secret`;
    for (const registry of [tb.registries.basic, tb.registries.token]) {
      const lines: string[] = [];
      const masked: string[] = [];
      const client = new RegistryClient(registry, {
        credentials: { username: tb.registryUser, password: wrong },
        logger: { info: (m) => lines.push(m), warning: (m) => lines.push(m), debug: (m) => lines.push(m) },
        mask: (s) => masked.push(s),
        retry: { attempts: 2, baseDelayMs: 10 },
      });
      const err = (await client.pushLayout(app, `push/denied-${runId}`, { tags: ['v1'] }).catch((e: unknown) => e)) as RegistryError;
      expect(err).toBeInstanceOf(RegistryError);
      expect(err.message).toContain(registry);
      expect(err.message).toContain('registry-username');
      expect(err.message).toContain('registry-password');
      const everything = `${err.message}\n${err.stack}\n${JSON.stringify(err)}\n${lines.join('\n')}`;
      expect(everything).not.toContain(wrong);
      expect(everything).not.toContain(Buffer.from(`${tb.registryUser}:${wrong}`).toString('base64'));
      expect(masked).toContain(wrong);
    }
  });
});

describe('docker config credentials', () => {
  it('pushes to the token registry with the testbed auth file as DOCKER_CONFIG', async () => {
    const client = new RegistryClient(tb.registries.token, { dockerConfigPath: tb.authFile, logger });
    const result = await client.pushLayout(app, `push/dockercfg-${runId}`, { tags: ['v1'] });
    expect(result.digest).toBe(appDigest);
    const { code } = await run('skopeo', ['inspect', '--raw', '--tls-verify=false', '--authfile', tb.authFile, `docker://${tb.registries.token}/push/dockercfg-${runId}:v1`]);
    expect(code).toBe(0);
  });
});
