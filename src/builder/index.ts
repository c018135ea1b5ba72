import { promises as fs } from 'node:fs';
import type { BlobCache } from '../cache/blob-cache.js';
import type { ContextScan } from '../fingerprint/index.js';
import type { BuildSettings } from '../settings/index.js';
import type { Logger } from '../log.js';
import { annotationsAt, type LeveledAnnotation } from '../oci/annotations.js';
import { deriveConfig, imageIndex, imageManifest } from '../oci/config.js';
import { writeLayer, type WrittenLayer } from '../oci/layer.js';
import { LayoutWriter, REF_NAME_ANNOTATION } from '../oci/layout.js';
import { MediaType } from '../oci/media-types.js';
import { platformKey } from '../oci/platform.js';
import type { Descriptor } from '../oci/types.js';
import type { ResolvedBase } from './base.js';
import { planLayers, type PlannedLayer } from './layers.js';
import { platformFileSets } from './fingerprint.js';

export { resolveBase, type ResolvedBase, type BasePlatform } from './base.js';
export type { ImageSource } from './image-source.js';
export { sourceStamp, type SourceStamp } from './epoch.js';
export { REVISION_ANNOTATION, standardAnnotations } from './annotations.js';
export { fingerprintOf } from './fingerprint.js';

export interface BuildOptions {
  settings: BuildSettings;
  scan: ContextScan;
  base?: ResolvedBase;
  /** seconds; file mtimes and `created` */
  epoch: number;
  /** each at its level(s) (standardAnnotations gives the usual set plus the input's) */
  annotations: LeveledAnnotation[];
  cache: BlobCache;
  logger: Logger;
  /** ref.name of the index in index.json; default settings.tags[0], else `latest` */
  tag?: string;
}

export interface BuiltLayer {
  digest: string;
  size: number;
  diffId: string;
  group: string;
  platform?: string;
  source: 'base' | 'cache' | 'built';
}

export interface BuildResult {
  indexDigest: string;
  indexSize: number;
  manifests: { platform: string; digest: string; size: number; configDigest: string }[];
  /** every distinct blob layer, base layers first */
  layers: BuiltLayer[];
  layoutPath: string;
  tag: string;
}

