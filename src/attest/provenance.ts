/** SLSA provenance v1 (slsa.dev/spec/v1.0/provenance) in an in-toto Statement v1. */
export const IN_TOTO_MEDIA_TYPE = 'application/vnd.in-toto+json';
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
export const BUILDER_ID = 'https://github.com/shipshape/shipshape';
export const BUILD_TYPE = 'https://github.com/shipshape/shipshape/buildtypes/oci-image/v1';

export interface ResourceDescriptor {
  name?: string;
  uri?: string;
  digest: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface ProvenanceOptions {
  /** `registry/repository` */
  repository: string;
  indexDigest: string;
  manifests: { platform: string; digest: string }[];
  /** The build settings that determine the image (no secret may be in here: the caller builds it from settings, and scrubs). */
  externalParameters: Record<string, unknown>;
  internalParameters: Record<string, unknown>;
  /** The base image's index and per-platform manifests, as resolved. */
  base?: { name: string; digest: string; platforms: { platform: string; digest: string }[] };
  /** GITHUB_* of the run (absent outside Actions). */
  github: { serverUrl?: string; repository?: string; sha?: string; ref?: string; workflowRef?: string; runId?: string; runAttempt?: string};
  version: string;
}

const sha256 = (digest: string) => ({ sha256: digest.replace(/^sha256:/, '') });

export function provenanceStatement(opts: ProvenanceOptions) {
  const { github: gh } = opts;
  const server = (gh.serverUrl ?? 'https://github.com').replace(/\/+$/, '');
  const resolvedDependencies: ResourceDescriptor[] = [];
  if (gh.repository && gh.sha) {
    resolvedDependencies.push({ uri: `git+${server}/${gh.repository}${gh.ref ? `@${gh.ref}` : ''}`, digest: { gitCommit: gh.sha } });
  }
  if (opts.base) {
    resolvedDependencies.push({ name: opts.base.name, uri: `oci://${opts.base.name.replace(/[@:][^/]*$/, '')}@${opts.base.digest}`, digest: sha256(opts.base.digest) });
    for (const p of opts.base.platforms) {
      if (p.digest === opts.base.digest) continue;
      resolvedDependencies.push({ name: opts.base.name, uri: `oci://${opts.base.name.replace(/[@:][^/]*$/, '')}@${p.digest}`, digest: sha256(p.digest), annotations: { platform: p.platform } });
    }
  }
  const invocationId = gh.repository && gh.runId ? `${server}/${gh.repository}/actions/runs/${gh.runId}/attempts/${gh.runAttempt ?? '1'}` : undefined;
  return {
    _type: STATEMENT_TYPE,
    subject: [
      { name: opts.repository, digest: sha256(opts.indexDigest), annotations: { 'org.opencontainers.image.ref.name': 'index' } },
      ...opts.manifests.map((m) => ({ name: opts.repository, digest: sha256(m.digest), annotations: { platform: m.platform } })),
    ],
    predicateType: SLSA_PROVENANCE_V1,
    predicate: {
      buildDefinition: {
        buildType: BUILD_TYPE,
        externalParameters: {
          ...(gh.workflowRef && { workflow: { ref: gh.workflowRef, repository: gh.repository && `${server}/${gh.repository}` } }),
          ...opts.externalParameters,
        },
        internalParameters: opts.internalParameters,
        resolvedDependencies,
      },
      runDetails: {
        builder: { id: BUILDER_ID, version: { shipshape: opts.version } },
        metadata: { ...(invocationId && { invocationId }) },
      },
    },
  };
}
