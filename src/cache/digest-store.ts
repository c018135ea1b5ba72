import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { digestHex, sha256Digest } from '../oci/digest.js';

/** Small content-addressed documents (a base's manifests and configs) kept between runs. */
export interface DigestStore {
  /** The bytes stored for `digest`, or undefined when absent or not hashing to it. */
  get(digest: string): Promise<Buffer | undefined>;
  put(digest: string, bytes: Buffer): Promise<void>;
}

/**
 * A directory of `<hex>` files. What is read is checked against its digest, so a torn or altered file
 * is only a miss; writes go to a unique temp name and are renamed into place, and a failed write
 * costs nothing but the next run's round trip.
 */
export function directoryDigestStore(dir: string): DigestStore {
  const file = (digest: string) => path.join(dir, digestHex(digest));
  return {
    async get(digest) {
      if (!digest.startsWith('sha256:')) return undefined;
      const bytes = await fs.readFile(file(digest)).catch(() => undefined);
      return bytes && sha256Digest(bytes) === digest ? bytes : undefined;
    },
    async put(digest, bytes) {
      if (!digest.startsWith('sha256:') || sha256Digest(bytes) !== digest) return;
      const tmp = `${file(digest)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await fs.mkdir(dir, { recursive: true });
        await fs.writeFile(tmp, bytes);
        await fs.rename(tmp, file(digest));
      } catch {
        await fs.rm(tmp, { force: true }).catch(() => {});
      }
    },
  };
}
