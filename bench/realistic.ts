// Real size (issue 16): a Node app with node_modules from npm (tens of thousands of files, hundreds of MB)
// on a > 100 MB two-platform Debian nodejs base. Side by side in one run: the whole action (dist/index.js,
// main + post, as a runner runs it, no `layers` input), buildah (vfs, --manifest, both platforms) and the
// Docker engine's classic build (FROM + COPY, one platform) — cold, after a one-file edit, no change —
// then the tar | pigz compression floor and the peak RSS of the action on a 1 GB context.
// Alone: `npm run bench -- realistic`. The fixture is cached under .bench/realistic.
import { promises as fs, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanContext } from '../src/fingerprint/index.js';
import { sortEntries, writeLayer, type LayerEntry } from '../src/oci/layer.js';
import type { BuildRecord } from '../src/record/schema.js';
import { oneGibContext } from '../test/support/big-context.js';
import { run, runOk } from '../test/support/process.js';
import { repoRoot, runActionWithPost } from '../test/support/run-action.js';
import type { BenchContext, BenchRow } from './bench-context.js';
import { buildahTwoPlatforms, removeBuildahImages, timed } from './build.js';
import { ensureRealisticBase } from './realistic-base.js';

const buildahEnv = { ...process.env, STORAGE_DRIVER: 'vfs' };
const EDITED = 'src/routes/m0/file0.ts';
const mb = (bytes: number) => (bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1048576).toFixed(1)} MB`);

/** The cached app, linked (not copied) into the run's own directory; an edit replaces one file. */
async function linkContext(from: string, to: string): Promise<void> {
  if ((await run('cp', ['-al', from, to])).code !== 0) await runOk('cp', ['-a', from, to]);
}

let edits = 0;
async function editOneSourceFile(context: string): Promise<void> {
  const file = path.join(context, EDITED);
  const text = await fs.readFile(file, 'utf8');
  await fs.rm(file);
  await fs.writeFile(file, `${text}export const edited${++edits} = ${edits};\n`);
}

async function contextSize(context: string): Promise<{ files: number; bytes: number }> {
  const files = Number((await runOk('bash', ['-c', 'find "$1" -type f | wc -l', 'bash', context])).trim());
  const bytes = Number((await runOk('du', ['-sb', '--apparent-size', context])).split('\t')[0]);
  return { files, bytes };
}

interface Sample {
  seconds: number;
  note: string;
}

/** The whole action (main + post) as processes; what it sent comes from its build record. */
async function shipshape(ctx: BenchContext, context: string, base: string, id: string) {
  const inputs = {
    context,
    image: `${ctx.testbed.registries.anon}/bench/realistic-ss-${id}`,
    tags: 'v1',
    base,
    platforms: 'linux/amd64,linux/arm64',
    cmd: 'node src/index.js',
    'cache-dir': path.join(ctx.workDir, 'ss-cache'),
  };
  return async (): Promise<Sample> => {
    let sent = 0;
    let hit = '';
    const seconds = await timed(async () => {
      const { main, post } = await runActionWithPost({ inputs, env: { SOURCE_DATE_EPOCH: '1700000000' }, timeoutMs: 1_200_000 });
      if (main.code !== 0 || (post && post.code !== 0)) throw new Error(`action failed:\n${main.stdout.slice(-3000)}\n${post?.stdout.slice(-2000)}`);
      const record = JSON.parse(await fs.readFile(main.outputs['record-path'], 'utf8')) as BuildRecord;
      sent = record.build?.push?.bytes_sent ?? 0;
      hit = main.outputs['cache-hit'];
    });
    return { seconds, note: `${mb(sent)} blobs sent; cache-hit=${hit}` };
  };
}

async function removeBuildahBase(base: string): Promise<void> {
  const out = await run('buildah', ['images', '--format', '{{.ID}} {{.Name}}'], { env: buildahEnv });
  const repo = base.slice(0, base.lastIndexOf(':'));
  for (const line of out.stdout.split('\n')) {
    const [imageId, name] = line.split(' ');
    if (name === repo) await run('buildah', ['rmi', '-f', imageId], { env: buildahEnv });
  }
}

/** buildah from/copy/commit --manifest for both platforms, then manifest push --all. */
async function buildah(ctx: BenchContext, context: string, base: string, id: string, images: string[]) {
  const name = `i16-bench-realistic-${id}`;
  const dest = `docker://${ctx.testbed.registries.anon}/bench/realistic-buildah-${id}:v1`;
  return async (): Promise<Sample> => {
    await removeBuildahImages(name, images.splice(0));
    const seconds = await timed(async () => {
      images.push(...(await buildahTwoPlatforms(base, context, name)));
      await runOk('buildah', ['manifest', 'push', '--all', '--tls-verify=false', name, dest], { env: buildahEnv, timeoutMs: 1_200_000 });
    });
    return { seconds, note: 'STORAGE_DRIVER=vfs, 2 platforms' };
  };
}

