// Bad app package files (issue 24): a lockfile or dist-info entry the SBOM cannot trust is a warning naming
// the file and the entry, and is left out; the rest of the file still counts, and nothing throws.
import { describe, expect, it } from 'vitest';
import { parseDistInfoMetadata, parsePackageLock } from '../../src/attest/app-packages.js';
import { appPackages, buildAttestations } from '../../src/attest/index.js';
import { MediaType } from '../../src/oci/media-types.js';

const FILE = '/app/package-lock.json';
const good = { version: '4.21.2', license: 'MIT' };
const lock = (packages: unknown) => JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app', version: '1.0.0' }, 'node_modules/express': good, ...(packages as object) } });

function read(text: string) {
  const warnings: string[] = [];
  const found = parsePackageLock(text, FILE, { warn: (m) => warnings.push(m) });
  return { names: found.map((p) => (p.namespace ? `${p.namespace}/${p.name}` : p.name)), warnings };
}

describe('package-lock.json entries the SBOM cannot trust', () => {
  it.each([
    ['"node_modules/x": null', { 'node_modules/x': null }, '"node_modules/x" is null, not an object'],
    ['name: 5', { 'node_modules/x': { version: '1.0.0', name: 5 } }, '"node_modules/x" has name 5, not a string'],
    ['integrity: 5', { 'node_modules/x': { version: '1.0.0', integrity: 5 } }, '"node_modules/x" has integrity 5, not a string'],
    ['"node_modules/@x/"', { 'node_modules/@x/': { version: '1.0.0' } }, '"node_modules/@x/" does not end in a package name'],
    ['"node_modules/"', { 'node_modules/': { version: '1.0.0' } }, '"node_modules/" does not end in a package name'],
    ['an array entry', { 'node_modules/x': [1] }, '"node_modules/x" is an array, not an object'],
    ['version: 5', { 'node_modules/x': { version: 5 } }, '"node_modules/x" has version 5, not a version string'],
    ['version with a space', { 'node_modules/x': { version: '1.0 beta' } }, '"node_modules/x" has version "1.0 beta", not a version string'],
    ['resolved: {}', { 'node_modules/x': { version: '1.0.0', resolved: {} } }, '"node_modules/x" has resolved an object, not a string'],
    ['name "a/b/c"', { 'node_modules/x': { version: '1.0.0', name: 'a/b/c' } }, '"node_modules/x" has name "a/b/c", not a package name'],
    ['link: "yes"', { 'node_modules/x': { link: 'yes' } }, '"node_modules/x" has link "yes", not true or false'],
  ])('%s: a warning naming the file and the entry; the entry left out, the rest kept', (_, packages, problem) => {
    const { names, warnings } = read(lock(packages));
    expect(names).toEqual(['express']);
    expect(warnings).toEqual([`${FILE}: ${problem}; that entry is left out of the SBOM`]);
  });

  it.each([
    ['not JSON', '{"packages":', `${FILE} is not valid JSON`],
    ['null', 'null', `${FILE} holds null, not a lockfile object`],
    ['a number', '5', `${FILE} holds 5, not a lockfile object`],
    ['packages: []', '{"packages":[]}', `${FILE} has "packages" an array, not an object`],
    ['packages: null', '{"packages":null}', `${FILE} has "packages" null, not an object`],
  ])('a whole file that is %s: one warning naming it, no packages, no throw', (_, text, start) => {
    const { names, warnings } = read(text);
    expect(names).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*; its packages are left out of the SBOM$`));
  });

  it('good entries stay as they were: scoped names, aliases, links and the root skipped without a word', () => {
    const { names, warnings } = read(lock({ 'node_modules/@acme/util': { version: '0.3.1' }, 'node_modules/alias': { name: 'real', version: '2.0.0' }, 'node_modules/ws': { link: true, resolved: 'packages/ws' }, 'packages/ws': { version: '1.0.0' } }));
    expect(warnings).toEqual([]);
    expect(names).toEqual(['express', '@acme/util', 'real']);
  });

  it('many bad entries: five warnings and one that counts the rest', () => {
    const bad = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`node_modules/b${i}`, null]));
    const { names, warnings } = read(lock(bad));
    expect(names).toEqual(['express']);
    expect(warnings).toHaveLength(6);
    expect(warnings[5]).toBe(`${FILE}: 3 more bad entries are left out of the SBOM`);
  });
});

describe('dist-info METADATA the SBOM cannot trust', () => {
  const META = '/app/lib/x-1.dist-info/METADATA';
  const readMeta = (text: string) => {
    const warnings: string[] = [];
    return { found: parseDistInfoMetadata(text, META, { warn: (m) => warnings.push(m) }), warnings };
  };
  it.each([
    ['no Name', 'Version: 1\n', 'has no Name header'],
    ['an empty Name', 'Name:\nVersion: 1\n', 'has no Name header'],
    ['no Version', 'Name: x\n', 'has no Version header'],
    ['a Name with a space', 'Name: x y\nVersion: 1\n', 'has Name "x y", not a Python project name'],
    ['a Name with a slash', 'Name: ../x\nVersion: 1\n', 'has Name "../x", not a Python project name'],
    ['a Version on two lines', 'Name: x\nVersion: 1\n 2\n', 'has Version "1\\n2", not a version'],
    ['binary', '\u0000\u0001Name: \u0000\n', 'has no Name header'],
  ])('%s: a warning naming the file; that package left out', (_, text, problem) => {
    const { found, warnings } = readMeta(text);
    expect(found).toBeUndefined();
    expect(warnings).toEqual([`${META} ${problem}; that package is left out of the SBOM`]);
  });

  it('a good one: no warning', () => {
    expect(readMeta('Name: zope.interface\nVersion: 6.0+local.1\n')).toEqual({ found: expect.objectContaining({ name: 'zope.interface', version: '6.0+local.1' }), warnings: [] });
  });
});

describe('appPackages and the SBOM with a bad lockfile', () => {
  const file = (imagePath: string, contextPath: string, text: string) => ({ imagePath, contextPath, read: async () => Buffer.from(text) });

  it('names the context file and its place in the image; the SBOM is made from the good entries', async () => {
    const warnings: string[] = [];
    const appFiles = [file('/app/package-lock.json', 'package-lock.json', lock({ 'node_modules/x': null, 'node_modules/@x/': { version: '1' } })), file('/app/lib/y-1.dist-info/METADATA', 'lib/y-1.dist-info/METADATA', 'Name: y\n')];
    const found = await appPackages(appFiles, (m) => warnings.push(m));
    expect(found.map((p) => p.name)).toEqual(['express']);
    expect(warnings).toEqual([
      'lib/y-1.dist-info/METADATA (/app/lib/y-1.dist-info/METADATA in the image) has no Version header; that package is left out of the SBOM',
      'package-lock.json (/app/package-lock.json in the image): "node_modules/x" is null, not an object; that entry is left out of the SBOM',
      'package-lock.json (/app/package-lock.json in the image): "node_modules/@x/" does not end in a package name; that entry is left out of the SBOM',
    ]);
    const descriptor = { mediaType: MediaType.ociManifest, digest: `sha256:${'a'.repeat(64)}`, size: 1 };
    const built = await buildAttestations({
      repository: 'r.example/app',
      epoch: 1_700_000_000,
      index: { ...descriptor, mediaType: MediaType.ociIndex },
      manifests: [{ platform: 'linux/amd64', descriptor, baseLayers: [] }],
      openLayer: () => Promise.reject(new Error('no base')),
      appFiles,
      sbom: true,
    });
    expect(built.sboms[0].packages).toBe(1);
  });
});
