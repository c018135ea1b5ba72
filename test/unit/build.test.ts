import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from './build-helpers.js';
import { BlobCache } from '../../src/cache/blob-cache.js';
import { buildImage, fingerprintOf, resolveBase, sourceStamp } from '../../src/builder/index.js';
import { mayBeInRepository } from '../../src/builder/epoch.js';
import { scanContext } from '../../src/fingerprint/index.js';
import type { BuildSettings } from '../../src/settings/index.js';
import type { Logger } from '../../src/log.js';
import { writeLayer } from '../../src/oci/layer.js';
import { blobPath, LayoutWriter, REF_NAME_ANNOTATION } from '../../src/oci/layout.js';
import { LayoutReader } from '../../src/oci/layout-reader.js';
import { MediaType } from '../../src/oci/media-types.js';
import { parsePlatform } from '../../src/oci/platform.js';
import { parseReference } from '../../src/oci/reference.js';
import type { ImageIndex, ImageManifest } from '../../src/oci/types.js';
import { buildSettings, perPlatformDirs } from '../support/build-settings.js';

const tempDir = useTempDirs('build-');

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info() {}, debug() {}, warning: (m) => warnings.push(m) };
}

/** A two-platform base layout: amd64 as a Docker v2 manifest, arm64/v8 as OCI, one layer each. */
async function makeBase(dir: string): Promise<string> {
  const layoutDir = path.join(dir, 'base');
  const layout = await LayoutWriter.open(layoutDir);
  const src = path.join(dir, 'base-src');
  await fs.mkdir(src, { recursive: true });
  const entries = [];
  for (const arch of ['amd64', 'arm64']) {
    await fs.writeFile(path.join(src, arch), `busybox for ${arch}\n`);
    entries.push({ arch, file: path.join(src, arch) });
  }
  const descs = [];
  for (const { arch, file } of entries) {
    const st = await fs.stat(file);
    const temp = layout.tempPath(arch);
    const layer = await writeLayer([{ path: 'bin/busybox', type: 'file', mode: 0o755, size: st.size, sourcePath: file }], 0, temp);
    await layout.adoptFile(temp, layer.digest);
    const docker = arch === 'amd64';
    const config = await layout.writeJson(
      {
        architecture: arch,
        os: 'linux',
        ...(arch === 'arm64' ? { variant: 'v8' } : {}),
        config: { Env: ['PATH=/bin'], Cmd: ['sh'] },
        rootfs: { type: 'layers', diff_ids: [layer.diffId] },
        history: [{ created_by: 'busybox' }],
      },
      docker ? MediaType.dockerConfig : MediaType.ociConfig,
    );
    const manifestType = docker ? MediaType.dockerManifest : MediaType.ociManifest;
    const manifest = await layout.writeJson(
      { schemaVersion: 2, mediaType: manifestType, config, layers: [{ mediaType: docker ? MediaType.dockerLayerGzip : MediaType.ociLayerGzip, digest: layer.digest, size: layer.size }] },
      manifestType,
    );
    descs.push({ ...manifest, platform: { os: 'linux', architecture: arch, ...(arch === 'arm64' ? { variant: 'v8' } : {}) } });
  }
  const index = await layout.writeJson({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: descs }, MediaType.ociIndex);
  await layout.finish([{ ...index, annotations: { [REF_NAME_ANNOTATION]: '1' } }]);
  return layoutDir;
}

async function makeContext(root: string): Promise<void> {
  const files: Record<string, string> = {
    'deps/lib.js': 'library',
    'public/index.html': '<h1>hi</h1>',
    'platform/amd64/arch.txt': 'amd64',
    'platform/arm64/arch.txt': 'arm64',
    '.dockerignore': '*.log\n',
    'debug.log': 'ignored',
  };
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), content);
  }
}

function settingsFor(context: string, layoutDir: string, overrides: Partial<BuildSettings> = {}): BuildSettings {
  return buildSettings(context, layoutDir, {
    image: parseReference('127.0.0.1:5000/build-unit/app'),
    tags: ['v1'],
    base: parseReference('example.test/base:1'),
    env: [['MODE', 'prod']],
    expose: ['8080/tcp'],
    layers: ['deps'],
    platformFiles: perPlatformDirs(context),
    ...overrides,
  });
}