/** The engine's classic builder (DOCKER_BUILDKIT=0): FROM base + COPY . /app, one platform, then docker push. */
async function dockerClassic(ctx: BenchContext, context: string, base: string, id: string, tags: string[]) {
  const dockerfile = path.join(ctx.workDir, 'Dockerfile');
  await fs.writeFile(dockerfile, `FROM ${base}\nCOPY . /app\nWORKDIR /app\nCMD ["node", "src/index.js"]\n`);
  let n = 0;
  return async (): Promise<Sample> => {
    const tag = `${ctx.testbed.registries.anon}/i16-bench-realistic-docker-${id}:v${++n}`;
    tags.push(tag);
    const env = { ...process.env, DOCKER_BUILDKIT: '0' };
    const seconds = await timed(async () => {
      await runOk('docker', ['build', '-q', '-f', dockerfile, '-t', tag, context], { env, timeoutMs: 1_200_000 });
      await runOk('docker', ['push', '-q', tag], { env, timeoutMs: 1_200_000 });
    });
    return { seconds, note: 'classic builder, linux/amd64 only' };
  };
}

/** `tar | pigz` of the context at shipshape's level on all cores, against writeLayer of the same files as one layer. */
async function compressionFloor(ctx: BenchContext, context: string): Promise<BenchRow[]> {
  const cores = os.availableParallelism();
  await runOk('bash', ['-c', 'tar -cf - -C "$1" . > /dev/null', 'bash', context]); // page cache warm for both
  const pigz = await timed(() => runOk('bash', ['-c', 'tar -cf - -C "$1" . | pigz -6 -p "$2" > /dev/null', 'bash', context, String(cores)], { timeoutMs: 1_200_000 }));
  const scan = await scanContext(context, '.dockerignore');
  const entries: LayerEntry[] = sortEntries(
    scan.files.map((f) => ({ path: f.path, type: f.type, mode: f.mode, size: f.type === 'file' ? f.size : 0, ...(f.type === 'file' ? { sourcePath: f.absPath } : {}), ...(f.linkTarget !== undefined ? { linkTarget: f.linkTarget } : {}) })),
  );
  let bytes = 0;
  const ours = await timed(async () => (bytes = (await writeLayer(entries, 0, path.join(ctx.workDir, 'one-layer.tgz'))).size));
  return [
    { name: `compression floor: tar piped to pigz -6 -p ${cores}`, seconds: pigz, note: 'same files, page cache warm' },
    { name: 'shipshape writeLayer of the same files (in-process)', seconds: ours, note: `${mb(bytes)} gzip; throughput ${(pigz / ours).toFixed(2)}x the pigz floor (target ≥ 0.8x)` },
  ];
}

/** Peak RSS of the action process (worker threads included) building and pushing a 1 GB context. */
async function peakRss(ctx: BenchContext, base: string, id: string): Promise<BenchRow> {
  const big = path.join(ctx.workDir, 'big');
  await oneGibContext(big);
  const report = path.join(ctx.workDir, 'rss.txt');
  const preload = path.join(ctx.workDir, 'rss-preload.cjs');
  // main threads only: a worker thread loads the preload too, and its exit would add a line mid-build
  writeFileSync(preload, `if (require('node:worker_threads').isMainThread) process.on('exit', () => require('node:fs').appendFileSync(${JSON.stringify(report)}, process.resourceUsage().maxRSS + '\\n'));\n`);
  const inputs = { context: big, image: `${ctx.testbed.registries.anon}/bench/realistic-rss-${id}`, tags: 'v1', base, platforms: 'linux/amd64,linux/arm64', cmd: 'node', 'cache-dir': path.join(ctx.workDir, 'rss-cache') };
  const seconds = await timed(async () => {
    const { main } = await runActionWithPost({ inputs, env: { NODE_OPTIONS: `--require ${preload}` }, timeoutMs: 1_200_000 });
    if (main.code !== 0) throw new Error(`action failed:\n${main.stdout.slice(-3000)}`);
  });
  const [mainKb, postKb] = (await fs.readFile(report, 'utf8')).trim().split('\n').map(Number);
  return { name: 'peak RSS, whole action on a 1 GiB context (2 platforms)', seconds, note: `main ${(mainKb / 1024).toFixed(0)} MB, ${postKb === undefined ? 'post skipped (post-if)' : `post ${(postKb / 1024).toFixed(0)} MB`} peak RSS (target ≤ 250 MB)` };
}

