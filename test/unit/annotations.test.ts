import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildImage, standardAnnotations } from '../../src/builder/index.js';
import { BlobCache } from '../../src/cache/blob-cache.js';
import { scanContext } from '../../src/fingerprint/index.js';
import { InputError, readSettings } from '../../src/settings/index.js';
import { silentLogger } from '../../src/log.js';
import { annotationsAt, parseLeveledAnnotation } from '../../src/oci/annotations.js';
import { blobPath } from '../../src/oci/layout.js';
import type { ImageIndex, ImageManifest } from '../../src/oci/types.js';
import { useTempDirs } from './build-helpers.js';

const tempDir = useTempDirs('shipshape-annotations-');

// docker/metadata-action@v5 outputs as a workflow passes them (`${{ steps.meta.outputs.x }}`): newline-
// separated, with a trailing newline. Annotations carry the level prefix (DOCKER_METADATA_ANNOTATIONS_LEVELS
// = manifest,index gives one line per level).
const META_TAGS = 'ghcr.io/acme/web:main\nghcr.io/acme/web:sha-860c190\n';
const META_LABELS =
  'org.opencontainers.image.created=2026-11-30T10:00:00.000Z\norg.opencontainers.image.description=The web app\n' +
  'org.opencontainers.image.licenses=MIT\norg.opencontainers.image.revision=860c1904a1ce19322e91ac35af1ab07466440c37\n' +
  'org.opencontainers.image.source=https://github.com/acme/web\norg.opencontainers.image.title=web-title\n' +
  'org.opencontainers.image.url=https://github.com/acme/web\norg.opencontainers.image.version=main\n';
const META_ANNOTATIONS =
  'manifest:org.opencontainers.image.description=The web app\nmanifest:org.opencontainers.image.title=web-title\n' +
  'index:org.opencontainers.image.description=The web app (index)\nindex:org.opencontainers.image.title=web-index-title\n' +
  'manifest-descriptor:org.example.descriptor=per-manifest\nmanifest[linux/arm64]:org.example.arm=only-arm\n' +
  'index-descriptor:org.example.layout=in-index-json\norg.example.plain=both\n';

function settings(inputs: Record<string, string>, context = '/ws') {
  const all: Record<string, string> = { image: 'ghcr.io/acme/web', platforms: 'linux/amd64,linux/arm64', ...inputs };
  return readSettings((name) => (all[name] ?? '').trim(), { GITHUB_WORKSPACE: context, RUNNER_TEMP: '/rt' });
}

async function readJson<T>(layout: string, digest: string): Promise<T> {
  return JSON.parse(await fs.readFile(blobPath(layout, digest), 'utf8')) as T;
}

describe('docker/metadata-action outputs as inputs', () => {
  it('takes tags and labels as the workflow passes them', () => {
    const s = settings({ tags: META_TAGS, labels: META_LABELS });
    expect(s.build.tags).toEqual(['main', 'sha-860c190']);
    expect(s.build.labels).toHaveLength(8);
    expect(Object.fromEntries(s.build.labels)['org.opencontainers.image.title']).toBe('web-title');
  });

  it('puts each annotation at the level its prefix names, in the layout built', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, 'ctx'));
    await fs.writeFile(path.join(dir, 'ctx/server.js'), 'console.log(1)\n');
    const s = settings({ annotations: META_ANNOTATIONS, tags: META_TAGS, 'oci-layout': path.join(dir, 'layout') }, path.join(dir, 'ctx'));
    const layout = s.build.ociLayout;
    const result = await buildImage({
      settings: s.build,
      scan: await scanContext(s.build.context, s.build.ignoreFile),
      epoch: 0,
      annotations: standardAnnotations(s.build, { epoch: 0 }, {}),
      cache: new BlobCache(path.join(dir, 'cache')),
      logger: silentLogger,
    });
    const index = await readJson<ImageIndex>(layout, result.indexDigest);
    const [amd, arm] = await Promise.all(index.manifests.map((m) => readJson<ImageManifest>(layout, m.digest)));
    const everyKey = [index.annotations, amd.annotations, arm.annotations, ...index.manifests.map((m) => m.annotations)].flatMap((a) => Object.keys(a ?? {}));
    expect(everyKey.filter((k) => k.includes(':'))).toEqual([]);

    expect(index.annotations).toMatchObject({
      'org.opencontainers.image.title': 'web-index-title',
      'org.opencontainers.image.description': 'The web app (index)',
      'org.example.plain': 'both',
    });
    expect(index.annotations?.['org.example.descriptor']).toBeUndefined();
    for (const m of [amd, arm]) {
      expect(m.annotations).toMatchObject({
        'org.opencontainers.image.title': 'web-title',
        'org.opencontainers.image.description': 'The web app',
        'org.example.plain': 'both',
        'org.opencontainers.image.created': '1970-01-01T00:00:00Z',
      });
    }
    expect(arm.annotations?.['org.example.arm']).toBe('only-arm');
    expect(amd.annotations?.['org.example.arm']).toBeUndefined();
    expect(index.manifests.map((m) => m.annotations)).toEqual([{ 'org.example.descriptor': 'per-manifest' }, { 'org.example.descriptor': 'per-manifest' }]);
    const layoutIndex = JSON.parse(await fs.readFile(path.join(layout, 'index.json'), 'utf8')) as ImageIndex;
    expect(layoutIndex.manifests[0].annotations).toEqual({ 'org.example.layout': 'in-index-json', 'org.opencontainers.image.ref.name': 'main' });
  });

  it('refuses an unknown level or a misplaced platform, naming the input and the line', () => {
    const bad: [string, RegExp][] = [
      ['manifests:org.example=x', /Input 'annotations': "manifests:org.example" has an unknown level "manifests"/],
      ['index[linux/amd64]:org.example=x', /level index has no platform/],
      ['manifest[linux/s390x]:org.example=x', /names linux\/s390x, which is not in platforms/],
      ['manifest[nope]:org.example=x', /is not a platform/],
      ['manifest:=x', /not KEY=VALUE|has no key/],
    ];
    for (const [line, expected] of bad) {
      let error: unknown;
      try {
        settings({ annotations: `${line}\n` });
      } catch (e) {
        error = e;
      }
      expect(error, line).toBeInstanceOf(InputError);
      expect((error as Error).message, line).toMatch(expected);
    }
  });

  it('parses buildx-style lists of levels; a later line wins at its level', () => {
    const list = [parseLeveledAnnotation('index,manifest:k', '1'), parseLeveledAnnotation('manifest:k', '2'), parseLeveledAnnotation('manifest[linux/arm64]:k', '3')];
    expect(annotationsAt(list, 'index')).toEqual({ k: '1' });
    expect(annotationsAt(list, 'manifest', 'linux/amd64')).toEqual({ k: '2' });
    expect(annotationsAt(list, 'manifest', 'linux/arm64')).toEqual({ k: '3' });
    expect(annotationsAt(list, 'manifest-descriptor', 'linux/arm64')).toEqual({});
  });
});
