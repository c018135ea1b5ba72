/**
 * Small blobs held in memory (attestation documents, the empty config), uploaded in as few round trips
 * as the registry allows (distribution-spec v1.1, "Pushing blobs"). An upload session can be opened
 * before its blob exists (`POST` without a body), so the blob, once made, goes up in one `PUT`.
 */
import type { Descriptor } from '../oci/types.js';
import { RegistryError } from './errors.js';
import { drainText, headerValue } from './http.js';
import type { RegistrySession } from './session.js';

export interface MemoryBlob {
  descriptor: Descriptor;
  bytes: Buffer;
}

/** An upload session opened ahead of its blob: its Location, or undefined when opening failed. */
export type OpenedUpload = Promise<string | undefined>;

/** Opens an upload session for a blob still being made; a failure only means the later upload opens its own. */
export function openUpload(session: RegistrySession, repo: string, scopes: string[]): OpenedUpload {
  return session
    .attempt({ operation: 'POST blob upload (opened ahead)', method: 'POST', path: `/v2/${repo}/blobs/uploads/`, scopes, accept: [202] })
    .then(async (res) => {
      await drainText(res);
      return headerValue(res, 'location');
    })
    .catch(() => undefined);
}

/** Cancels an upload session nothing will complete (best effort: registries also expire them). */
export async function cancelUpload(session: RegistrySession, location: string, scopes: string[]): Promise<void> {
  await session
    .attempt({ operation: 'cancel upload', method: 'DELETE', path: session.url(location).toString(), scopes, accept: [400, 404, 405] })
    .then(drainText, () => {});
}

async function putToSession(session: RegistrySession, location: string, blob: MemoryBlob, scopes: string[]): Promise<void> {
  const url = session.url(location);
  url.searchParams.set('digest', blob.descriptor.digest);
  const res = await session.attempt({ operation: `PUT blob ${blob.descriptor.digest}`, method: 'PUT', path: url.toString(), scopes, headers: { 'Content-Type': 'application/octet-stream' }, body: blob.bytes });
  await drainText(res);
}

/** Registries that answered a monolithic `POST ?digest=` with 202 (distribution): they get `POST` then `PUT`, the bytes sent once. */
const noMonolithicPost = new WeakSet<RegistrySession>();

/**
 * Uploads one blob: into the session opened ahead when there is one (one request), else a monolithic
 * POST with `?digest=` where the registry takes it (201), else the PUT to the session it opened (202);
 * retried as a whole.
 */
export async function uploadBlob(session: RegistrySession, repo: string, blob: MemoryBlob, scopes: string[], opened?: OpenedUpload): Promise<void> {
  const { digest } = blob.descriptor;
  const ahead = opened && (await opened);
  if (ahead) {
    try {
      return await putToSession(session, ahead, blob, scopes);
    } catch {
      // the session may have expired or been refused: start over below
    }
  }
  await session.retrying(`upload blob ${digest}`, async () => {
    const monolithic = !noMonolithicPost.has(session);
    const posted = await session.attempt({
      operation: `POST blob ${digest}`,
      method: 'POST',
      path: `/v2/${repo}/blobs/uploads/${monolithic ? `?digest=${encodeURIComponent(digest)}` : ''}`,
      scopes,
      ...(monolithic && { headers: { 'Content-Type': 'application/octet-stream' }, body: blob.bytes }),
      accept: [201, 202],
    });
    await drainText(posted);
    if (posted.status === 201) return;
    if (monolithic) noMonolithicPost.add(session);
    const location = headerValue(posted, 'location');
    if (!location) throw new RegistryError(session.registry, 'POST blob upload', `answered ${posted.status} without a Location`);
    await putToSession(session, location, blob, scopes);
  });
}
