import type { BuildResult } from '../builder/index.js';
import type { DeployResult } from '../deploy/index.js';
import type { DeploySettings, Settings } from '../settings/index.js';
import type { RecordWriter } from '../record/record.js';
import type { AttestationsSection, DeploySection } from '../record/schema.js';
import { appRecord } from './deploy-app-record.js';
import type { Fingerprinted } from './fingerprint.js';
import type { Published } from './push.js';

// The one place the record's build and deploy sections are written, from each step's typed result, right after it.

export function recordFingerprint(record: RecordWriter, settings: Settings, fp: Fingerprinted): Promise<void> {
  const b = settings.build;
  return record.update((r) => {
    r.build = {
      ...r.build,
      image: `${b.image.registry}/${b.image.repository}`,
      fingerprint: fp.fingerprint,
      ...(fp.base && {
        base: {
          ref: fp.base.name,
          index_digest: fp.base.digest,
          platforms: Object.fromEntries(fp.base.platforms.map((p) => [p.key, p.manifestDigest])),
        },
      }),
    };
  });
}

export function recordBuilt(record: RecordWriter, built: BuildResult): Promise<void> {
  return record.update((r) => {
    r.build = {
      ...r.build,
      index_digest: built.indexDigest,
      manifests: Object.fromEntries(built.manifests.map((m) => [m.platform, m.digest])),
      layers: built.layers.map((l) => ({
        digest: l.digest,
        size: l.size,
        group: l.group,
        ...(l.platform && { platform: l.platform }),
        source: l.source,
      })),
    };
  });
}

export function recordPublished(record: RecordWriter, published: Published): Promise<void> {
  return record.update((r) => {
    r.build = {
      ...r.build,
      cache_hit: published.cacheHit,
      index_digest: published.digest,
      manifests: Object.fromEntries(published.manifests.map((m) => [m.platform, m.digest])),
      tags: published.tags.map((t) => `${published.repository}:${t}`),
      ...(published.revision && { revision: published.revision }),
      ...(published.push && {
        push: { pushed: published.push.pushed, mounted: published.push.mounted, skipped: published.push.skipped, bytes_sent: published.push.bytesSent },
      }),
    };
  });
}

/** The SBOMs and provenance: written into the layout, attached to the pushed image, or found on a fingerprint hit. */
export function recordAttestations(record: RecordWriter, section: AttestationsSection): Promise<void> {
  return record.update((r) => {
    r.build = { ...r.build, attestations: section };
  });
}

export async function recordDeploy(record: RecordWriter, s: DeploySettings, result: Partial<DeployResult>): Promise<void> {
  const section: DeploySection = {
    host: result.host ?? s.host.text,
    engine_version: result.engineVersion ?? '',
    app: s.app,
    ...(result.from && { from: result.from }),
    ...(result.to && { to: result.to }),
    ...(result.pulledPlatformDigest && { pulled_platform_digest: result.pulledPlatformDigest }),
    ...(result.platform && { platform: result.platform }),
    ...(result.lock && { lock: { holder: result.lock.holder, waited_ms: result.lock.waitedMs, broken: result.lock.broken } }),
    ...(result.health && { health: result.health }),
    ...(result.switchMs !== undefined && { switch_ms: result.switchMs }),
    ...(result.soak && { soak: result.soak }),
    ...(result.rollbackReason && { rollback_reason: result.rollbackReason }),
    env_names: s.env.map(([k]) => k),
    ...appRecord(s, result),
    ...(result.route && { route: routeRecord(result.route) }),
    ...(result.swarm && { swarm: result.swarm }),
  };
  await record.update((r) => {
    r.deploy = section;
    for (const [phase, ms] of Object.entries(result.timings ?? {})) if (ms) r.timings[phase] = ms;
  });
}

function routeRecord(r: NonNullable<DeployResult['route']>): NonNullable<DeploySection['route']> {
  return {
    hosts: r.hosts,
    ...(r.pathPrefix && { path_prefix: r.pathPrefix }),
    tls: r.tls,
    url: r.url,
    proxy: r.proxy,
    reloaded: r.reloaded,
    ...(r.certificate && { certificate: { names: r.certificate.names, not_after: r.certificate.notAfter } }),
  };
}
