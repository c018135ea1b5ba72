// SBOM + provenance end to end: dist/index.js builds on a base the test makes (real dpkg status
// stanzas from this machine, a package removed by a later layer), pushes to the testbed's distribution
// registry (no referrers API, so the sha256-<hex> tag schema), and the documents are read back with
// skopeo and validated with two independent SPDX 2.3 validators.
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLayer, type LayerEntry } from '../../src/oci/layer.js';
import { blobPath } from '../../src/oci/layout.js';
import { sha256Digest } from '../../src/oci/digest.js';
import { jsonBytes, type ImageIndex, type ImageManifest } from '../../src/oci/types.js';
import type { BuildRecord } from '../../src/record/schema.js';
import { artifactManifest } from '../../src/attest/artifact.js';
import { RegistryClient } from '../../src/registry/index.js';
import { attachReferrer } from '../../src/registry/referrers.js';
import { runOk } from '../support/process.js';
import { runAction, type ActionRun } from '../support/run-action.js';
import { ajvErrors, pythonErrors } from '../support/spdx-validate.js';
import { testbed } from '../support/testbed.js';

const tb = testbed();
const runId = Date.now().toString(36);
const REGISTRY = tb.registries.basic;
const BASE = `${REGISTRY}/i15-base-${runId}`;
const DEPLOY_SECRET = 'i15-deploy-secret-value-90210';
let work: string;
let client: RegistryClient;
const creds = () => ['--creds', `${tb.registryUser}:${tb.registryPassword}`];

/** Stanzas of this machine's own dpkg database (real fields, real versions). */
function realStanzas(...names: string[]): string {
  const stanzas = readFileSync('/var/lib/dpkg/status', 'utf8').split(/\n\n+/);
  return names.map((n) => stanzas.find((s) => s.startsWith(`Package: ${n}\n`))!).join('\n\n') + '\n';
}

async function layerFrom(dir: string, files: Record<string, string>, out: string) {
  const entries: LayerEntry[] = [];
  const dirs = new Set<string>();
  for (const [p, content] of Object.entries(files)) {
    const src = path.join(dir, `src-${entries.length}`);
    await fs.writeFile(src, content);
    for (let d = path.posix.dirname(p); d !== '.'; d = path.posix.dirname(d)) dirs.add(d);
    entries.push({ path: p, type: 'file', mode: 0o644, size: Buffer.byteLength(content), sourcePath: src });
  }
  const all = [...[...dirs].map((d) => ({ path: d, type: 'dir' as const, mode: 0o755, size: 0 })), ...entries].sort((a, b) => (a.path < b.path ? -1 : 1));
  const tmp = path.join(out, 'blobs', 'tmp');
  const layer = await writeLayer(all, 1_700_000_000, tmp);
  await fs.rename(tmp, blobPath(out, layer.digest));
  return layer;
}

/** A two-platform base: layer 1 installs libc6, base-files and i15-gone; layer 2 removes i15-gone the way a later RUN would. */
async function pushBase(): Promise<void> {
  const layout = path.join(work, 'base-layout');
  await fs.mkdir(path.join(layout, 'blobs', 'sha256'), { recursive: true });
  const gone = 'Package: i15-gone\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.0-1\nDescription: removed by layer 2\n';
  const l1 = await layerFrom(work, {
    'etc/os-release': readFileSync('/etc/os-release', 'utf8'),
    'var/lib/dpkg/status': `${realStanzas('base-files', 'libc6')}\n${gone}`,
    'var/lib/dpkg/status.d/i15-gone-too': 'Package: i15-gone-too\nArchitecture: amd64\nVersion: 2\n',
    'usr/share/i15-gone/file': 'x',
  }, layout);
  const l2 = await layerFrom(work, {
    'var/lib/dpkg/status': realStanzas('base-files', 'libc6'),
    'var/lib/dpkg/status.d/.wh.i15-gone-too': '',
    'usr/share/.wh.i15-gone': '',
  }, layout);
  const write = async (value: unknown) => {
    const bytes = jsonBytes(value);
    await fs.writeFile(blobPath(layout, sha256Digest(bytes)), bytes);
    return { digest: sha256Digest(bytes), size: bytes.length };
  };
  const manifests = [];
  for (const arch of ['amd64', 'arm64']) {
    const config = await write({ architecture: arch, os: 'linux', created: '2023-11-14T22:13:20Z', config: {}, rootfs: { type: 'layers', diff_ids: [l1.diffId, l2.diffId] } });
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers: [l1, l2].map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
    };
    manifests.push({ mediaType: manifest.mediaType, ...(await write(manifest)), platform: { architecture: arch, os: 'linux' } });
  }
  const index = await write({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests });
  await fs.writeFile(path.join(layout, 'index.json'), jsonBytes({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ mediaType: 'application/vnd.oci.image.index.v1+json', ...index, annotations: { 'org.opencontainers.image.ref.name': '1' } }] }));
  await fs.writeFile(path.join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  await client.pushLayout(layout, `i15-base-${runId}`, { tags: ['1'] });
}

