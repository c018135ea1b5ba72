import { DEFAULT_LEVELS, type LeveledAnnotation } from '../oci/annotations.js';
import { rfc3339 } from '../oci/config.js';
import type { BuildSettings } from '../settings/index.js';
import type { SourceStamp } from './epoch.js';

/** The key of the commit an image was built from. */
export const REVISION_ANNOTATION = 'org.opencontainers.image.revision';

/**
 * The standard annotations for index and manifests (created and revision from the source stamp;
 * source and version from GITHUB_* where present; title) followed by the `annotations` input, whose
 * lines win at their level. base.name/base.digest are added by buildImage per level. All of them are
 * in the fingerprint.
 */
export function standardAnnotations(settings: BuildSettings, stamp: Pick<SourceStamp, 'epoch' | 'revision'>, env: NodeJS.ProcessEnv = process.env): LeveledAnnotation[] {
  const out: Record<string, string> = { 'org.opencontainers.image.created': rfc3339(stamp.epoch) };
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY) {
    out['org.opencontainers.image.source'] = `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`;
  }
  // without a git checkout (actions/checkout's REST fallback) the event's commit is the best there is
  const revision = stamp.revision ?? env.GITHUB_SHA;
  if (revision) out[REVISION_ANNOTATION] = revision;
  if (env.GITHUB_REF_TYPE === 'tag' && env.GITHUB_REF_NAME) out['org.opencontainers.image.version'] = env.GITHUB_REF_NAME;
  out['org.opencontainers.image.title'] = settings.image.repository.split('/').pop()!;
  return [...Object.entries(out).map(([key, value]) => ({ levels: [...DEFAULT_LEVELS], key, value })), ...settings.annotations];
}
