import * as core from './commands.js';

/**
 * The one place that writes the action's outputs (action.yml and deploy/action.yml declare them). Each
 * function writes its outputs once, from a step's typed result.
 */

/** What a build (or a fingerprint hit, or the deploy entry's digest input) leaves in the registry. */
export interface ImageOutput {
  /** repository name, e.g. ghcr.io/acme/web */
  repository: string;
  /** the image index digest */
  digest: string;
  /** per platform: its manifest and (when known) config digest */
  manifests: { platform: string; digest: string; configDigest?: string }[];
  /** tag names pushed (without the fingerprint tag) */
  tags: string[];
  cacheHit: boolean;
  fingerprint?: string;
  pushed?: boolean;
  ociLayout?: string;
  /** the commit the image was built from (its revision annotation) */
  revision?: string;
}

export function writeRecordOutputs(record: { id: string; path: string }): void {
  core.setOutput('record-id', record.id);
  core.setOutput('record-path', record.path);
}

export function writeFingerprintOutput(fingerprint: string): void {
  core.setOutput('fingerprint', fingerprint);
}

/**
 * `imageid` as build-push-action means it: the config digest of a one-platform image; with several
 * platforms there is no single config, so it is the index digest (the same as `digest`).
 */
export function imageId(image: Pick<ImageOutput, 'digest' | 'manifests'>): string {
  return image.manifests.length === 1 && image.manifests[0].configDigest ? image.manifests[0].configDigest : image.digest;
}

/**
 * The `metadata` JSON: shipshape's own fields, plus the keys scripts written for
 * docker/build-push-action read (`containerimage.digest`, `containerimage.config.digest` for one
 * platform, `image.name` as the comma-separated tagged names).
 */
export function imageMetadata(image: ImageOutput): Record<string, unknown> {
  const refs = image.tags.map((t) => `${image.repository}:${t}`);
  const configs = image.manifests.filter((m) => m.configDigest).map((m) => [m.platform, m.configDigest!]);
  return {
    image: image.repository,
    digest: image.digest,
    manifests: Object.fromEntries(image.manifests.map((m) => [m.platform, m.digest])),
    ...(configs.length > 0 && { configs: Object.fromEntries(configs) }),
    tags: image.tags,
    ...(image.fingerprint && { fingerprint: image.fingerprint }),
    ...(image.pushed !== undefined && { pushed: image.pushed }),
    ...(image.revision && { revision: image.revision }),
    ...(image.ociLayout && { 'oci-layout': image.ociLayout }),
    'containerimage.digest': image.digest,
    ...(image.manifests.length === 1 && image.manifests[0].configDigest && { 'containerimage.config.digest': image.manifests[0].configDigest }),
    'image.name': refs.length > 0 ? refs.join(',') : image.repository,
  };
}

/** The deploy entry (deploy/action.yml) declares only `digest` and `image` of these. */
export function writeImageOutputs(image: ImageOutput, entry: 'build' | 'deploy' = 'build'): void {
  core.setOutput('digest', image.digest);
  core.setOutput('image', `${image.repository}@${image.digest}`);
  if (entry === 'deploy') return;
  core.setOutput('imageid', imageId(image));
  core.setOutput('tags', image.tags.map((t) => `${image.repository}:${t}`).join(','));
  core.setOutput('cache-hit', String(image.cacheHit));
  core.setOutput('metadata', JSON.stringify(imageMetadata(image)));
}

/** `sbom`: JSON map platform → SBOM artifact digest (`{}` when off); `provenance`: its artifact digest (empty when off). */
export function writeAttestationOutputs(attested: { sbom: Record<string, string>; provenance?: string }): void {
  core.setOutput('sbom', JSON.stringify(attested.sbom));
  core.setOutput('provenance', attested.provenance ?? '');
}

export function writeDeployOutputs(result: { color: string; previousColor?: string; route?: { url: string }; swarm?: unknown }): void {
  // A Swarm service has no colors: its rolling update replaces tasks in place.
  core.setOutput('color', result.swarm ? '' : result.color);
  core.setOutput('previous-color', result.swarm ? '' : (result.previousColor ?? ''));
  // The app's first route (hosts given); empty for an app on its own public-port.
  core.setOutput('url', result.route?.url ?? '');
}