async function writeContext(dir: string): Promise<void> {
  await fs.mkdir(path.join(dir, 'lib/site-packages/flask-3.0.3.dist-info'), { recursive: true });
  await fs.writeFile(path.join(dir, 'index.html'), `<h1>${runId}</h1>\n`);
  await fs.writeFile(
    path.join(dir, 'package-lock.json'),
    JSON.stringify({
      name: 'app',
      lockfileVersion: 3,
      packages: {
        '': { name: 'app', version: '1.0.0' },
        'node_modules/express': { version: '4.21.2', resolved: 'https://registry.npmjs.org/express/-/express-4.21.2.tgz', integrity: 'sha512-' + Buffer.alloc(64, 7).toString('base64'), license: 'MIT' },
        'node_modules/@acme/util': { version: '0.3.1', license: 'Apache-2.0' },
      },
    }),
  );
  await fs.writeFile(path.join(dir, 'lib/site-packages/flask-3.0.3.dist-info/METADATA'), 'Metadata-Version: 2.1\nName: Flask\nVersion: 3.0.3\nLicense: BSD-3-Clause\n\nFlask.\n');
}

const env = () => ({ GITHUB_REPOSITORY: 'acme/i15', GITHUB_SHA: 'c0ffee'.padEnd(40, '0'), GITHUB_REF: 'refs/heads/main', GITHUB_RUN_ID: '1515', GITHUB_RUN_ATTEMPT: '1', SOURCE_DATE_EPOCH: '1700000000' });

function ship(repo: string, over: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    inputs: {
      context: path.join(work, 'ctx'),
      image: `${REGISTRY}/${repo}`,
      tags: 'v1',
      base: `${BASE}:1`,
      'registry-username': tb.registryUser,
      'registry-password': tb.registryPassword,
      'cache-dir': path.join(work, 'cache'),
      'oci-layout': path.join(work, `layout-${repo}`),
      ...over,
    },
    env: env(),
    timeoutMs: 300_000,
  });
}

const failure = (run: ActionRun) => `exit ${run.code}\n${run.stdout.slice(-5000)}\n${run.stderr.slice(-2000)}`;
const inspect = async (ref: string) => JSON.parse(await runOk('skopeo', ['inspect', '--raw', '--tls-verify=false', ...creds(), `docker://${ref}`], { timeoutMs: 60_000 }));
const tagOf = (digest: string) => `sha256-${digest.slice(7)}`;
async function documentOf(repo: string, artifactDigest: string): Promise<{ manifest: ImageManifest & { subject: { digest: string }; artifactType: string }; text: string }> {
  const manifest = await inspect(`${REGISTRY}/${repo}@${artifactDigest}`);
  const chunks: Buffer[] = [];
  for await (const c of await client.fetchBlob(repo, manifest.layers[0].digest)) chunks.push(c as Buffer);
  return { manifest, text: Buffer.concat(chunks).toString('utf8') };
}

