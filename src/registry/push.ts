import type { Descriptor, ImageManifest } from '../oci/types.js';
import { pullScope, pushScope } from './auth.js';
import { cancelUpload } from './blob-upload.js';
import { RegistryError } from './errors.js';
import { drainText, headerValue, type RawResponse } from './http.js';
import type { PushableImage, SourceManifest } from './pushable-image.js';
import { putManifest, putWithTags } from './manifest-put.js';
import type { RegistrySession } from './session.js';

/** What a push needs of a registry: its authenticated session and existence checks (RegistryClient is one). */
export interface PushTarget {
  readonly registry: string;
  readonly session: RegistrySession;
  /** Blobs and manifests uploaded at once. */
  readonly concurrency: number;
  blobExists(repository: string, digest: string, scopes?: string[]): Promise<boolean>;
  headManifest(repository: string, reference: string, scopes?: string[]): Promise<{ digest: string } | undefined>;
}

export interface PushProgress {
  digest: string;
  size: number;
  bytesSent: number;
}

export interface PushOptions {
  /** Tags to point at the index (the caller includes the fingerprint tag `fp-…`). */
  tags: string[];
  /** Repositories on the same registry that may hold blobs (e.g. the base's). `host/repo` on another registry is ignored. */
  mountFrom?: string[];
  onProgress?: (progress: PushProgress) => void;
}

export interface PushResult {
  /** Digest of the pushed image index (or of the single manifest when the layout holds no index). */
  digest: string;
  mediaType: string;
  manifests: { platform: string; digest: string }[];
  tags: string[];
  blobs: { pushed: number; mounted: number; skipped: number; bytesSent: number };
}

/** Blobs over this size get progress lines. */
const PROGRESS_THRESHOLD = 4 * 1024 * 1024;

/** Keeps `repo` entries and same-registry `host/repo` entries; a repository on another registry can never be mounted from. */
export function mountSources(registry: string, repository: string, mountFrom: string[]): string[] {
  const sources = new Set<string>();
  for (const entry of mountFrom) {
    const parts = entry.toLowerCase().split('/');
    const first = parts[0];
    const hasHost = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
    if (hasHost && first !== registry.toLowerCase()) continue;
    const repo = hasHost ? parts.slice(1).join('/') : parts.join('/');
    if (repo && repo !== repository) sources.add(repo);
  }
  return [...sources];
}

