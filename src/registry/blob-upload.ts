/**
 * Small blobs held in memory (attestation documents, the empty config), uploaded in as few round trips
 * as the registry allows (distribution-spec v1.1, "Pushing blobs"). An upload session can be opened
 * before its blob exists (`POST` without a body), so the blob, once made, goes up in one `PUT`.
 */
import type { Descriptor } from '../oci/types.js';
import { RegistryError } from './errors.js';
import { drainText, headerValue } from './http.js';
import type { PushTarget } from './push.js';

type RegistryClient = PushTarget;

export interface MemoryBlob {
  descriptor: Descriptor;
  bytes: Buffer;
}

/** An upload session opened ahead of its blob: its Location, or undefined when opening failed. */
export type OpenedUpload = Promise<string | undefined>;

/** Opens an upload session for a blob still being made; a failure only means the later upload opens its own. */
export function openUpload(client: RegistryClient, repo: string, scopes: string[]): OpenedUpload {
  const opened = (async () => {
    const res = await client.session.attempt({ operation: 'POST blob upload (opened ahead)', method: 'POST', path: `/v2/${repo}/blobs/uploads/`, scopes, accept: [202] });
    await drainText(res);
    return headerValue(res, 'location');
  })();
  return opened.catch(() => undefined);
}

/** Cancels a session opened ahead and not used (best effort: registries also expire them). */
export async function cancelUpload(client: RegistryClient, opened: OpenedUpload, scopes: string[]): Promise<void> {
  const location = await opened;
  if (!location) return;
  await client.session
    .attempt({ operation: 'DELETE blob upload', method: 'DELETE', path: client.session.url(location).toString(), scopes, accept: [404] })
    .then(drainText, () => {});
}

async function putToSession(client: RegistryClient, location: string, blob: MemoryBlob, scopes: string[]): Promise<void> {
  const url = client.session.url(location);
  url.searchParams.set('digest', blob.descriptor.digest);
  const res = await client.session.attempt({ operation: `PUT blob ${blob.descriptor.digest}`, method: 'PUT', path: url.toString(), scopes, headers: { 'Content-Type': 'application/octet-stream' }, body: blob.bytes });
  await drainText(res);
}

/** Registries that answered a monolithic `POST ?digest=` with 202 (distribution): they get `POST` then `PUT`, the bytes sent once. */
const noMonolithicPost = new WeakMap<RegistryClient, true>();

/**
 * Uploads one blob: into the session opened ahead when there is one (one request), else a monolithic
 * POST with `?digest=` where the registry takes it (201), else the PUT to the session it opened (202);
 * retried as a whole.
 */
export async function uploadBlob(client: RegistryClient, repo: string, blob: MemoryBlob, scopes: string[], opened?: OpenedUpload): Promise<void> {
  const { digest } = blob.descriptor;
  const ahead = opened && (await opened);
  if (ahead) {
    try {
      return await putToSession(client, ahead, blob, scopes);
    } catch {
      // the session may have expired or been refused: start over below
    }
  }
  await client.session.retrying(`upload blob ${digest}`, async () => {
    const monolithic = !noMonolithicPost.has(client);
    const posted = await client.session.attempt({
      operation: `POST blob ${digest}`,
      method: 'POST',
      path: `/v2/${repo}/blobs/uploads/${monolithic ? `?digest=${encodeURIComponent(digest)}` : ''}`,
      scopes,
      ...(monolithic && { headers: { 'Content-Type': 'application/octet-stream' }, body: blob.bytes }),
      accept: [201, 202],
    });
    await drainText(posted);
    if (posted.status === 201) return;
    if (monolithic) noMonolithicPost.set(client, true);
    const location = headerValue(posted, 'location');
    if (!location) throw new RegistryError(client.registry, 'POST blob upload', `answered ${posted.status} without a Location`);
    await putToSession(client, location, blob, scopes);
  });
}
