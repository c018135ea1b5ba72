import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

export const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `sha256:<hex>` of the bytes. */
export function sha256Digest(data: Buffer | string): string {
  return `sha256:${sha256Hex(data)}`;
}

/** The hex part of a `sha256:` digest; throws naming the value when it is not one. */
export function digestHex(digest: string): string {
  if (!DIGEST_PATTERN.test(digest)) throw new Error(`"${digest}" is not a sha256 digest`);
  return digest.slice('sha256:'.length);
}

/** A pass-through stream that hashes and counts what flows through it. */
export class HashingStream extends Transform {
  private readonly hash: Hash = createHash('sha256');
  size = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    done(null, chunk);
  }

  /** `sha256:<hex>`; call once, after the stream has finished. */
  digest(): string {
    return `sha256:${this.hash.digest('hex')}`;
  }
}
