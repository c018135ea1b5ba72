import { createReadStream, promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { create as createTar } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrityChecksums, parseDistInfoMetadata, parsePackageLock } from '../../src/attest/app-packages.js';
import { artifactManifest, EMPTY_DESCRIPTOR } from '../../src/attest/artifact.js';
import { readMergedFiles } from '../../src/attest/base-fs.js';
import { appPackages, basePackages, buildAttestations, preparePackages, SHIPSHAPE_VERSION } from '../../src/attest/index.js';
import { parseApkInstalled, parseDpkgStatus, parseOsRelease } from '../../src/attest/os-packages.js';
import { provenanceStatement } from '../../src/attest/provenance.js';
import { spdxDocument, spdxLicense } from '../../src/attest/spdx.js';
import { sha256Digest } from '../../src/oci/digest.js';
import { repoRoot } from '../support/run-action.js';
import { ajvErrors, pythonErrors } from '../support/spdx-validate.js';

const DPKG_STATUS = `Package: libc6
Status: install ok installed
Priority: optional
Architecture: amd64
Multi-Arch: same
Version: 2.36-9+deb12u4
Homepage: https://www.gnu.org/software/libc/libc.html
Description: GNU C Library: Shared libraries
 Contains the standard libraries that are used by nearly all programs on
 the system.

Package: removed-but-configured
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0-1

Package: tzdata
Status: install ok installed
Architecture: all
Version: 2024a-0+deb12u1
`;

const APK_INSTALLED = `C:Q1abc=
P:musl
V:1.2.5-r0
A:x86_64
L:MIT
U:https://musl.libc.org/
o:musl

P:busybox-binsh
V:1.36.1-r29
A:x86_64
L:GPL-2.0-only
o:busybox

P:weird
V:1
A:x86_64
L:MIT BSD
`;

const LOCK = JSON.stringify({
  name: 'app',
  lockfileVersion: 3,
  packages: {
    '': { name: 'app', version: '1.0.0' },
    'node_modules/express': { version: '4.21.2', resolved: 'https://registry.npmjs.org/express/-/express-4.21.2.tgz', integrity: 'sha512-' + Buffer.alloc(64, 1).toString('base64'), license: 'MIT' },
    'node_modules/@types/node': { version: '24.0.0', license: 'MIT', dev: true },
    'node_modules/express/node_modules/debug': { version: '2.6.9', license: 'MIT' },
    'node_modules/local-lib': { resolved: 'packages/local-lib', link: true },
  },
});

const METADATA = `Metadata-Version: 2.1
Name: Flask
Version: 3.0.3
Summary: A simple framework for building complex web applications.
License: BSD-3-Clause
Home-page: https://palletsprojects.com/p/flask

Flask is a lightweight WSGI web application framework.
`;