/** Runs `fn` over `items` with at most `limit` at once; the first failure rejects (the others finish first). */
async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async () => {
    while (next < items.length && errors.length === 0) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (err) {
        errors.push(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length > 0) throw errors[0];
}

/**
 * Pushes an image the way go-containerregistry's remote.Write does: every blob HEADed first and
 * skipped when present, mounted from a same-registry source when possible, else uploaded monolithically
 * (POST, then PUT with Content-Length, streamed from the source); manifests after their blobs; the root
 * last, with all tags.
 */
export async function pushImage(target: PushTarget, source: PushableImage, repository: string, opts: PushOptions): Promise<PushResult> {
  const session = target.session;
  const registry = target.registry;
  const logger = session.logger;
  const started = Date.now();
  const top = source.root.descriptor;
  const topMediaType = top.mediaType;
  const topBody = source.root.body;
  const manifests = source.manifests;

  const blobs = new Map<string, { descriptor: Descriptor; label: string }>();
  const withBlobs: SourceManifest[] = manifests.length > 0 ? manifests : [source.root];
  for (const m of withBlobs) {
    const parsed = JSON.parse(m.body.toString('utf8')) as ImageManifest;
    if (parsed.config && !blobs.has(parsed.config.digest)) blobs.set(parsed.config.digest, { descriptor: parsed.config, label: `config of ${m.label}` });
    (parsed.layers ?? []).forEach((layer, i) => {
      if (!blobs.has(layer.digest)) blobs.set(layer.digest, { descriptor: layer, label: `layer ${i + 1} of ${m.label}` });
    });
  }

  const sources = mountSources(registry, repository, opts.mountFrom ?? []);
  const scopes = [pushScope(repository), ...sources.map(pullScope)];
  const stats = { pushed: 0, mounted: 0, skipped: 0, bytesSent: 0 };

  const exists = (digest: string) => target.blobExists(repository, digest, scopes);

  /** PUTs the blob into an upload session; one attempt, no retry. */
  const putInto = async (location: string, descriptor: Descriptor): Promise<void> => {
    const url = session.url(location);
    url.searchParams.set('digest', descriptor.digest);
    let sent = 0;
    let nextReport = 0.25;
    const big = descriptor.size > PROGRESS_THRESHOLD;
    const res = await session.attempt({
      operation: `PUT blob ${descriptor.digest}`,
      method: 'PUT',
      path: url.toString(),
      scopes,
      headers: { 'Content-Type': 'application/octet-stream' },
      body: {
        length: descriptor.size,
        open: () => source.openBlob(descriptor.digest),
        onBytes: (n) => {
          sent += n;
          stats.bytesSent += n;
          opts.onProgress?.({ digest: descriptor.digest, size: descriptor.size, bytesSent: sent });
          if (big && sent / descriptor.size >= nextReport && sent < descriptor.size) {
            logger.info(`  ${descriptor.digest.slice(7, 19)}: ${Math.floor((sent / descriptor.size) * 100)}% of ${(descriptor.size / 1048576).toFixed(1)} MB`);
            nextReport += 0.25;
          }
        },
      },
    });
    await drainText(res);
  };

  const startUpload = async (query = ''): Promise<RawResponse> =>
    session.attempt({ operation: `POST blob upload${query ? ' (mount)' : ''}`, method: 'POST', path: `/v2/${repository}/blobs/uploads/${query}`, scopes, accept: [201, 202] });

  const locationOf = (res: RawResponse, operation: string): string => {
    const location = headerValue(res, 'location');
    if (!location) throw new RegistryError(registry, operation, `upload session answered ${res.status} without a Location`);
    return location;
  };

  const ensureBlob = async ({ descriptor, label }: { descriptor: Descriptor; label: string }): Promise<void> => {
    const { digest } = descriptor;
    if (await exists(digest)) {
      stats.skipped++;
      return;
    }
    const local = await source.hasBlob(digest);
    for (const from of sources) {
      try {
        const res = await startUpload(`?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`);
        await drainText(res);
        if (res.status === 201) {
          stats.mounted++;
          logger.debug(`mounted ${digest} from ${from}`);
          return;
        }
        const location = locationOf(res, 'mount');
        if (local) {
          await putInto(location, descriptor);
          stats.pushed++;
          return;
        }
        await cancelUpload(session, location, scopes);
      } catch (err) {
        // A refused or broken mount is not fatal (Docker Hub and others): upload instead.
        logger.debug(`mount of ${digest} from ${from} failed (${(err as Error).message}); uploading instead`);
      }
    }
    if (!local) {
      const where = [`${registry}/${repository}`, ...sources.map((s) => `${registry}/${s}`)].join(', ');
      throw new RegistryError(registry, `push ${label}`, `blob ${digest} is not in ${source.where} and none of ${where} has it`);
    }
    await session.retrying(`upload ${label} (${digest})`, async (attempt) => {
      // A retried upload restarts cleanly with a new session; the failed try may have completed it.
      if (attempt > 1 && (await exists(digest))) return;
      const res = await startUpload();
      await drainText(res);
      await putInto(locationOf(res, `POST blob upload`), descriptor);
    });
    stats.pushed++;
  };

  await session.ping();
  await forEachLimited([...blobs.values()], target.concurrency, ensureBlob);

  const putMissing = async (m: SourceManifest) => {
    if ((await target.headManifest(repository, m.descriptor.digest, scopes)) === undefined) {
      await putManifest(session, repository, m.descriptor.digest, { mediaType: m.descriptor.mediaType, body: m.body }, scopes);
    }
  };
  await forEachLimited(manifests, target.concurrency, putMissing);
  const tags = [...new Set(opts.tags)];
  await putWithTags(session, repository, { digest: top.digest, mediaType: topMediaType, body: topBody }, tags, scopes);

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  logger.info(
    `pushed ${registry}/${repository}@${top.digest} in ${seconds}s: blobs ${stats.pushed} pushed, ${stats.mounted} mounted, ${stats.skipped} skipped; ${(stats.bytesSent / 1048576).toFixed(2)} MB sent`,
  );
  return {
    digest: top.digest,
    mediaType: topMediaType,
    manifests: manifests.map((m) => ({ platform: m.label, digest: m.descriptor.digest })),
    tags,
    blobs: stats,
  };
}
