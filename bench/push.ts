// Push benchmark (and the push tests' fixture): shipshape's pushLayout against `skopeo copy --all` and
// `buildah manifest push --all` of the same two-platform layout, plus a no-change rerun.
// Alone: `npm run bench -- push`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeLayer, type LayerEntry } from '../src/oci/layer.js';
import { blobPath } from '../src/oci/layout.js';
import { MediaType } from '../src/oci/media-types.js';
import { jsonBytes, type Descriptor, type ImageConfig, type ImageIndex, type ImageManifest } from '../src/oci/types.js';
import { sha256Digest } from '../src/oci/digest.js';
import { RegistryClient } from '../src/registry/index.js';
import { run, runOk } from '../test/support/process.js';
import type { BenchContext, BenchRow } from './bench-context.js';

export const SOURCE_ANNOTATION = 'org.opencontainers.image.source';

/** Copies `image` (an index on a loopback registry) into an OCI layout at `dir` with skopeo. */
export async function copyToLayout(image: string, dir: string, authFile?: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
  await runOk('skopeo', ['copy', '--all', '--src-tls-verify=false', ...(authFile ? ['--src-authfile', authFile] : []), `docker://${image}`, `oci:${dir}:base`], { timeoutMs: 120_000 });
}

async function writeBlob(layout: string, bytes: Buffer, mediaType: string): Promise<Descriptor> {
  const digest = sha256Digest(bytes);
  await fs.writeFile(blobPath(layout, digest), bytes);
  return { mediaType, digest, size: bytes.length };
}

export interface AppLayoutOptions {
  /** Files of the app layer: path inside the image → content. */
  files: Record<string, string | Buffer>;
  /** Annotations on the index (e.g. org.opencontainers.image.source). */
  annotations?: Record<string, string>;
  /** Delete the base's layers from the written layout (a partial layout, as the build may write). */
  omitBaseLayers?: boolean;
}

/**
 * Writes an OCI layout at `outDir`: the base layout's platforms, each with one app layer on top, under a
 * new image index (the shape the build writes). Returns the index digest.
 */
