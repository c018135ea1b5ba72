import { rfc3339 } from '../oci/config.js';
import type { BuildSettings } from '../inputs.js';

/**
 * The standard annotations for index and manifests (created, source, revision, version, title, from
 * GITHUB_* where present) plus the `annotations` input, which wins. base.name/base.digest are added by
 * buildImage per level.
 */
export function standardAnnotations(settings: BuildSettings, epoch: number, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = { 'org.opencontainers.image.created': rfc3339(epoch) };
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY) {
    out['org.opencontainers.image.source'] = `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`;
  }
  if (env.GITHUB_SHA) out['org.opencontainers.image.revision'] = env.GITHUB_SHA;
  if (env.GITHUB_REF_TYPE === 'tag' && env.GITHUB_REF_NAME) out['org.opencontainers.image.version'] = env.GITHUB_REF_NAME;
  out['org.opencontainers.image.title'] = settings.image.repository.split('/').pop()!;
  for (const [k, v] of settings.annotations) out[k] = v;
  return out;
}