describe('package databases', () => {
  const os = parseOsRelease('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n# comment\n');

  it('os-release: ID and VERSION_ID, quotes removed', () => {
    expect(os).toEqual({ id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' });
  });

  it('dpkg status: installed entries only, purl with the distro from os-release', () => {
    const found = parseDpkgStatus(DPKG_STATUS, os, '/var/lib/dpkg/status');
    expect(found.map((p) => p.name)).toEqual(['libc6', 'tzdata']);
    expect(found[0]).toMatchObject({ type: 'deb', namespace: 'debian', version: '2.36-9+deb12u4', qualifiers: { arch: 'amd64', distro: 'debian-12' } });
  });

  it('apk installed: name, version, arch, license, origin', () => {
    const found = parseApkInstalled(APK_INSTALLED, { id: 'alpine', versionId: '3.20.3' }, '/lib/apk/db/installed');
    expect(found.map((p) => `${p.name}@${p.version}`)).toEqual(['musl@1.2.5-r0', 'busybox-binsh@1.36.1-r29', 'weird@1']);
    expect(found[1]).toMatchObject({ namespace: 'alpine', license: 'GPL-2.0-only', qualifiers: { arch: 'x86_64', distro: 'alpine-3.20.3', upstream: 'busybox' } });
  });

  it('package-lock v3: every node_modules entry but links; scopes; sha512 integrity as hex', () => {
    const found = parsePackageLock(LOCK, '/app/package-lock.json');
    expect(found.map((p) => `${p.namespace ? p.namespace + '/' : ''}${p.name}@${p.version}`)).toEqual(['express@4.21.2', '@types/node@24.0.0', 'debug@2.6.9']);
    expect(found[0].checksums).toEqual({ SHA512: '01'.repeat(64) });
    expect(found[0].downloadLocation).toBe('https://registry.npmjs.org/express/-/express-4.21.2.tgz');
    expect(integrityChecksums('sha1-AAAA sha512-AAAA')).toEqual({ SHA1: '000000', SHA512: '000000' });
  });

  it('dist-info METADATA: the header block only', () => {
    expect(parseDistInfoMetadata(METADATA, '/app/site/flask-3.0.3.dist-info/METADATA')).toMatchObject({ type: 'pypi', name: 'Flask', version: '3.0.3', license: 'BSD-3-Clause' });
    expect(parseDistInfoMetadata('Summary: no name\n', 'x')).toBeUndefined();
  });

  it('licenses: valid SPDX expressions kept, anything else NOASSERTION with the text as a comment', () => {
    expect(spdxLicense('MIT OR Apache-2.0')).toEqual({ declared: 'MIT OR Apache-2.0' });
    expect(spdxLicense('MIT BSD')).toEqual({ declared: 'NOASSERTION', comment: 'declared by the package as: MIT BSD' });
    expect(spdxLicense(undefined)).toEqual({ declared: 'NOASSERTION' });
  });
});

describe('merged base filesystem', () => {
  let dir: string;
  const layers: string[] = [];
  const byDigest = new Map<string, string>();

  async function layer(files: Record<string, string | { link: string }>): Promise<void> {
    const root = path.join(dir, `layer${layers.length}`);
    for (const [p, content] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(root, p)), { recursive: true });
      if (typeof content === 'string') await fs.writeFile(path.join(root, p), content);
      else await fs.symlink(content.link, path.join(root, p));
    }
    const file = `${root}.tar.gz`;
    await createTar({ gzip: true, file, cwd: root, portable: true }, Object.keys(files).map((p) => p.split('/')[0]).filter((v, i, a) => a.indexOf(v) === i));
    const digest = sha256Digest(await fs.readFile(file));
    byDigest.set(digest, file);
    layers.push(digest);
  }
  const open = async (d: string) => createReadStream(byDigest.get(d)!);

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'i15-basefs-'));
    await layer({
      'usr/lib/os-release': 'ID=debian\nVERSION_ID="12"\n',
      'etc/os-release': { link: '../usr/lib/os-release' },
      'var/lib/dpkg/status': DPKG_STATUS,
      'var/lib/dpkg/status.d/gone': 'Package: gone\nVersion: 1\nArchitecture: amd64\n',
      'var/lib/dpkg/status.d/kept': 'Package: kept\nVersion: 2\nArchitecture: amd64\n',
      'opt/dir/a': 'a',
    });
    await layer({ 'var/lib/dpkg/status.d/.wh.gone': '', 'opt/dir/.wh..wh..opq': '', 'opt/dir/b': 'b' });
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('applies whiteouts and opaque directories; follows a symlinked os-release', async () => {
    const files = await readMergedFiles(layers, open, (p) => p.startsWith('var/') || p.startsWith('opt/') || p.endsWith('os-release'));
    expect([...files.keys()].sort()).toEqual(['etc/os-release', 'opt/dir/b', 'usr/lib/os-release', 'var/lib/dpkg/status', 'var/lib/dpkg/status.d/kept']);
    expect(files.get('etc/os-release')!.toString()).toContain('ID=debian');
  });

  /** One platform on the test base, with an in-memory base-package cache; counts the layers opened. */
  function cachedBaseInput(appFiles: { imagePath: string; read: () => Promise<Buffer> }[]) {
    const stored = new Map<string, unknown>();
    let opened = 0;
    const cache = { get: async (k: string) => stored.get(k) as never, put: async (k: string, v: unknown) => void stored.set(k, v) };
    const input = {
      repository: 'r/app',
      epoch: 0,
      index: { mediaType: 'application/vnd.oci.image.index.v1+json', digest: sha256Digest(Buffer.from('i')), size: 1 },
      manifests: [{ platform: 'linux/amd64', descriptor: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256Digest(Buffer.from('m')), size: 1 }, baseLayers: layers }],
      openLayer: async (d: string) => (opened++, open(d)),
      baseCache: cache,
      appFiles,
      sbom: true,
    };
    return { input, cache, opened: () => opened };
  }

  it('buildAttestations reads a base once: later builds take its package list from the cache', async () => {
    const { input, opened } = cachedBaseInput([]);
    const first = await buildAttestations(input);
    expect(opened()).toBe(2);
    const second = await buildAttestations(input);
    expect(opened()).toBe(2);
    expect(second.sboms[0].artifact.manifest.equals(first.sboms[0].artifact.manifest)).toBe(true);
    expect(first.sboms[0].packages).toBe(3);
  });

  it('preparePackages (beside the build) gives the same SBOM bytes, without opening a cached base again', async () => {
    const lock = Buffer.from(JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'a' }, 'node_modules/left-pad': { version: '1.3.0', license: 'WTFPL' } } }));
    const appFiles = [{ imagePath: '/app/package-lock.json', read: async () => lock }];
    const { input, cache, opened } = cachedBaseInput(appFiles);
    // A cold cache: nothing prepared for the base, which is read from its layers as before.
    const cold = await preparePackages({ appFiles, baseLayers: [layers], baseCache: cache });
    expect(cold.bases.size).toBe(0);
    const plain = await buildAttestations({ ...input, prepared: cold });
    expect(opened()).toBe(2);
    const warm = await preparePackages({ appFiles, baseLayers: [layers], baseCache: cache });
    expect(warm.bases.size).toBe(1);
    const fast = await buildAttestations({ ...input, prepared: warm });
    expect(opened()).toBe(2);
    expect(fast.sboms[0].artifact.manifest.equals(plain.sboms[0].artifact.manifest)).toBe(true);
    expect(fast.sboms[0].artifact.manifest.equals((await buildAttestations(input)).sboms[0].artifact.manifest)).toBe(true);
    expect(fast.sboms[0].packages).toBe(4);
  });

  it('lists dpkg packages from status and status.d, not the whited-out one', async () => {
    const found = await basePackages(layers, open);
    expect(found.map((p) => p.name)).toEqual(['libc6', 'tzdata', 'kept']);
    expect(found[0].qualifiers).toEqual({ arch: 'amd64', distro: 'debian-12' });
  });
});

