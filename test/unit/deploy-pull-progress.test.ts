import * as http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineClient } from '../../src/deploy/engine/client.js';
import { Docker } from '../../src/deploy/engine/docker.js';
import { unixTransport } from '../../src/deploy/engine/transport.js';
import { LineSplitter, PULL_EVERY_MS, PULL_MAX_LINES, PullProgress } from '../../src/deploy/engine/pull-progress.js';

const REF = `reg/app@sha256:${'0123456789ab'.padEnd(64, 'f')}`;
const SHORT = 'reg/app@sha256:0123456789ab…';

describe('pull progress lines', () => {
  it('says the layers as they change state, at most every few seconds; byte progress alone says nothing', () => {
    let t = 0;
    const lines: string[] = [];
    const p = new PullProgress(REF, (l) => lines.push(l), () => t);
    p.feed({ status: 'Pulling from reg/app', id: 'sha256:abc' });
    p.feed({ status: 'Pulling fs layer', id: 'l1' });
    p.feed({ status: 'Already exists', id: 'l2' });
    for (let i = 1; i <= 1000; i++) {
      t += 10;
      p.feed({ status: 'Downloading', id: 'l1', progressDetail: { current: i * 1000, total: 1_000_000 } });
    }
    t += PULL_EVERY_MS;
    p.feed({ status: 'Download complete', id: 'l1' });
    p.feed({ status: 'Pull complete', id: 'l1' });
    p.feed({ status: 'Digest: sha256:abc' });
    p.end();
    expect(lines).toEqual([
      `pull ${SHORT}: Pulling from reg/app`,
      // Downloading began at 10 ms; its state change is said once PULL_EVERY_MS passed since the last line, with the bytes then.
      `pull ${SHORT}: 1 of 2 layers done (1 already on the host), 300 kB of 1.0 MB downloaded`,
      `pull ${SHORT}: 1 of 2 layers done (1 already on the host), 1.0 MB of 1.0 MB downloaded`,
      // Pull complete came too soon after to be said alone; it is said before the engine's next line.
      `pull ${SHORT}: 2 of 2 layers done (1 already on the host), 1.0 MB of 1.0 MB downloaded`,
      `pull ${SHORT}: Digest: sha256:abc`,
    ]);
  });

  it('is bounded however many layers change', () => {
    let t = 0;
    const lines: string[] = [];
    const p = new PullProgress(REF, (l) => lines.push(l), () => t);
    for (let i = 0; i < 1000; i++) {
      t += PULL_EVERY_MS;
      p.feed({ status: 'Pull complete', id: `l${i}` });
    }
    expect(lines.length).toBe(PULL_MAX_LINES);
  });

  it('splits lines across chunks', () => {
    const got: string[] = [];
    const s = new LineSplitter((l) => got.push(l));
    s.push(Buffer.from('{"a":1}\n{"b"'));
    s.push(Buffer.from(':2}\n\n{"c":3}'));
    s.end();
    expect(got).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });
});

describe('Docker.pull reads the engine stream as it arrives', () => {
  let server: http.Server | undefined;
  afterEach(() => void server?.close());

  function engine(handler: (res: http.ServerResponse) => void): Promise<Docker> {
    const socket = join(mkdtempSync(join(tmpdir(), 'pg-pull-')), 'engine.sock');
    server = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      handler(res);
    });
    return new Promise((resolve) => server!.listen(socket, () => resolve(new Docker(new EngineClient(unixTransport(socket))))));
  }

  it('logs before the stream ends (the engine holds the rest until the first line is seen)', async () => {
    let release!: () => void;
    const seen = new Promise<void>((r) => (release = r));
    const docker = await engine((res) => {
      res.write(`${JSON.stringify({ status: 'Pulling from app', id: 'x' })}\n`);
      void seen.then(() => res.end(`${JSON.stringify({ status: 'Status: Downloaded newer image for app' })}\n`));
    });
    const lines: string[] = [];
    await docker.pull(REF, 'linux/amd64', undefined, (l) => {
      lines.push(l);
      release();
    });
    expect(lines).toEqual([`pull ${SHORT}: Pulling from app`, `pull ${SHORT}: Status: Downloaded newer image for app`]);
  });

  it('a registry error inside the 200 stream fails the pull with its message', async () => {
    const docker = await engine((res) => res.end(`${JSON.stringify({ status: 'Pulling from app', id: 'x' })}\n${JSON.stringify({ error: 'x', errorDetail: { message: 'manifest unknown' } })}\n`));
    await expect(docker.pull(REF, 'linux/amd64')).rejects.toThrow(`pull ${REF} (linux/amd64): manifest unknown`);
  });
});
