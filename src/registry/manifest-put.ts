import { pushScope } from './auth.js';
import { drainText, headerValue, type RawResponse } from './http.js';
import type { RegistrySession } from './session.js';

export async function putManifest(
  session: RegistrySession,
  repository: string,
  reference: string,
  manifest: { mediaType: string; body: Buffer },
  scopes: string[],
  query = '',
): Promise<RawResponse> {
  const res = await session.request({
    operation: `PUT manifest ${repository}:${reference}`,
    method: 'PUT',
    path: `/v2/${repository}/manifests/${reference}${query}`,
    scopes,
    headers: { 'Content-Type': manifest.mediaType },
    body: manifest.body,
  });
  await drainText(res);
  return res;
}

/**
 * PUTs a manifest by digest with all tags in one request where the registry supports OCI's `?tag=`
 * (it then names the tags it applied in OCI-Tag), else one PUT per tag.
 */
export async function putWithTags(
  session: RegistrySession,
  repository: string,
  manifest: { digest: string; mediaType: string; body: Buffer },
  tags: string[],
  scopes = [pushScope(repository)],
): Promise<void> {
  const query = tags.length > 0 ? `?${tags.map((t) => `tag=${encodeURIComponent(t)}`).join('&')}` : '';
  const res = await putManifest(session, repository, manifest.digest, manifest, scopes, query);
  const applied = new Set((headerValue(res, 'oci-tag') ?? '').split(',').map((t) => t.trim()));
  for (const tag of tags) if (!applied.has(tag)) await putManifest(session, repository, tag, manifest, scopes);
}