beforeAll(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'i15-attest-e2e-'));
  client = new RegistryClient(REGISTRY, { credentials: { username: tb.registryUser, password: tb.registryPassword } });
  await writeContext(path.join(work, 'ctx'));
  await pushBase();
}, 120_000);

afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

describe('SBOM and provenance as OCI referrers (distribution registry: tag schema)', () => {
  const REPO = `i15-app-${runId}`;
  let first: ActionRun;
  let manifests: Record<string, string>;

  it('attaches one SBOM per platform and one provenance; the index is untouched', async () => {
    first = await ship(REPO);
    expect(first.code, failure(first)).toBe(0);
    const o = first.outputs;
    manifests = JSON.parse(o.metadata).manifests;
    const sbom = JSON.parse(o.sbom) as Record<string, string>;
    expect(Object.keys(sbom).sort()).toEqual(['linux/amd64', 'linux/arm64']);
    expect(o.provenance).toMatch(/^sha256:[a-f0-9]{64}$/);

    const index = (await inspect(`${REGISTRY}/${REPO}:v1`)) as ImageIndex;
    expect(index.manifests.map((m) => `${m.platform!.os}/${m.platform!.architecture}`)).toEqual(['linux/amd64', 'linux/arm64']);
    expect(sha256Digest(Buffer.from(await runOk('skopeo', ['inspect', '--raw', '--tls-verify=false', ...creds(), `docker://${REGISTRY}/${REPO}:v1`])))).toBe(o.digest);

    for (const [platform, digest] of Object.entries(sbom)) {
      const referrers = (await inspect(`${REGISTRY}/${REPO}:${tagOf(manifests[platform])}`)) as ImageIndex;
      expect(referrers.manifests).toEqual([expect.objectContaining({ digest, artifactType: 'application/spdx+json' })]);
      const { manifest, text } = await documentOf(REPO, digest);
      expect(manifest).toMatchObject({ artifactType: 'application/spdx+json', config: { mediaType: 'application/vnd.oci.empty.v1+json' }, subject: { digest: manifests[platform] } });
      const doc = JSON.parse(text);
      expect(ajvErrors(doc)).toEqual([]);
      expect(await pythonErrors(doc)).toEqual([]);
      const purls: string[] = doc.packages.map((p: { externalRefs?: { referenceLocator: string }[] }) => p.externalRefs?.[0].referenceLocator);
      const osId = /^ID=(.*)$/m.exec(readFileSync('/etc/os-release', 'utf8'))![1];
      expect(purls.some((p) => p.startsWith(`pkg:deb/${osId}/libc6@`))).toBe(true);
      expect(purls.some((p) => p.startsWith(`pkg:deb/${osId}/base-files@`))).toBe(true);
      expect(purls).toContain('pkg:npm/express@4.21.2');
      expect(purls).toContain('pkg:npm/%40acme/util@0.3.1');
      expect(purls).toContain('pkg:pypi/flask@3.0.3');
      expect(text).not.toContain('i15-gone');
      expect(doc.packages[0].checksums).toEqual([{ algorithm: 'SHA256', checksumValue: manifests[platform].slice(7) }]);
      expect(doc.creationInfo.created).toBe('2023-11-14T22:13:20Z');
    }

    const provTag = (await inspect(`${REGISTRY}/${REPO}:${tagOf(o.digest)}`)) as ImageIndex;
    expect(provTag.manifests).toEqual([expect.objectContaining({ digest: o.provenance, artifactType: 'application/vnd.in-toto+json' })]);
    const { manifest, text } = await documentOf(REPO, o.provenance);
    expect(manifest.subject.digest).toBe(o.digest);
    const statement = JSON.parse(text);
    expect(statement).toMatchObject({ _type: 'https://in-toto.io/Statement/v1', predicateType: 'https://slsa.dev/provenance/v1' });
    expect(statement.subject.map((s: { digest: { sha256: string } }) => `sha256:${s.digest.sha256}`)).toEqual([o.digest, manifests['linux/amd64'], manifests['linux/arm64']]);
    expect(statement.predicate.buildDefinition.resolvedDependencies[0]).toEqual({ uri: 'git+https://github.com/acme/i15@refs/heads/main', digest: { gitCommit: env().GITHUB_SHA } });
    expect(text).not.toContain(tb.registryPassword);

    // skopeo copies the image as before; the layout holds the same artifacts beside the image.
    await runOk('skopeo', ['copy', '--all', '--src-tls-verify=false', '--src-creds', `${tb.registryUser}:${tb.registryPassword}`, `docker://${REGISTRY}/${REPO}:v1`, `oci:${path.join(work, 'copied')}:v1`], { timeoutMs: 120_000 });
    const layoutIndex = JSON.parse(await fs.readFile(path.join(work, `layout-${REPO}`, 'index.json'), 'utf8')) as ImageIndex;
    expect(layoutIndex.manifests[0].digest).toBe(o.digest);
    expect(layoutIndex.manifests.slice(1).map((m) => m.digest).sort()).toEqual([...Object.values(sbom), o.provenance].sort());

    const record = JSON.parse(await fs.readFile(o['record-path'], 'utf8')) as BuildRecord;
    expect(record.build?.attestations).toMatchObject({ mode: 'tag-schema', pushed: 3, provenance: { digest: o.provenance, subject: o.digest } });
    expect(record.build?.attestations?.sbom?.['linux/amd64']).toMatchObject({ digest: sbom['linux/amd64'], subject: manifests['linux/amd64'], packages: 5 });
    expect(first.summary).toContain('| SBOM (SPDX 2.3) | linux/amd64: 5 packages');
  });

  it('a rerun with no change is a fingerprint hit that finds the attestations and adds no referrer', async () => {
    const before = await Promise.all([...Object.values(manifests), first.outputs.digest].map((d) => inspect(`${REGISTRY}/${REPO}:${tagOf(d)}`)));
    const again = await ship(REPO);
    expect(again.code, failure(again)).toBe(0);
    expect(again.outputs['cache-hit']).toBe('true');
    expect(again.outputs.sbom).toBe(first.outputs.sbom);
    expect(again.outputs.provenance).toBe(first.outputs.provenance);
    const after = await Promise.all([...Object.values(manifests), first.outputs.digest].map((d) => inspect(`${REGISTRY}/${REPO}:${tagOf(d)}`)));
    expect(after).toEqual(before);
    const record = JSON.parse(await fs.readFile(again.outputs['record-path'], 'utf8')) as BuildRecord;
    expect(record.build?.attestations?.pushed).toBe(0);
  });

  it('sbom: false and provenance: false attach nothing', async () => {
    const repo = `i15-plain-${runId}`;
    const run = await ship(repo, { sbom: 'false', provenance: 'false' });
    expect(run.code, failure(run)).toBe(0);
    expect(run.outputs.sbom).toBe('{}');
    expect(run.outputs.provenance).toBe('');
    const tags = JSON.parse(await runOk('skopeo', ['list-tags', '--tls-verify=false', ...creds(), `docker://${REGISTRY}/${repo}`])).Tags as string[];
    expect(tags.filter((t) => t.startsWith('sha256-'))).toEqual([]);
    const layoutIndex = JSON.parse(await fs.readFile(path.join(work, `layout-${repo}`, 'index.json'), 'utf8')) as ImageIndex;
    expect(layoutIndex.manifests).toHaveLength(1);

    // Turned on later, the same image is a fingerprint hit without attestations: built again to attach them.
    const later = await ship(repo);
    expect(later.code, failure(later)).toBe(0);
    expect(later.outputs.digest).toBe(run.outputs.digest);
    expect(later.outputs['cache-hit']).toBe('false');
    expect((await inspect(`${REGISTRY}/${repo}:${tagOf(later.outputs.digest)}`)).manifests).toEqual([expect.objectContaining({ digest: later.outputs.provenance })]);
  });

  it('two concurrent writers of one referrers tag on the distribution registry keep both entries', async () => {
    const repo = `i15-race-${runId}`;
    const subject = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: manifests['linux/amd64'], size: 1 };
    const artifacts = ['amd64', 'arm64'].map((a) => artifactManifest({ kind: 'sbom', platform: `linux/${a}`, artifactType: 'application/spdx+json', document: Buffer.from(`{"${a}":1}`), subject, created: '2023-11-14T22:13:20Z' }));
    const other = new RegistryClient(REGISTRY, { credentials: { username: tb.registryUser, password: tb.registryPassword } });
    await Promise.all([attachReferrer(client, repo, artifacts[0]), attachReferrer(other, repo, artifacts[1])]);
    const listed = (await inspect(`${REGISTRY}/${repo}:${tagOf(subject.digest)}`)) as ImageIndex;
    expect(listed.manifests.map((m) => m.digest).sort()).toEqual(artifacts.map((a) => a.descriptor.digest).sort());
  });

  it('push: false writes the same documents into the OCI layout as referrers of the image', async () => {
    const layout = path.join(work, 'layout-local');
    const run = await ship(REPO, { push: 'false', 'oci-layout': layout });
    expect(run.code, failure(run)).toBe(0);
    const layoutIndex = JSON.parse(await fs.readFile(path.join(layout, 'index.json'), 'utf8')) as ImageIndex;
    const sbom = JSON.parse(run.outputs.sbom) as Record<string, string>;
    const metadata = JSON.parse(run.outputs.metadata);
    for (const [platform, digest] of Object.entries(sbom)) {
      const entry = layoutIndex.manifests.find((m) => m.digest === digest)!;
      expect(entry).toMatchObject({ artifactType: 'application/spdx+json', annotations: { 'dev.shipshape.platform': platform } });
      const manifest = JSON.parse(await fs.readFile(blobPath(layout, digest), 'utf8'));
      expect(manifest.subject.digest).toBe(metadata.manifests[platform]);
      const doc = JSON.parse(await fs.readFile(blobPath(layout, manifest.layers[0].digest), 'utf8'));
      expect(ajvErrors(doc)).toEqual([]);
    }
    // The same inputs give the same SBOM bytes as the pushed build (same image, same digests).
    expect(run.outputs.sbom).toBe(first.outputs.sbom);
  });

  it('no secret (registry password, deploy-env values, an env value with a password) reaches any document', async () => {
    const repo = `i15-secret-${runId}`;
    const DB_PW = `ed-s3cr3t-pw-${runId}`;
    // The deploy fails (no engine there); build, push and attach have happened by then.
    const run = await ship(repo, { 'deploy-host': 'unix:///nonexistent/i15-engine.sock', 'deploy-env': `APP_TOKEN=${DEPLOY_SECRET}`, env: `PUBLIC=1\nDATABASE_URL=postgres://app:${DB_PW}@db/app` });
    expect(run.outputs.provenance, failure(run)).toMatch(/^sha256:/);
    const sbom = JSON.parse(run.outputs.sbom) as Record<string, string>;
    for (const digest of [...Object.values(sbom), run.outputs.provenance]) {
      const { text } = await documentOf(repo, digest);
      expect(text).not.toContain(DEPLOY_SECRET);
      expect(text).not.toContain(tb.registryPassword);
      expect(text).not.toContain('APP_TOKEN');
      expect(text).not.toContain(DB_PW);
    }
    // env names only: a value may be a credential
    const { text } = await documentOf(repo, run.outputs.provenance);
    expect(JSON.parse(text).predicate.buildDefinition.externalParameters.inputs.env).toEqual(['PUBLIC', 'DATABASE_URL']);
    // warned before the build, naming the input, the variable and deploy-env; the password masked, never printed
    expect(run.stdout).toMatch(/^::warning::Input 'env': DATABASE_URL looks like a credential \(a URL with a password\);.*deploy-env/m);
    expect(run.stdout).toContain(`::add-mask::${DB_PW}`);
    const printed = (run.stdout + run.stderr).split('\n').filter((l) => !l.startsWith('::add-mask::'));
    expect(printed.filter((l) => l.includes(DB_PW))).toEqual([]);
    expect(await fs.readFile(run.outputs['record-path'], 'utf8')).not.toContain(DB_PW);
  });
});
