import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { BLOCK, DeflatePool, ParallelGzip } from '../../src/oci/parallel-gzip.js';

const pools = [new DeflatePool(1), new DeflatePool(3)];
afterAll(() => Promise.all(pools.map((p) => p.close())));

async function gzip(data: Buffer, pool: DeflatePool, piece: number): Promise<Buffer> {
  const out: Buffer[] = [];
  const pieces = function* () {
    for (let at = 0; at < data.length; at += piece) yield data.subarray(at, at + piece);
  };
  await pipeline(Readable.from(pieces()), new ParallelGzip(6, pool), new Writable({ write: (c: Buffer, _e, cb) => void (out.push(c), cb()) }));
  return Buffer.concat(out);
}

/** Text-like, repetitive across block boundaries (so the dictionary matters), with an incompressible part. */
const sample = Buffer.concat([Buffer.from('export const value = 42;\n'.repeat(40_000)), randomBytes(BLOCK + 1234), Buffer.from('tail\n'.repeat(999))]);

describe('ParallelGzip', () => {
  it('writes one valid gzip stream that gunzip and gzip -t accept', async () => {
    const gz = await gzip(sample, pools[1], 70_000);
    expect(gunzipSync(gz).equals(sample)).toBe(true);
    execFileSync('gzip', ['-t'], { input: gz });
    expect(gz.subarray(0, 10)).toEqual(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]));
    // the previous block as dictionary keeps the ratio of one stream: the text part compresses as a whole
    expect(gz.length).toBeLessThan(BLOCK + 1234 + 20_000);
  });

  it('gives the same bytes whatever the number of workers and the sizes of the writes', async () => {
    const one = await gzip(sample, pools[0], 4096);
    const three = await gzip(sample, pools[1], BLOCK * 3 + 17);
    expect(three.equals(one)).toBe(true);
  });

  it('handles empty input and an input of exactly one block', async () => {
    expect(gunzipSync(await gzip(Buffer.alloc(0), pools[1], 1)).length).toBe(0);
    const block = randomBytes(BLOCK);
    expect(gunzipSync(await gzip(block, pools[1], BLOCK)).equals(block)).toBe(true);
  });
});