export async function benchRealistic(ctx: BenchContext): Promise<BenchRow[]> {
  const fixture = path.join(repoRoot, '.bench/realistic');
  await runOk('bash', [path.join(repoRoot, 'bench/realistic-fixture.sh'), fixture], { timeoutMs: 3_600_000 });
  const base = `${ctx.testbed.registries.anon}/bench/realistic-base:1`;
  const baseDigest = await ensureRealisticBase(fixture, base, ctx.log);
  const context = path.join(ctx.workDir, 'app');
  await linkContext(path.join(fixture, 'app'), context);
  await fs.rm(path.join(context, '.complete'), { force: true });
  const size = await contextSize(context);
  const baseSize = await contextSize(path.join(fixture, 'rootfs-amd64'));
  ctx.log(`app ${size.files} files, ${mb(size.bytes)}; base ${mb(baseSize.bytes)} (amd64 rootfs) ${baseDigest.slice(0, 19)}`);

  const id = Date.now().toString(36);
  const buildahImages: string[] = [];
  const dockerTags: string[] = [];
  const hadDockerBase = (await run('docker', ['image', 'inspect', base])).code === 0;
  const peers = {
    shipshape: await shipshape(ctx, context, base, id),
    buildah: await buildah(ctx, context, base, id, buildahImages),
    docker: await dockerClassic(ctx, context, base, id, dockerTags),
  };
  const results: Record<string, Record<string, Sample>> = { shipshape: {}, buildah: {}, docker: {} };
  try {
    // cold: empty caches (shipshape's cache dir is new; buildah and dockerd pull the base)
    await removeBuildahBase(base);
    if (hadDockerBase) await run('docker', ['rmi', base]);
    for (const [peer, fn] of Object.entries(peers)) {
      ctx.log(`cold: ${peer}`);
      results[peer].cold = await fn();
    }
    await editOneSourceFile(context);
    for (const [peer, fn] of Object.entries(peers)) {
      ctx.log(`one-file edit: ${peer}`);
      results[peer].edit = await fn();
    }
    for (const [peer, fn] of Object.entries(peers)) {
      ctx.log(`no change: ${peer}`);
      results[peer].same = await fn();
    }
  } finally {
    await removeBuildahImages(`i16-bench-realistic-${id}`, buildahImages);
    for (const tag of dockerTags) await run('docker', ['rmi', tag]);
    if (!hadDockerBase) await run('docker', ['rmi', base]);
  }
  const rows: BenchRow[] = [];
  const label = { cold: 'cold build+push', edit: 'build+push after a one-file edit', same: 'no-change rerun' } as const;
  for (const phase of ['cold', 'edit', 'same'] as const) {
    const ours = results.shipshape[phase].seconds;
    rows.push({
      name: `${label[phase]}: shipshape (whole action, main+post)`,
      seconds: ours,
      note: `${results.shipshape[phase].note}; ${(ours / results.buildah[phase].seconds).toFixed(2)}x buildah, ${(ours / results.docker[phase].seconds).toFixed(2)}x docker`,
    });
    rows.push({ name: `${label[phase]}: buildah`, seconds: results.buildah[phase].seconds, note: results.buildah[phase].note });
    rows.push({ name: `${label[phase]}: docker build (classic) + push`, seconds: results.docker[phase].seconds, note: results.docker[phase].note });
  }
  rows[0].note += `; app ${size.files} files ${mb(size.bytes)}, base rootfs ${mb(baseSize.bytes)} per platform`;
  rows.push(...(await compressionFloor(ctx, context)));
  rows.push(await peakRss(ctx, base, id));
  return rows;
}
