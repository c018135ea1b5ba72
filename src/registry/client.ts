import { noMask, silentLogger } from '../log.js';
import { DIGEST_PATTERN, sha256Digest } from '../oci/digest.js';
import { MediaType } from '../oci/media-types.js';
import { Authenticator, pullScope, type ResolvedCredentials } from './auth.js';
import { credentialsFromDockerConfig, defaultDockerConfigPath } from './credentials.js';
import { fetchBlob } from './fetch-blob.js';
import { RegistryError } from './errors.js';
import { drainText, headerValue, readBody } from './http.js';
import { layoutImage, type PushableImage } from './pushable-image.js';
import { putWithTags } from './manifest-put.js';
import { pushImage, type PushOptions, type PushResult } from './push.js';
import { defaultRetry } from './retry.js';
import { RegistrySession } from './session.js';
import type { RegistryClientOptions } from './types.js';

export const MANIFEST_ACCEPT = [MediaType.ociIndex, MediaType.dockerManifestList, MediaType.ociManifest, MediaType.dockerManifest].join(', ');

/** Docker Hub is addressed as docker.io in references but served from registry-1.docker.io. */
export function registryHost(registry: string): string {
  return registry === 'docker.io' || registry === 'index.docker.io' ? 'registry-1.docker.io' : registry;
}

/** A client for one OCI distribution registry (pull, push, tag). */
export class RegistryClient {
  readonly registry: string;
  readonly session: RegistrySession;

  constructor(registry: string, opts: RegistryClientOptions = {}) {
    this.registry = registry;
    const logger = opts.logger ?? silentLogger;
    const mask = opts.mask ?? noMask;
    const retry = { ...defaultRetry(), ...opts.retry };
    const userAgent = opts.userAgent ?? 'shipshape';
    const resolve = async (): Promise<ResolvedCredentials> => {
      if (opts.credentials) return { credentials: opts.credentials, source: { kind: 'inputs' } };
      const found = await credentialsFromDockerConfig(registry, opts.dockerConfigPath ?? defaultDockerConfigPath());
      if (found) logger.debug(`registry ${registry}: using credentials from ${found.source.kind === 'docker-config' ? `${found.source.path} (${found.source.via})` : 'inputs'}`);
      return found ?? { source: { kind: 'anonymous' } };
    };
    const auth = new Authenticator(registry, resolve, logger, mask, retry, userAgent);
    this.session = new RegistrySession(registry, registryHost(registry), opts.insecure ?? [], auth, logger, retry, userAgent);
    this.concurrency = Math.max(1, opts.concurrency ?? 4);
  }

  readonly concurrency: number;

  /** Fetches a manifest or index; verifies it against `reference` when that is a digest. */
  async getManifest(repository: string, reference: string): Promise<{ digest: string; mediaType: string; body: Buffer }> {
    return (await this.manifestRequest(repository, reference, false))!;
  }

  /** Like getManifest, in one request; undefined when absent (404, or 403 as Artifactory answers). */
  findManifest(repository: string, reference: string): Promise<{ digest: string; mediaType: string; body: Buffer } | undefined> {
    return this.manifestRequest(repository, reference, true);
  }

  private async manifestRequest(repository: string, reference: string, absentOk: boolean): Promise<{ digest: string; mediaType: string; body: Buffer } | undefined> {
    const repo = repository.toLowerCase();
    const operation = `GET manifest ${repo}:${reference}`;
    const res = await this.session.request({ operation, method: 'GET', path: `/v2/${repo}/manifests/${reference}`, scopes: [pullScope(repo)], headers: { Accept: MANIFEST_ACCEPT }, ...(absentOk && { accept: [404, 403] }) });
    if (absentOk && (res.status === 404 || res.status === 403)) {
      await drainText(res);
      return undefined;
    }
    const body = await readBody(res);
    const digest = sha256Digest(body);
    if (DIGEST_PATTERN.test(reference) && digest !== reference) {
      throw new RegistryError(this.registry, operation, `the manifest content is ${digest}, not the digest asked for`);
    }
    let mediaType = headerValue(res, 'content-type')?.split(';')[0].trim();
    try {
      mediaType = (JSON.parse(body.toString('utf8')) as { mediaType?: string }).mediaType ?? mediaType;
    } catch {
      throw new RegistryError(this.registry, operation, 'the manifest is not JSON');
    }
    return { digest, mediaType: mediaType ?? 'application/vnd.oci.image.manifest.v1+json', body };
  }