describe('SPDX document', () => {
  const image = { repository: '127.0.0.1:5000/i15/app', platform: 'linux/amd64', manifestDigest: sha256Digest(Buffer.from('m')) };
  const packages = async () => [
    ...parseDpkgStatus(DPKG_STATUS, { id: 'debian', versionId: '12' }, '/var/lib/dpkg/status'),
    ...(await appPackages([
      { imagePath: '/app/package-lock.json', read: async () => Buffer.from(LOCK) },
      { imagePath: '/app/lib/flask-3.0.3.dist-info/METADATA', read: async () => Buffer.from(METADATA) },
    ])),
  ];

  it('validates against the SPDX 2.3 schema with ajv and with Python jsonschema', async () => {
    const doc = spdxDocument({ image, created: 1_700_000_000, tool: 'shipshape-test', packages: await packages() });
    expect(ajvErrors(doc)).toEqual([]);
    expect(await pythonErrors(doc)).toEqual([]);
    // The validators do reject a broken document (they are not vacuous).
    const broken = { ...doc, packages: [{ ...doc.packages[1], SPDXID: undefined, primaryPackagePurpose: 'NOPE' }] };
    expect(ajvErrors(broken).length).toBeGreaterThan(0);
    expect((await pythonErrors(broken)).length).toBeGreaterThan(0);
  });

  it('describes the image by digest; lists deb, npm and pypi purls; creation time from the image', async () => {
    const doc = spdxDocument({ image, created: 1_700_000_000, tool: 'shipshape-test', packages: await packages() });
    expect(doc.creationInfo.created).toBe('2023-11-14T22:13:20Z');
    expect(doc.packages[0]).toMatchObject({ SPDXID: 'SPDXRef-image', checksums: [{ algorithm: 'SHA256', checksumValue: image.manifestDigest.slice(7) }], primaryPackagePurpose: 'CONTAINER' });
    const purls = doc.packages.slice(1).map((p) => p.externalRefs![0].referenceLocator);
    expect(purls).toContain('pkg:deb/debian/libc6@2.36-9+deb12u4?arch=amd64&distro=debian-12');
    expect(purls).toContain('pkg:npm/express@4.21.2');
    expect(purls).toContain('pkg:npm/%40types/node@24.0.0');
    expect(purls).toContain('pkg:pypi/flask@3.0.3');
    const express = doc.packages.find((p) => p.name === 'express')!;
    expect(express).toMatchObject({ licenseDeclared: 'MIT', checksums: [{ algorithm: 'SHA512', checksumValue: '01'.repeat(64) }] });
    expect(doc.packages.find((p) => p.name === 'libc6')!.licenseDeclared).toBe('NOASSERTION');
    expect(doc.relationships.filter((r) => r.relationshipType === 'CONTAINS')).toHaveLength(doc.packages.length - 1);
  });

  it('is deterministic: the same inputs give the same bytes, in any input order', async () => {
    const list = await packages();
    const a = JSON.stringify(spdxDocument({ image, created: 1, tool: 't', packages: list }));
    const b = JSON.stringify(spdxDocument({ image, created: 1, tool: 't', packages: [...list].reverse() }));
    expect(a).toBe(b);
  });
});