async function build(dir: string, layoutName: string, cacheDir: string, logger = recordingLogger(), overrides: Partial<BuildSettings> = {}) {
  const source = new LayoutReader(path.join(dir, 'base'));
  const settings = settingsFor(path.join(dir, 'ctx'), path.join(dir, layoutName), overrides);
  const base = await resolveBase(source, settings.base!, settings.platforms);
  const scan = await scanContext(settings.context, settings.ignoreFile);
  const result = await buildImage({ settings, scan, base, epoch: 1_700_000_000, annotations: [{ levels: ['index', 'manifest'], key: 'org.example', value: 'x' }], cache: new BlobCache(cacheDir), logger });
  return { result, settings, scan, base };
}

async function readJson<T>(layoutDir: string, digest: string): Promise<T> {
  return JSON.parse(await fs.readFile(blobPath(layoutDir, digest), 'utf8')) as T;
}

describe('buildImage', () => {
  it('builds a two-platform index on a base, byte-identical on rebuild with a cold or warm cache', async () => {
    const dir = await tempDir();
    await makeBase(dir);
    await makeContext(path.join(dir, 'ctx'));
    const cold = await build(dir, 'out1', path.join(dir, 'cacheA'));
    const warm = await build(dir, 'out2', path.join(dir, 'cacheA'));
    const other = await build(dir, 'out3', path.join(dir, 'cacheB'));
    expect(warm.result.indexDigest).toBe(cold.result.indexDigest);
    expect(other.result.indexDigest).toBe(cold.result.indexDigest);
    expect(cold.result.layers.map((l) => l.source).sort()).toEqual(['base', 'base', 'built', 'built', 'built', 'built']);
    expect(warm.result.layers.filter((l) => l.source === 'built')).toEqual([]);
    const layoutDir = path.join(dir, 'out1');
    const indexJson = JSON.parse(await fs.readFile(path.join(layoutDir, 'index.json'), 'utf8')) as ImageIndex;
    expect(indexJson.manifests).toHaveLength(1);
    expect(indexJson.manifests[0]).toMatchObject({ mediaType: MediaType.ociIndex, digest: cold.result.indexDigest, annotations: { [REF_NAME_ANNOTATION]: 'v1' } });
    const index = await readJson<ImageIndex>(layoutDir, cold.result.indexDigest);
    expect(index.manifests.map((m) => m.platform)).toEqual([
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
    ]);
    expect(index.annotations).toMatchObject({ 'org.example': 'x', 'org.opencontainers.image.base.name': 'example.test/base:1', 'org.opencontainers.image.base.digest': cold.base.digest });
    const [amd, arm] = await Promise.all(index.manifests.map((m) => readJson<ImageManifest>(layoutDir, m.digest)));
    expect(amd.layers.every((l) => l.mediaType === MediaType.ociLayerGzip)).toBe(true);
    expect(amd.annotations?.['org.opencontainers.image.base.digest']).toBe(cold.base.platforms[0].manifestDigest);
    // base, deps, rest shared; platform layer differs
    expect(amd.layers).toHaveLength(4);
    expect(amd.layers[1]).toEqual(arm.layers[1]);
    expect(amd.layers[2]).toEqual(arm.layers[2]);
    expect(amd.layers[3].digest).not.toBe(arm.layers[3].digest);
    const cfg = await readJson<Record<string, any>>(layoutDir, arm.config.digest);
    expect(cfg).toMatchObject({ architecture: 'arm64', variant: 'v8', created: '2023-11-14T22:13:20Z' });
    expect(cfg.config).toMatchObject({ Env: ['PATH=/bin', 'MODE=prod'], Cmd: ['sh'], WorkingDir: '/app', ExposedPorts: { '8080/tcp': {} } });
    expect(cfg.rootfs.diff_ids).toHaveLength(4);
    expect(cfg.history).toHaveLength(4);
    // every blob in the layout matches its name
    for (const name of await fs.readdir(path.join(layoutDir, 'blobs/sha256'))) {
      const { sha256Digest } = await import('../../src/oci/digest.js');
      expect(sha256Digest(await fs.readFile(path.join(layoutDir, 'blobs/sha256', name)))).toBe(`sha256:${name}`);
    }
  });

  it('keeps the dependency layer when only source changes, and warns about a glob that matches nothing', async () => {
    const dir = await tempDir();
    await makeBase(dir);
    await makeContext(path.join(dir, 'ctx'));
    const logger = recordingLogger();
    const first = await build(dir, 'out1', path.join(dir, 'cache'), logger, { layers: ['deps', 'vendor/**'] });
    expect(logger.warnings).toEqual([expect.stringMatching(/Input 'layers': "vendor\/\*\*" matches no file/)]);
    await fs.writeFile(path.join(dir, 'ctx/public/index.html'), '<h1>changed</h1>');
    const second = await build(dir, 'out2', path.join(dir, 'cache'), logger, { layers: ['deps', 'vendor/**'] });
    const deps = (r: typeof first) => r.result.layers.find((l) => l.group === 'deps')!;
    const rest = (r: typeof first) => r.result.layers.find((l) => l.group === 'rest')!;
    expect(deps(second).digest).toBe(deps(first).digest);
    expect(deps(second).source).toBe('cache');
    expect(rest(second).digest).not.toBe(rest(first).digest);
    const stamp = { epoch: 0, annotations: [] };
    expect(await fingerprintOf(second.settings, second.scan, second.base, stamp)).not.toBe(await fingerprintOf(first.settings, first.scan, first.base, stamp));
  });

  it('runs two builds sharing one cache dir at once without corrupting it, and takes platform files from outside the context', async () => {
    const dir = await tempDir();
    await makeBase(dir);
    await makeContext(path.join(dir, 'ctx'));
    const outside = path.join(dir, 'arm-extra');
    await fs.mkdir(outside);
    await fs.writeFile(path.join(outside, 'arch.txt'), 'arm64');
    const overrides = {
      platformFiles: [
        { platform: parsePlatform('linux/amd64'), dir: path.join(dir, 'ctx/platform/amd64') },
        { platform: parsePlatform('linux/arm64'), dir: outside },
      ],
    };
    const cacheDir = path.join(dir, 'cache');
    const [a, b] = await Promise.all([build(dir, 'outA', cacheDir, undefined, overrides), build(dir, 'outB', cacheDir, undefined, overrides)]);
    expect(a.result.indexDigest).toBe(b.result.indexDigest);
    const armLayer = a.result.layers.find((l) => l.group === 'platform-files linux/arm64');
    expect(armLayer).toMatchObject({ platform: 'linux/arm64', source: expect.stringMatching(/built|cache/) });
    const cache = new BlobCache(cacheDir);
    for (const l of a.result.layers) expect(await cache.verify(l.digest, l.size)).toBe(true);
    expect(await fs.readdir(path.join(cacheDir, 'tmp'))).toEqual([]);
    await expect(build(dir, 'outD', cacheDir, undefined, { platformFiles: [{ platform: parsePlatform('linux/arm64'), dir: path.join(dir, 'nope') }] })).rejects.toThrow(
      /Input 'platform-files': linux\/arm64=.*nope is not a directory/,
    );
  });

  it('refetches a corrupt cached base layer', async () => {
    const dir = await tempDir();
    await makeBase(dir);
    await makeContext(path.join(dir, 'ctx'));
    const cacheDir = path.join(dir, 'cache');
    const first = await build(dir, 'out1', cacheDir);
    const baseLayer = first.result.layers.find((l) => l.source === 'base')!;
    const cached = new BlobCache(cacheDir).blobPath(baseLayer.digest);
    await fs.rm(cached);
    await fs.writeFile(cached, 'garbage');
    const second = await build(dir, 'out2', cacheDir);
    expect(second.result.indexDigest).toBe(first.result.indexDigest);
    expect(await new BlobCache(cacheDir).verify(baseLayer.digest, baseLayer.size)).toBe(true);
  });

  it('builds from scratch and reports a platform the base lacks', async () => {
    const dir = await tempDir();
    await makeBase(dir);
    await makeContext(path.join(dir, 'ctx'));
    const settings = settingsFor(path.join(dir, 'ctx'), path.join(dir, 'out'), { base: undefined, platformFiles: [], layers: [] });
    const scan = await scanContext(settings.context, '.dockerignore');
    const result = await buildImage({ settings, scan, epoch: 0, annotations: [], cache: new BlobCache(path.join(dir, 'c')), logger: recordingLogger() });
    expect(result.manifests.map((m) => m.platform)).toEqual(['linux/amd64', 'linux/arm64']);
    expect(result.layers).toHaveLength(1);
    await expect(resolveBase(new LayoutReader(path.join(dir, 'base')), parseReference('example.test/base:1'), [parsePlatform('linux/s390x')])).rejects.toThrow(
      /Input 'base': "example.test\/base:1" has no linux\/s390x image \(it has: linux\/amd64, linux\/arm64\/v8\)/,
    );
  });
});

