// Build benchmark: shipshape fingerprint / cold build / warm build of a two-platform image against the
// sha256sum hashing floor and buildah building the same image. Alone: `npm run bench -- build`.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BlobCache } from '../src/cache/blob-cache.js';
import { buildImage, resolveBase, type BuildResult } from '../src/builder/index.js';
import { scanContext } from '../src/fingerprint/index.js';
import type { BuildSettings } from '../src/settings/index.js';
import { silentLogger } from '../src/log.js';
import { parsePlatform } from '../src/oci/platform.js';
import { parseReference } from '../src/oci/reference.js';
import { RegistryClient } from '../src/registry/index.js';
import { run, runOk } from '../test/support/process.js';
import type { BenchContext, BenchRow } from './bench-context.js';
import { buildSettings } from '../test/support/build-settings.js';

const FILE_COUNT = 2000;

/** ~2,000 files in nested dirs, ~30 MB: text-like files (~11 KB, half compressible) plus two binaries (4 MB, 2 MB). */
export async function generateBuildFixture(root: string): Promise<{ files: number; bytes: number }> {
  let bytes = 0;
  const put = async (rel: string, data: Buffer) => {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), data);
    bytes += data.length;
  };
  for (let i = 0; i < FILE_COUNT - 2; i++) {
    const rel = `src/mod${i % 10}/sub${Math.floor(i / 10) % 20}/file${i}.js`;
    const noise = randomBytes(6000).toString('base64');
    await put(rel, Buffer.from(`// file ${i}\n${`export const value${i} = ${i};\n`.repeat(120)}${noise}\n`));
  }
  await put('bin/tool-a', randomBytes(4 * 1024 * 1024));
  await put('bin/tool-b', randomBytes(2 * 1024 * 1024));
  await fs.chmod(path.join(root, 'bin/tool-a'), 0o755);
  await put('public/index.html', Buffer.from('<h1>bench</h1>\n'));
  return { files: FILE_COUNT + 1, bytes };
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function bestOf(times: number, fn: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < times; i++) best = Math.min(best, await timed(fn));
  return best;
}

const buildahEnv = { ...process.env, STORAGE_DRIVER: 'vfs' };

/**
 * buildah: per arch `from --arch`, `copy`, `config`, `commit --manifest`. Returns the committed image
 * IDs; the working containers are removed here, the images and manifest by removeBuildahImages.
 */
export async function buildahTwoPlatforms(baseImage: string, context: string, name: string): Promise<string[]> {
  const images: string[] = [];
  for (const arch of ['amd64', 'arm64']) {
    const container = (await runOk('buildah', ['from', '--arch', arch, '--tls-verify=false', '-q', `docker://${baseImage}`], { env: buildahEnv, timeoutMs: 300_000 })).trim();
    try {
      await runOk('buildah', ['copy', '-q', container, context, '/app'], { env: buildahEnv, timeoutMs: 300_000 });
      await runOk('buildah', ['config', '--workingdir', '/app', '--cmd', 'httpd -f -p 8080 -h /app/public', container], { env: buildahEnv });
      images.push((await runOk('buildah', ['commit', '-q', '--manifest', name, container], { env: buildahEnv, timeoutMs: 300_000 })).trim());
    } finally {
      await run('buildah', ['rm', container], { env: buildahEnv });
    }
  }
  return images;
}

export async function removeBuildahImages(name: string, images: string[]): Promise<void> {
  await run('buildah', ['manifest', 'rm', name], { env: buildahEnv });
  for (const id of images) await run('buildah', ['rmi', '-f', id], { env: buildahEnv });
}