  /** HEADs a manifest; undefined when absent (404, or 403 as Artifactory answers). */
  async headManifest(repository: string, reference: string, scopes?: string[]): Promise<{ digest: string; mediaType: string; size: number } | undefined> {
    const repo = repository.toLowerCase();
    const res = await this.session.request({ operation: `HEAD manifest ${repo}:${reference}`, method: 'HEAD', path: `/v2/${repo}/manifests/${reference}`, scopes: scopes ?? [pullScope(repo)], headers: { Accept: MANIFEST_ACCEPT }, accept: [404, 403] });
    await drainText(res);
    if (res.status === 404 || res.status === 403) return undefined;
    const digest = headerValue(res, 'docker-content-digest');
    const mediaType = headerValue(res, 'content-type')?.split(';')[0].trim();
    // A digest header that is not a digest (a registry's bug, or a hostile one) is never passed on: the GET computes it.
    if (!digest || !DIGEST_PATTERN.test(digest) || !mediaType) {
      // Some registries omit the digest on HEAD; the GET computes it.
      const got = await this.getManifest(repo, reference);
      return { digest: got.digest, mediaType: got.mediaType, size: got.body.length };
    }
    return { digest, mediaType, size: Number(headerValue(res, 'content-length') ?? 0) };
  }

  /** Whether the repository has the blob (404, and Artifactory's 403, mean no). */
  async blobExists(repository: string, digest: string, scopes?: string[]): Promise<boolean> {
    const repo = repository.toLowerCase();
    const res = await this.session.request({ operation: `HEAD blob ${digest} in ${repo}`, method: 'HEAD', path: `/v2/${repo}/blobs/${digest}`, scopes: scopes ?? [pullScope(repo)], accept: [404, 403] });
    await drainText(res);
    return res.status >= 200 && res.status < 300;
  }

  /** Streams a blob (see fetch-blob.ts): redirects followed, resumed after a dropped connection, digest-verified at the end. */
  fetchBlob(repository: string, digest: string): Promise<NodeJS.ReadableStream> {
    return fetchBlob(this.session, repository.toLowerCase(), digest);
  }

  /**
   * Points each tag at an existing manifest (the fingerprint short-circuit): GET it by digest, PUT it back
   * with the tags. Returns the manifest, so the caller need not fetch it again.
   */
  async tagManifest(repository: string, digest: string, tags: string[]): Promise<{ digest: string; mediaType: string; body: Buffer }> {
    const repo = repository.toLowerCase();
    const manifest = await this.getManifest(repo, digest);
    await this.putTags(repo, manifest, tags);
    return manifest;
  }

  /** Points each tag at a manifest already fetched (its exact bytes are PUT back). */
  async putTags(repository: string, manifest: { digest: string; mediaType: string; body: Buffer }, tags: string[]): Promise<void> {
    if (tags.length > 0) await putWithTags(this.session, repository.toLowerCase(), manifest, [...new Set(tags)]);
  }

  /** Pushes an image (blobs → manifests → root with tags → extra manifests). See push.ts. */
  push(source: PushableImage, repository: string, opts: PushOptions): Promise<PushResult> {
    return pushImage(this, source, repository.toLowerCase(), opts);
  }

  /** Pushes the image an OCI layout's index.json names first. */
  async pushLayout(layoutDir: string, repository: string, opts: PushOptions): Promise<PushResult> {
    return this.push(await layoutImage(layoutDir), repository, opts);
  }
}
