/** A parsed image reference: registry host, repository path, and a tag or digest. */
export interface Reference {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const DEFAULT_REGISTRY = 'docker.io';
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const REPO_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

/**
 * Parses `[registry/]repo[:tag][@sha256:…]` the way Docker does: the first component is the
 * registry when it has a dot or a colon or is `localhost`; Docker Hub names get `library/`.
 * Repository names are lowercased (GHCR and the distribution spec require it).
 */
export function parseReference(text: string): Reference {
  const input = text.trim();
  if (input === '') throw new Error('empty image reference');
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw new Error(`"${input}" has a malformed digest "${digest}"`);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw new Error(`"${input}" has a malformed tag "${tag}"`);
  }
  const parts = rest.split('/');
  let registry = DEFAULT_REGISTRY;
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    registry = parts.shift()!.toLowerCase();
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = DEFAULT_REGISTRY;
  if (registry === DEFAULT_REGISTRY && parts.length === 1) parts.unshift('library');
  const repository = parts.join('/').toLowerCase();
  for (const component of repository.split('/')) {
    if (!REPO_COMPONENT.test(component)) throw new Error(`"${input}" has an invalid repository name "${repository}"`);
  }
  return { registry, repository, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}

/** `registry/repository` */
export function repositoryName(ref: Reference): string {
  return `${ref.registry}/${ref.repository}`;
}

/** `registry/repository[:tag][@digest]` */
export function formatReference(ref: Reference): string {
  return `${repositoryName(ref)}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