describe('artifact manifests and provenance', () => {
  const subject = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256Digest(Buffer.from('s')), size: 1 };

  it('an OCI 1.1 artifact: empty config, the document as the one layer, subject, artifactType', () => {
    const a = artifactManifest({ kind: 'sbom', platform: 'linux/amd64', artifactType: 'application/spdx+json', document: Buffer.from('{"x":1}'), subject, created: '2023-11-14T22:13:20Z' });
    const m = JSON.parse(a.manifest.toString());
    expect(m).toMatchObject({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', artifactType: 'application/spdx+json', config: EMPTY_DESCRIPTOR, subject });
    expect(m.layers).toEqual([{ mediaType: 'application/spdx+json', digest: sha256Digest(Buffer.from('{"x":1}')), size: 7 }]);
    expect(EMPTY_DESCRIPTOR.digest).toBe('sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
    expect(a.descriptor).toMatchObject({ digest: sha256Digest(a.manifest), size: a.manifest.length, artifactType: 'application/spdx+json', annotations: m.annotations });
  });

  it('provenance: in-toto v1 / SLSA v1, subjects index and platforms, base digests and the commit as dependencies', () => {
    const st = provenanceStatement({
      repository: 'r.example/app',
      indexDigest: subject.digest,
      manifests: [{ platform: 'linux/amd64', digest: sha256Digest(Buffer.from('a')) }],
      externalParameters: { inputs: { image: 'r.example/app' } },
      internalParameters: {},
      base: { name: 'r.example/base:1', digest: sha256Digest(Buffer.from('b')), platforms: [{ platform: 'linux/amd64', digest: sha256Digest(Buffer.from('c')) }] },
      github: { repository: 'acme/app', sha: 'f'.repeat(40), ref: 'refs/heads/main', runId: '7', runAttempt: '2', workflowRef: 'acme/app/.github/workflows/ship.yml@refs/heads/main' },
      version: '9.9.9',
    });
    expect(st._type).toBe('https://in-toto.io/Statement/v1');
    expect(st.predicateType).toBe('https://slsa.dev/provenance/v1');
    expect(st.subject.map((s) => s.digest.sha256)).toEqual([subject.digest.slice(7), sha256Digest(Buffer.from('a')).slice(7)]);
    expect(st.predicate.runDetails.builder).toEqual({ id: 'https://github.com/shipshape/shipshape', version: { shipshape: '9.9.9' } });
    expect(st.predicate.runDetails.metadata.invocationId).toBe('https://github.com/acme/app/actions/runs/7/attempts/2');
    const deps = st.predicate.buildDefinition.resolvedDependencies;
    expect(deps[0]).toEqual({ uri: 'git+https://github.com/acme/app@refs/heads/main', digest: { gitCommit: 'f'.repeat(40) } });
    expect(deps.slice(1).map((d) => d.digest.sha256)).toEqual([sha256Digest(Buffer.from('b')).slice(7), sha256Digest(Buffer.from('c')).slice(7)]);
  });

  it('buildAttestations: one SBOM per platform (package count annotated) and one provenance about the index', async () => {
    const index = { mediaType: 'application/vnd.oci.image.index.v1+json', digest: sha256Digest(Buffer.from('i')), size: 1 };
    const att = await buildAttestations({
      repository: 'r/app',
      epoch: 0,
      index,
      manifests: ['amd64', 'arm64'].map((a) => ({ platform: `linux/${a}`, descriptor: { ...subject, digest: sha256Digest(Buffer.from(a)) }, baseLayers: [] })),
      openLayer: async () => {
        throw new Error('no base');
      },
      appFiles: [{ imagePath: '/app/package-lock.json', read: async () => Buffer.from(LOCK) }],
      sbom: true,
      provenance: { externalParameters: {}, internalParameters: {}, github: {}, version: SHIPSHAPE_VERSION },
    });
    expect(att.sboms.map((s) => [s.platform, s.packages, s.artifact.subject.digest])).toEqual([
      ['linux/amd64', 3, sha256Digest(Buffer.from('amd64'))],
      ['linux/arm64', 3, sha256Digest(Buffer.from('arm64'))],
    ]);
    expect(att.sboms[0].artifact.descriptor.annotations).toMatchObject({ 'dev.shipshape.packages': '3', 'dev.shipshape.platform': 'linux/amd64' });
    expect(att.provenance!.subject.digest).toBe(index.digest);
  });

  it('SHIPSHAPE_VERSION matches package.json', () => {
    expect(SHIPSHAPE_VERSION).toBe(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
  });
});
