// Attestation inputs and peers end to end (issue 24), with dist/index.js:
// - a context whose package-lock.json and dist-info METADATA have entries the SBOM cannot trust, pushed to
//   the testbed's distribution registry: the step succeeds with its outputs, each bad entry is a warning
//   naming the file and the entry, and the pushed SBOM lists the good packages only;
// - a registry that reads the `sha256-<hex>` referrers tag as the digest (GitLab's, here the in-process
//   ReferrersRegistry with `digestTags`): the tag is never written over, the step succeeds with a warning.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildRecord } from '../../src/record/schema.js';
import { RegistryClient } from '../../src/registry/index.js';
import { ReferrersRegistry } from '../support/referrers-registry.js';
import { runAction } from '../support/run-action.js';
import { testbed } from '../support/testbed.js';

const tb = testbed();
const runId = Date.now().toString(36);
const REGISTRY = tb.registries.basic;
let work: string;

beforeAll(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'i24-lockfile-e2e-'));
  const ctx = path.join(work, 'ctx');
  await fs.mkdir(path.join(ctx, 'lib/y-1.0.dist-info'), { recursive: true });
  await fs.writeFile(path.join(ctx, 'index.html'), `<h1>${runId}</h1>\n`);
  await fs.writeFile(
    path.join(ctx, 'package-lock.json'),
    JSON.stringify({
      name: 'app',
      lockfileVersion: 3,
      packages: {
        '': { name: 'app', version: '1.0.0' },
        'node_modules/express': { version: '4.21.2', license: 'MIT' },
        'node_modules/x': null,
        'node_modules/@x/': { version: '1.0.0' },
        'node_modules/n': { version: '1.0.0', name: 5 },
        'node_modules/i': { version: '1.0.0', integrity: 5 },
      },
    }),
  );
  await fs.writeFile(path.join(ctx, 'lib/y-1.0.dist-info/METADATA'), 'Metadata-Version: 2.1\nName: y\n\n');
});

afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

describe('a context with a bad package-lock.json', () => {
  it('pushes, sets digest and image, warns naming the file and each bad entry, and leaves those out of the SBOM', async () => {
    const repo = `i24-lockfile-${runId}`;
    const run = await runAction({
      inputs: { context: path.join(work, 'ctx'), image: `${REGISTRY}/${repo}`, tags: 'v1', platforms: 'linux/amd64', 'registry-username': tb.registryUser, 'registry-password': tb.registryPassword, 'cache-dir': path.join(work, 'cache') },
      env: { GITHUB_REPOSITORY: 'acme/i24', GITHUB_SHA: 'c0ffee'.padEnd(40, '0'), GITHUB_RUN_ID: '2424', SOURCE_DATE_EPOCH: '1700000000' },
      timeoutMs: 300_000,
    });
    expect(run.code, `${run.stdout.slice(-5000)}\n${run.stderr.slice(-2000)}`).toBe(0);
    expect(run.outputs.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(run.outputs.image).toBe(`${REGISTRY}/${repo}@${run.outputs.digest}`);
    const file = 'package-lock.json (/app/package-lock.json in the image)';
    const warnings = run.stdout.split('\n').filter((l) => l.startsWith('::warning::SBOM: '));
    expect(warnings).toEqual([
      '::warning::SBOM: lib/y-1.0.dist-info/METADATA (/app/lib/y-1.0.dist-info/METADATA in the image) has no Version header; that package is left out of the SBOM',
      `::warning::SBOM: ${file}: "node_modules/x" is null, not an object; that entry is left out of the SBOM`,
      `::warning::SBOM: ${file}: "node_modules/@x/" does not end in a package name; that entry is left out of the SBOM`,
      `::warning::SBOM: ${file}: "node_modules/n" has name 5, not a string; that entry is left out of the SBOM`,
      `::warning::SBOM: ${file}: "node_modules/i" has integrity 5, not a string; that entry is left out of the SBOM`,
    ]);

    const sbom = JSON.parse(run.outputs.sbom) as Record<string, string>;
    const client = new RegistryClient(REGISTRY, { credentials: { username: tb.registryUser, password: tb.registryPassword } });
    const manifest = JSON.parse((await client.getManifest(repo, sbom['linux/amd64'])).body.toString('utf8')) as { layers: { digest: string }[] };
    const chunks: Buffer[] = [];
    for await (const c of await client.fetchBlob(repo, manifest.layers[0].digest)) chunks.push(c as Buffer);
    const doc = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { packages: { name: string }[] };
    expect(doc.packages.slice(1).map((p) => p.name)).toEqual(['express']);
  });
});

describe('a registry whose sha256-<hex> referrers tag resolves to the subject (GitLab)', () => {
  let reg: ReferrersRegistry;
  afterAll(() => reg?.stop());

  it('never writes the tag over the image; the step succeeds with outputs and a warning, the rerun too', async () => {
    reg = new ReferrersRegistry({ referrersApi: false, digestTags: true });
    const address = await reg.start();
    const ctx = path.join(work, 'gl-ctx');
    await fs.mkdir(ctx, { recursive: true });
    await fs.writeFile(path.join(ctx, 'index.html'), `<h1>gitlab ${runId}</h1>\n`);
    const ship = () =>
      runAction({ inputs: { context: ctx, image: `${address}/i24/gl`, tags: 'v1', platforms: 'linux/amd64,linux/arm64', 'cache-dir': path.join(work, 'gl-cache') }, env: { SOURCE_DATE_EPOCH: '1700000000' }, timeoutMs: 300_000 });
    const tagWarnings = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('::warning::referrers tag i24/gl:sha256-'));

    // The first run attaches beside the push: a tag read before its subject is up reads 404 and its PUT is
    // refused; one read after answers with the subject. Which one depends on timing; both leave it alone.
    const first = await ship();
    expect(first.code, first.stdout.slice(-5000)).toBe(0);
    const { digest, image } = first.outputs;
    expect(image).toBe(`${address}/i24/gl@${digest}`);
    const index = reg.manifests.get(`i24/gl@${digest}`)!.body;
    expect(tagWarnings(first.stdout)).toHaveLength(3);
    expect(tagWarnings(first.stdout).every((w) => /refused a referrers index \(400: |resolves to the subject sha256:[a-f0-9]{64} itself/.test(w)), first.stdout).toBe(true);
    let record = JSON.parse(await fs.readFile(first.outputs['record-path'], 'utf8')) as BuildRecord;
    expect(record.build?.attestations?.mode).toBe('subject-only');

    // The rerun finds the image; the tag now answers with it, which is read as no referrers and not written.
    const puts = reg.requests.filter((r) => r.startsWith('PUT /v2/i24/gl/manifests/sha256-')).length;
    const again = await ship();
    expect(again.code, again.stdout.slice(-5000)).toBe(0);
    expect(again.outputs.digest).toBe(digest);
    expect(again.outputs.sbom).toBe(first.outputs.sbom);
    expect(reg.requests.filter((r) => r.startsWith('PUT /v2/i24/gl/manifests/sha256-')).length).toBe(puts);
    expect(tagWarnings(again.stdout)).toHaveLength(3);
    expect(tagWarnings(again.stdout)).toContainEqual(expect.stringContaining(`resolves to the subject ${digest} itself`));
    expect(reg.manifests.get(`i24/gl@${digest}`)!.body).toEqual(index);
    record = JSON.parse(await fs.readFile(again.outputs['record-path'], 'utf8')) as BuildRecord;
    expect(record.build?.attestations?.mode).toBe('subject-only');
  });
});