export async function benchBuild(ctx: BenchContext): Promise<BenchRow[]> {
  const tb = ctx.testbed;
  const context = path.join(ctx.workDir, 'build-fixture');
  const fixture = await generateBuildFixture(context);
  const fixtureNote = `${fixture.files} files, ${(fixture.bytes / 1048576).toFixed(1)} MB`;
  ctx.log(`build bench fixture: ${fixtureNote}`);
  const baseRef = parseReference(tb.baseImage);
  const platforms = [parsePlatform('linux/amd64'), parsePlatform('linux/arm64')];
  const client = new RegistryClient(tb.registries.anon, { logger: { info: ctx.log, warning: ctx.log, debug() {} } });
  const settings = (layout: string, cacheDir: string): BuildSettings =>
    buildSettings(context, layout, {
      image: parseReference(`${tb.registries.anon}/bench-build/app`),
      tags: ['bench'],
      base: baseRef,
      platforms,
      cmd: ['httpd', '-f', '-p', '8080', '-h', '/app/public'],
      expose: ['8080/tcp'],
      layers: ['bin'],
      cacheDir,
    });
  /** A whole build as main.ts runs it: resolve the base in the registry, fingerprint, build the layout. */
  const shipshapeBuild = async (layout: string, cacheDir: string): Promise<BuildResult> => {
    const s = settings(layout, cacheDir);
    const base = await resolveBase(client, baseRef, platforms);
    const scan = await scanContext(context, s.ignoreFile);
    return buildImage({ settings: s, scan, base, epoch: 0, annotations: [], cache: new BlobCache(cacheDir), logger: silentLogger });
  };

  const rows: BenchRow[] = [];
  const fileList = path.join(ctx.workDir, 'build-fixture.files');
  await runOk('bash', ['-c', 'cd "$1" && find . -type f -print0 > "$2"', 'bash', context, fileList]);
  await runOk('bash', ['-c', 'cd "$1" && xargs -0 cat < "$2" > /dev/null', 'bash', context, fileList]); // page cache warm for everyone
  const floor = await bestOf(3, () => runOk('bash', ['-c', 'cd "$1" && xargs -0 sha256sum < "$2" > /dev/null', 'bash', context, fileList]));
  rows.push({ name: 'build: sha256sum over the same files (floor)', seconds: floor, note: fixtureNote });
  const fingerprint = await bestOf(3, () => scanContext(context, '.dockerignore'));
  rows.push({ name: 'build: shipshape fingerprint only', seconds: fingerprint, note: `${(fingerprint / floor).toFixed(2)}x the sha256sum floor` });

  const cacheDir = path.join(ctx.workDir, 'build-cache');
  let cold!: BuildResult;
  const coldSeconds = await timed(async () => (cold = await shipshapeBuild(path.join(ctx.workDir, 'build-layout-cold'), cacheDir)));
  rows.push({ name: 'build: shipshape cold (empty cache, 2 platforms)', seconds: coldSeconds, note: `index ${cold.indexDigest.slice(0, 19)}` });
  let warm!: BuildResult;
  const warmSeconds = await bestOf(3, async () => (warm = await shipshapeBuild(path.join(ctx.workDir, 'build-layout-warm'), cacheDir)));
  if (warm.indexDigest !== cold.indexDigest) throw new Error(`warm build digest ${warm.indexDigest} differs from cold ${cold.indexDigest}`);

  const name = `bench-build-${Date.now().toString(36)}`;
  let buildahCold = 0;
  let buildahWarm = 0;
  const images: string[] = [];
  try {
    buildahCold = await timed(async () => images.push(...(await buildahTwoPlatforms(tb.baseImage, context, name))));
    await removeBuildahImages(name, images.splice(0));
    buildahWarm = await timed(async () => images.push(...(await buildahTwoPlatforms(tb.baseImage, context, name))));
  } finally {
    await removeBuildahImages(name, images);
  }
  rows.push({ name: 'build: shipshape warm (same cache, 2 platforms)', seconds: warmSeconds, note: `${(warmSeconds / buildahWarm).toFixed(2)}x buildah warm` });
  rows.push({ name: 'build: buildah from/copy/commit --manifest, first run', seconds: buildahCold, note: 'STORAGE_DRIVER=vfs; pulls the base unless buildah storage has it' });
  rows.push({ name: 'build: buildah from/copy/commit --manifest, base cached', seconds: buildahWarm, note: `shipshape cold is ${(coldSeconds / buildahWarm).toFixed(2)}x` });
  return rows;
}
