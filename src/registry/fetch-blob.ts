import { Readable, pipeline, type TransformCallback } from 'node:stream';
import { HashingStream } from '../oci/digest.js';
import { pullScope } from './auth.js';
import { RegistryError } from './errors.js';
import { drainText, headerValue, type RawResponse } from './http.js';
import { backoffDelay, isRetryableNetworkError } from './retry.js';
import type { RegistrySession } from './session.js';

const MAX_REDIRECTS = 5;

/** Passes bytes through and fails at the end when their sha256 is not `expected`. */
export class DigestVerifier extends HashingStream {
  constructor(
    private readonly expected: string,
    private readonly label: string,
  ) {
    super();
  }
  override _flush(cb: TransformCallback): void {
    const actual = this.digest();
    cb(actual === this.expected ? null : new Error(`${this.label}: content is ${actual}, expected ${this.expected}`));
  }
}

/** GETs a blob from `offset`, following redirects (credentials go to the registry's host only). */
async function openBlob(session: RegistrySession, repository: string, digest: string, offset: number): Promise<RawResponse> {
  const operation = `GET blob ${digest} from ${repository}`;
  let path = `/v2/${repository}/blobs/${digest}`;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const res = await session.request({
      operation,
      method: 'GET',
      path,
      scopes: [pullScope(repository)],
      accept: [301, 302, 303, 307, 308],
      ...(offset > 0 && { headers: { Range: `bytes=${offset}-` } }),
    });
    if (res.status < 300) return res;
    await drainText(res);
    const location = headerValue(res, 'location');
    if (!location) throw new RegistryError(session.registry, operation, `redirect ${res.status} without a Location`);
    path = new URL(location, session.url(path)).toString();
  }
  throw new RegistryError(session.registry, operation, `more than ${MAX_REDIRECTS} redirects`);
}

/**
 * Streams a blob. The first request happens before this resolves (so a missing blob rejects here); a
 * connection lost mid-body resumes with a Range request from where it stopped (or skips what it already
 * has when the server ignores Range). The stream errors at its end when the sha256 is not `digest`.
 */
export async function fetchBlob(session: RegistrySession, repository: string, digest: string): Promise<NodeJS.ReadableStream> {
  const label = `registry ${session.registry}: GET blob ${digest} from ${repository}`;
  const first = await openBlob(session, repository, digest, 0);
  async function* body(): AsyncGenerator<Buffer> {
    let res = first;
    let offset = 0;
    for (let attempt = 1; ; attempt++) {
      let skip = res.status === 206 ? 0 : offset;
      try {
        for await (const chunk of res.stream as AsyncIterable<Buffer>) {
          let data = chunk;
          if (skip > 0) {
            const dropped = Math.min(skip, data.length);
            data = data.subarray(dropped);
            skip -= dropped;
            if (data.length === 0) continue;
          }
          offset += data.length;
          yield data;
        }
        return;
      } catch (err) {
        if (!isRetryableNetworkError(err) || attempt >= session.retry.attempts) {
          throw new RegistryError(session.registry, `GET blob ${digest} from ${repository}`, `${(err as Error).message} after ${offset} bytes`, { cause: err });
        }
        const delay = backoffDelay(session.retry, attempt);
        session.logger.info(`${label}: ${(err as Error).message} after ${offset} bytes; resuming in ${(delay / 1000).toFixed(1)}s`);
        await new Promise((r) => setTimeout(r, delay));
        res = await openBlob(session, repository, digest, offset);
      }
    }
  }
  const verifier = new DigestVerifier(digest, label);
  pipeline(Readable.from(body()), verifier, () => {
    // pipeline destroys the verifier with the error; its reader sees it.
  });
  return verifier;
}
