import { sha256Digest } from '../oci/digest.js';
import { isIndexMediaType, isManifestMediaType, ociLayerMediaType } from '../oci/media-types.js';
import { platformKey, platformMatches, type Platform } from '../oci/platform.js';
import { formatReference, type Reference } from '../oci/reference.js';
import type { Descriptor, ImageConfig, ImageIndex, ImageManifest } from '../oci/types.js';
import type { DigestStore } from '../cache/digest-store.js';
import type { ImageSource } from './image-source.js';

export interface BasePlatform {
  /** The wanted platform's key (`linux/arm64`), as listed in `platforms`. */
  key: string;
  /** The platform the base declares for it (may carry a variant the wanted one lacks). */
  platform: Platform;
  manifestDigest: string;
  configDigest: string;
  config: ImageConfig;
  /** Layer descriptors with OCI media types. */
  layers: Descriptor[];
}

export interface ResolvedBase {
  /** `registry/repository[:tag][@digest]` as given */
  name: string;
  repository: string;
  /** Digest the reference resolved to: the index, or the single manifest. */
  digest: string;
  platforms: BasePlatform[];
  /** Where the base layers are fetched from during the build. */
  source: ImageSource;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

function parseJson<T>(body: Buffer, what: string): T {
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch (e) {
    throw new Error(`${what} is not valid JSON (${(e as Error).message})`);
  }
}

async function loadPlatform(source: ImageSource, ref: Reference, key: string, manifestBody: Buffer, manifestDigest: string, store?: DigestStore): Promise<BasePlatform> {
  const name = formatReference(ref);
  const manifest = parseJson<ImageManifest>(manifestBody, `base ${name} manifest ${manifestDigest}`);
  let configBody = await store?.get(manifest.config.digest);
  if (!configBody) {
    configBody = await readAll(await source.fetchBlob(ref.repository, manifest.config.digest));
    await store?.put(manifest.config.digest, configBody);
  }
  const configDigest = sha256Digest(configBody);
  if (configDigest !== manifest.config.digest) {
    throw new Error(`base ${name}: config blob ${manifest.config.digest} has the wrong content (hashes to ${configDigest})`);
  }
  const config = parseJson<ImageConfig>(configBody, `base ${name} config ${configDigest}`);
  config.rootfs ??= { type: 'layers', diff_ids: [] };
  if (config.rootfs.diff_ids.length !== manifest.layers.length) {
    throw new Error(`base ${name} (${key}): config lists ${config.rootfs.diff_ids.length} diff_ids for ${manifest.layers.length} layers`);
  }
  const platform: Platform = { os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) };
  const layers = manifest.layers.map((l) => ({ mediaType: ociLayerMediaType(l.mediaType), digest: l.digest, size: l.size }));
  return { key, platform, manifestDigest, configDigest, config, layers };
}

/**
 * Resolves the base (index or single manifest, by tag or digest) and loads each wanted platform's
 * manifest and config. A platform the base lacks is an error listing the platforms it has.
 * `store`: manifests and configs by digest from earlier runs (immutable, checked on read), so a base
 * whose tag still names the same index costs one round trip, not three in a row.
 */
export async function resolveBase(source: ImageSource, ref: Reference, platforms: Platform[], store?: DigestStore): Promise<ResolvedBase> {
  const name = formatReference(ref);
  const reference = ref.digest ?? ref.tag ?? 'latest';
  let top: { digest: string; mediaType: string; body: Buffer };
  try {
    top = await source.getManifest(ref.repository, reference);
  } catch (e) {
    throw new Error(`Input 'base': "${name}" cannot be resolved: ${(e as Error).message}`);
  }
  if (ref.digest && top.digest !== ref.digest) {
    throw new Error(`Input 'base': "${name}" resolved to ${top.digest}, not the pinned digest`);
  }
  const resolved: BasePlatform[] = [];
  if (isIndexMediaType(top.mediaType)) {
    const index = parseJson<ImageIndex>(top.body, `base ${name} index`);
    const entries = index.manifests.filter((m) => m.platform && m.platform.os !== 'unknown' && isManifestMediaType(m.mediaType));
    const chosen = platforms.map((wanted) => {
      const entry = entries.find((m) => platformMatches(wanted, m.platform!));
      if (!entry) {
        const has = entries.map((m) => platformKey(m.platform!)).join(', ') || 'none';
        throw new Error(`Input 'base': "${name}" has no ${platformKey(wanted)} image (it has: ${has})`);
      }
      return { key: platformKey(wanted), digest: entry.digest };
    });
    // each platform's manifest and config are fetched side by side
    const loaded = chosen.map(async ({ key, digest }) => {
      const stored = await store?.get(digest);
      if (stored) return loadPlatform(source, ref, key, stored, digest, store);
      const m = await source.getManifest(ref.repository, digest);
      await store?.put(digest, m.body);
      return loadPlatform(source, ref, key, m.body, m.digest, store);
    });
    loaded.forEach((p) => p.catch(() => {}));
    for (const p of loaded) resolved.push(await p);
  } else if (isManifestMediaType(top.mediaType)) {
    const single = await loadPlatform(source, ref, '', top.body, top.digest, store);
    for (const wanted of platforms) {
      if (!platformMatches(wanted, single.platform)) {
        throw new Error(`Input 'base': "${name}" has no ${platformKey(wanted)} image (it has: ${platformKey(single.platform)})`);
      }
      resolved.push({ ...single, key: platformKey(wanted) });
    }
  } else {
    throw new Error(`Input 'base': "${name}" has unsupported media type "${top.mediaType}"`);
  }
  return { name, repository: ref.repository, digest: top.digest, platforms: resolved, source };
}