export async function makeAppLayout(baseLayout: string, outDir: string, opts: AppLayoutOptions): Promise<{ digest: string; appLayer: string }> {
  await fs.rm(outDir, { recursive: true, force: true });
  await fs.cp(baseLayout, outDir, { recursive: true });
  const baseIndexEntry = (JSON.parse(await fs.readFile(path.join(baseLayout, 'index.json'), 'utf8')) as ImageIndex).manifests[0];
  const baseIndex = JSON.parse(await fs.readFile(blobPath(baseLayout, baseIndexEntry.digest), 'utf8')) as ImageIndex;

  const src = await fs.mkdtemp(path.join(os.tmpdir(), 'push-fixture-'));
  const entries: LayerEntry[] = [{ path: 'app', type: 'dir', mode: 0o755, size: 0 }];
  for (const [name, content] of Object.entries(opts.files).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const file = path.join(src, name.replace(/\//g, '_'));
    await fs.writeFile(file, content);
    entries.push({ path: `app/${name}`, type: 'file', mode: 0o644, size: Buffer.byteLength(content), sourcePath: file });
  }
  const tmp = path.join(outDir, 'blobs', 'layer.tmp');
  const layer = await writeLayer(entries, 1_700_000_000, tmp);
  await fs.rename(tmp, blobPath(outDir, layer.digest));
  await fs.rm(src, { recursive: true, force: true });

  const manifests: Descriptor[] = [];
  const baseLayers = new Set<string>();
  for (const child of baseIndex.manifests) {
    const manifest = JSON.parse(await fs.readFile(blobPath(baseLayout, child.digest), 'utf8')) as ImageManifest;
    const config = JSON.parse(await fs.readFile(blobPath(baseLayout, manifest.config.digest), 'utf8')) as ImageConfig;
    manifest.layers.forEach((l) => baseLayers.add(l.digest));
    config.rootfs.diff_ids.push(layer.diffId);
    config.history = [...(config.history ?? []), { created: '2023-11-14T22:13:20Z', created_by: 'push fixture' }];
    const configDesc = await writeBlob(outDir, jsonBytes(config), MediaType.ociConfig);
    const appManifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: configDesc,
      layers: [...manifest.layers.map((l) => ({ ...l, mediaType: l.mediaType.replace('vnd.docker.image.rootfs.diff.tar.gzip', 'vnd.oci.image.layer.v1.tar+gzip') })), { mediaType: layer.mediaType, digest: layer.digest, size: layer.size }],
    };
    const desc = await writeBlob(outDir, jsonBytes(appManifest), MediaType.ociManifest);
    manifests.push({ ...desc, platform: child.platform! });
  }
  const index: ImageIndex = { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests, ...(opts.annotations && { annotations: opts.annotations }) };
  const indexDesc = await writeBlob(outDir, jsonBytes(index), MediaType.ociIndex);
  await fs.writeFile(path.join(outDir, 'index.json'), jsonBytes({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [{ ...indexDesc, annotations: { 'org.opencontainers.image.ref.name': 'app' } }] }));
  if (opts.omitBaseLayers) for (const d of baseLayers) await fs.rm(blobPath(outDir, d), { force: true });
  return { digest: indexDesc.digest, appLayer: layer.digest };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** A docker-registry process of our own (not the shared testbed's), on 127.0.0.1:`port`, storing under `dir`. */
export interface RegistryProcess {
  address: string;
  stop: (signal?: NodeJS.Signals) => void;
}

/** Starts `docker-registry serve` and waits until /v2/ answers. Restarting with the same dir keeps its content. */
export async function startRegistryProcess(dir: string, port: number): Promise<RegistryProcess> {
  await fs.mkdir(dir, { recursive: true });
  const config = path.join(dir, 'registry.yml');
  // A fixed http.secret keeps upload-state signatures valid across a restart.
  await fs.writeFile(config, `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\n  secret: shipshape-push-tests\nlog:\n  level: error\n`);
  const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => void child.kill(signal);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (await fetch(`http://127.0.0.1:${port}/v2/`).then((r) => r.ok, () => false)) return { address: `127.0.0.1:${port}`, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  stop('SIGKILL');
  throw new Error(`docker-registry on 127.0.0.1:${port} (dir ${dir}) did not come up`);
}

/**
 * containers/image (skopeo, buildah) remembers which registry holds which blob and mounts from there, so
 * each cold push gets a registry on a random port it has never seen.
 */
const scratchRegistry = (dir: string) => startRegistryProcess(dir, 20_000 + Math.floor(Math.random() * 30_000));

const REPEATS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Cold pushes of the same two-platform layout by shipshape, skopeo and buildah, interleaved and repeated
 * (median of REPEATS; the machine is shared), each into a registry it has never seen; then no-change reruns.
 */
export async function benchPush(ctx: BenchContext): Promise<BenchRow[]> {
  const base = path.join(ctx.workDir, 'push-base');
  const layout = path.join(ctx.workDir, 'push-app');
  await copyToLayout(ctx.testbed.baseImage, base);
  // ~8 MB of incompressible app content so the push moves real bytes (plus two ~1 MB busybox layers).
  await makeAppLayout(base, layout, { files: { 'data.bin': randomBytes(8 * 1024 * 1024), 'index.html': '<h1>bench</h1>\n' } });
  const buildahEnv = { ...process.env, STORAGE_DRIVER: 'vfs' };
  const manifestName = `bench-push-${Date.now().toString(36)}`;
  await runOk('buildah', ['manifest', 'create', manifestName, `oci:${layout}:app`], { timeoutMs: 300_000, env: buildahEnv });
  const samples: Record<string, number[]> = { ours: [], skopeo: [], buildah: [], oursRerun: [], skopeoRerun: [] };
  let bytesSent = 0;
  let rerunBytes = -1;
  const logger = { info() {}, warning: ctx.log, debug() {} };
  try {
    for (let i = 0; i < REPEATS; i++) {
      const reg = await scratchRegistry(path.join(ctx.workDir, `reg-${i}`));
      try {
        const client = new RegistryClient(reg.address, { logger });
        const pushOurs = async () => (await client.pushLayout(layout, 'bench/shipshape', { tags: ['v1', 'fp-bench'] })).blobs.bytesSent;
        const pushSkopeo = () => runOk('skopeo', ['copy', '--all', '--dest-tls-verify=false', `oci:${layout}:app`, `docker://${reg.address}/bench/skopeo:v1`], { timeoutMs: 300_000 });
        samples.ours.push(await timed(async () => (bytesSent = await pushOurs())));
        samples.oursRerun.push(await timed(async () => (rerunBytes = await pushOurs())));
        samples.skopeo.push(await timed(pushSkopeo));
        samples.skopeoRerun.push(await timed(pushSkopeo));
      } finally {
        reg.stop();
      }
      // buildah's blob-info cache would mount from skopeo's repository: its own registry.
      const regB = await scratchRegistry(path.join(ctx.workDir, `reg-b${i}`));
      try {
        samples.buildah.push(await timed(() => runOk('buildah', ['manifest', 'push', '--all', '--tls-verify=false', manifestName, `docker://${regB.address}/bench/buildah:v1`], { timeoutMs: 300_000, env: buildahEnv })));
      } finally {
        regB.stop();
      }
    }
  } finally {
    await run('buildah', ['manifest', 'rm', manifestName], { env: buildahEnv });
  }
  const row = (name: string, key: string, note = ''): BenchRow => ({
    name,
    seconds: median(samples[key]),
    note: `${note}${note ? '; ' : ''}median of ${REPEATS}: ${samples[key].map((v) => v.toFixed(2)).join(', ')} s`,
  });
  const ratio = median(samples.ours) / median(samples.skopeo);
  return [
    row('push: shipshape cold (2 platforms, in-process)', 'ours', `${(bytesSent / 1048576).toFixed(1)} MB sent; ${ratio.toFixed(2)}x skopeo`),
    row('push: skopeo copy --all cold (process)', 'skopeo'),
    row('push: buildah manifest push --all cold (process)', 'buildah'),
    row('push: shipshape no-change rerun', 'oursRerun', `${rerunBytes} blob bytes sent`),
    row('push: skopeo copy --all no-change rerun', 'skopeoRerun'),
  ];
}