describe('sourceStamp', () => {
  const gitEnv = (at: number) => ({ ...process.env, GIT_COMMITTER_DATE: `@${at} +0000`, GIT_AUTHOR_DATE: `@${at} +0000`, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' });
  const git = async (dir: string, at: number, ...args: string[]) => {
    const { execFileSync } = await import('node:child_process');
    return execFileSync('git', ['-C', dir, ...args], { env: gitEnv(at) }).toString().trim();
  };

  it('prefers SOURCE_DATE_EPOCH, then the time of the last commit touching the context, else 0', async () => {
    const dir = await tempDir();
    expect(await sourceStamp(dir, { SOURCE_DATE_EPOCH: '123' })).toEqual({ epoch: 123, epochFrom: 'SOURCE_DATE_EPOCH' });
    await expect(sourceStamp(dir, { SOURCE_DATE_EPOCH: 'soon' })).rejects.toThrow(/SOURCE_DATE_EPOCH "soon"/);
    expect(await sourceStamp(dir, {})).toEqual({ epoch: 0, epochFrom: 'none' });
    await git(dir, 0, 'init', '-q');
    await fs.writeFile(path.join(dir, 'f'), 'x');
    await git(dir, 0, 'add', 'f');
    await git(dir, 1600000000, 'commit', '-q', '-m', 'x');
    const head = await git(dir, 0, 'rev-parse', 'HEAD');
    expect(await sourceStamp(dir, {})).toEqual({ epoch: 1600000000, epochFrom: 'commit', revision: head });
    expect(await sourceStamp(dir, { SOURCE_DATE_EPOCH: '5' })).toEqual({ epoch: 5, epochFrom: 'SOURCE_DATE_EPOCH', revision: head });
  });

  it('starts git only where a repository can be found (a .git above, a git directory, GIT_DIR)', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, 'app/src'), { recursive: true });
    expect(mayBeInRepository(path.join(dir, 'app/src'), {})).toBe(false);
    expect(mayBeInRepository(path.join(dir, 'app/src'), { GIT_DIR: '/elsewhere/.git' })).toBe(true);
    await git(dir, 0, 'init', '-q');
    expect(mayBeInRepository(path.join(dir, 'app/src'), {})).toBe(true);
    const bare = await tempDir();
    await git(bare, 0, 'init', '-q', '--bare');
    expect(mayBeInRepository(bare, {})).toBe(true);
  });

  it('ignores commits outside the context: a docs-only commit changes neither the time nor the revision', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, 'app'));
    await fs.writeFile(path.join(dir, 'app/server.js'), 'x');
    await git(dir, 0, 'init', '-q');
    await git(dir, 0, 'add', '.');
    await git(dir, 1600000000, 'commit', '-q', '-m', 'app');
    const appCommit = await git(dir, 0, 'rev-parse', 'HEAD');
    await fs.writeFile(path.join(dir, 'README.md'), 'docs');
    await git(dir, 0, 'add', '.');
    await git(dir, 1700000000, 'commit', '-q', '-m', 'docs');
    expect(await sourceStamp(path.join(dir, 'app'), {})).toEqual({ epoch: 1600000000, epochFrom: 'commit', revision: appCommit });
    expect((await sourceStamp(dir, {})).epoch).toBe(1700000000);
  });
});