/** Writes the OCI image layout at settings.ociLayout: one manifest per platform under one image index. */
export async function buildImage(opts: BuildOptions): Promise<BuildResult> {
  const { settings, scan, base, epoch, cache, logger } = opts;
  const layout = await LayoutWriter.open(settings.ociLayout);
  const { sets, insideDirs } = await platformFileSets(settings, scan);
  const plan = planLayers(
    { files: scan.files, excludedDirs: insideDirs, groups: settings.layers, platformFiles: sets, workdir: settings.workdir, epoch },
    logger,
  );
  const layers = new Map<string, BuiltLayer>();
  const appJobs = new Map<string, Promise<WrittenLayer & { source: 'cache' | 'built' }>>();
  const baseJobs = new Map<string, Promise<void>>();

  const appLayer = (planned: PlannedLayer) => {
    let job = appJobs.get(planned.key);
    if (!job) {
      job = writeAppLayer(planned, layout, cache, epoch);
      appJobs.set(planned.key, job);
    }
    return job.then((w) => {
      if (!layers.has(w.digest)) layers.set(w.digest, { digest: w.digest, size: w.size, diffId: w.diffId, group: planned.group, ...(planned.platform ? { platform: planned.platform } : {}), source: w.source });
      return w;
    });
  };
  const baseLayer = (d: Descriptor, diffId: string) => {
    if (!baseJobs.has(d.digest)) {
      layers.set(d.digest, { digest: d.digest, size: d.size, diffId, group: 'base', source: 'base' });
      baseJobs.set(d.digest, linkBaseLayer(d, base!, layout, cache));
    }
    return baseJobs.get(d.digest)!;
  };

  const manifests = await Promise.all(
    settings.platforms.map(async (platform) => {
      const key = platformKey(platform);
      const basePlatform = base?.platforms.find((p) => p.key === key);
      if (base && !basePlatform) throw new Error(`the resolved base ${base.name} has no ${key} (resolve it for every platform being built)`);
      const baseLayers = basePlatform?.layers ?? [];
      await Promise.all(baseLayers.map((d, i) => baseLayer(d, basePlatform!.config.rootfs.diff_ids[i])));
      const planned = [...plan.common, ...(plan.perPlatform.has(key) ? [plan.perPlatform.get(key)!] : [])];
      const written = await Promise.all(planned.map(appLayer));
      const config = deriveConfig(
        basePlatform?.config,
        basePlatform?.platform ?? platform,
        settings,
        epoch,
        written.map((w, i) => ({ diffId: w.diffId, createdBy: `shipshape: ${planned[i].group}` })),
      );
      const configDesc = await layout.writeJson(config, MediaType.ociConfig);
      const manifestAnnotations = { ...annotationsAt(opts.annotations, 'manifest', key), ...baseAnnotations(base, basePlatform?.manifestDigest) };
      const manifest = imageManifest(
        configDesc,
        [...baseLayers, ...written.map((w) => ({ mediaType: w.mediaType, digest: w.digest, size: w.size }))],
        manifestAnnotations,
      );
      const desc = await layout.writeJson(manifest, MediaType.ociManifest);
      const descriptorAnnotations = annotationsAt(opts.annotations, 'manifest-descriptor', key);
      return {
        desc: { ...desc, platform: basePlatform?.platform ?? platform, ...(Object.keys(descriptorAnnotations).length > 0 && { annotations: descriptorAnnotations }) },
        key, configDigest: configDesc.digest, layerDigests: manifest.layers.map((l) => l.digest) };
    }),
  );
  const index = imageIndex(
    manifests.map((m) => m.desc),
    { ...annotationsAt(opts.annotations, 'index'), ...baseAnnotations(base, base?.digest) },
  );
  const indexDesc = await layout.writeJson(index, MediaType.ociIndex);
  const tag = opts.tag ?? settings.tags[0] ?? 'latest';
  await layout.finish([{ ...indexDesc, annotations: { ...annotationsAt(opts.annotations, 'index-descriptor'), [REF_NAME_ANNOTATION]: tag } }]);
  const built = [...new Set(manifests.flatMap((m) => m.layerDigests))].map((d) => layers.get(d)!);
  logger.info(
    `Built ${settings.platforms.length} platform(s) into ${settings.ociLayout}: index ${indexDesc.digest}; ` +
      `layers ${built.filter((l) => l.source === 'built').length} built, ${built.filter((l) => l.source === 'cache').length} from cache, ${built.filter((l) => l.source === 'base').length} base`,
  );
  return {
    indexDigest: indexDesc.digest,
    indexSize: indexDesc.size,
    manifests: manifests.map((m) => ({ platform: m.key, digest: m.desc.digest, size: m.desc.size, configDigest: m.configDigest })),
    layers: built,
    layoutPath: settings.ociLayout,
    tag,
  };
}

function baseAnnotations(base: ResolvedBase | undefined, digest: string | undefined): Record<string, string> {
  if (!base || !digest) return {};
  return { 'org.opencontainers.image.base.name': base.name, 'org.opencontainers.image.base.digest': digest };
}

async function writeAppLayer(planned: PlannedLayer, layout: LayoutWriter, cache: BlobCache, epoch: number): Promise<WrittenLayer & { source: 'cache' | 'built' }> {
  const record = await cache.getLayerRecord(planned.key);
  if (record) {
    const missing = () => Promise.reject(new Error('not cached'));
    const ok = await cache.ensure(record.digest, record.size, missing).then(
      () => true,
      () => false,
    );
    // a concurrent build's prune may remove the blob between the check and the link: then build it
    const linked = ok && (await cache.linkInto(record.digest, layout.blobPath(record.digest)).then(() => true, () => false));
    if (linked) return { mediaType: MediaType.ociLayerGzip, ...record, source: 'cache' };
  }
  const temp = layout.tempPath(planned.key.slice(0, 16));
  try {
    const written = await writeLayer(planned.entries, epoch, temp);
    await layout.adoptFile(temp, written.digest);
    await cache.store(layout.blobPath(written.digest), written.digest);
    await cache.putLayerRecord(planned.key, { digest: written.digest, diffId: written.diffId, size: written.size });
    return { ...written, source: 'built' };
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/** Fetches a base layer through the cache (verified) and links it into the layout; retried once if a concurrent prune removed it. */
async function linkBaseLayer(d: Descriptor, base: ResolvedBase, layout: LayoutWriter, cache: BlobCache): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    await cache.ensure(d.digest, d.size, () => base.source.fetchBlob(base.repository, d.digest));
    try {
      await cache.linkInto(d.digest, layout.blobPath(d.digest));
      return;
    } catch (e) {
      if (attempt > 0 || (e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}
