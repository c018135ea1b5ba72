import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../src/registry/index.js';

const content = Buffer.from('layer bytes '.repeat(1000));
const digest = `sha256:${createHash('sha256').update(content).digest('hex')}`;
const wrongDigest = `sha256:${'b'.repeat(64)}`;
const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: {}, layers: [] }));
const manifestDigest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;

let registry: http.Server;
let storage: http.Server;
let registryHost: string;
const storageAuthHeaders: (string | undefined)[] = [];
const flakyDigest = `sha256:${createHash('sha256').update(Buffer.concat([content, content])).digest('hex')}`;
let flakyRequests = 0;

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  // A "blob storage" host the registry redirects to (like S3): it must never see the registry credentials.
  storage = http.createServer((req, res) => {
    storageAuthHeaders.push(req.headers.authorization);
    res.writeHead(200, { 'Content-Length': String(content.length) }).end(content);
  });
  const storageHost = await listen(storage);
  registry = http.createServer((req, res) => {
    if (req.headers.authorization !== `Basic ${Buffer.from('u:p').toString('base64')}`) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="r"', 'Content-Length': '0' }).end();
      return;
    }
    if (req.url === `/v2/a/b/blobs/${digest}`) res.writeHead(307, { Location: `http://${storageHost}/bucket/x?sig=1`, 'Content-Length': '0' }).end();
    else if (req.url === `/v2/a/b/blobs/${flakyDigest}`) {
      // Ignores Range; the first answer is cut off half-way.
      const full = Buffer.concat([content, content]);
      res.writeHead(200, { 'Content-Length': String(full.length) });
      if (flakyRequests++ === 0) {
        res.write(full.subarray(0, content.length), () => res.socket?.destroy());
      } else res.end(full);
    } else if (req.url === `/v2/a/b/blobs/${wrongDigest}`) res.writeHead(200, { 'Content-Length': String(content.length) }).end(content);
    else if (req.url?.startsWith('/v2/a/b/manifests/')) res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }).end(manifest);
    else res.writeHead(404, { 'Content-Length': '0' }).end();
  });
  registryHost = await listen(registry);
});

afterAll(async () => {
  await new Promise<void>((r) => registry.close(() => r()));
  await new Promise<void>((r) => storage.close(() => r()));
});

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

describe('fetchBlob and getManifest', () => {
  const client = () => new RegistryClient(registryHost, { credentials: { username: 'u', password: 'p' }, retry: { attempts: 1, baseDelayMs: 1 } });

  it('follows a redirect to another host without sending the credentials there', async () => {
    expect(await readAll(await client().fetchBlob('a/b', digest))).toEqual(content);
    expect(storageAuthHeaders).toEqual([undefined]);
  });

  it('resumes a cut download from a server that ignores Range by skipping the bytes it already has', async () => {
    const c = new RegistryClient(registryHost, { credentials: { username: 'u', password: 'p' }, retry: { attempts: 3, baseDelayMs: 1 } });
    expect(await readAll(await c.fetchBlob('a/b', flakyDigest))).toEqual(Buffer.concat([content, content]));
    expect(flakyRequests).toBe(2);
  });

  it('errors at the end of the stream when the content does not match the digest', async () => {
    await expect(readAll(await client().fetchBlob('a/b', wrongDigest))).rejects.toThrow(`content is ${digest}, expected ${wrongDigest}`);
  });

  it('verifies a manifest fetched by digest and reports its media type', async () => {
    expect(await client().getManifest('a/b', manifestDigest)).toMatchObject({ digest: manifestDigest, mediaType: 'application/vnd.oci.image.manifest.v1+json' });
    await expect(client().getManifest('a/b', wrongDigest)).rejects.toThrow(`the manifest content is ${manifestDigest}, not the digest asked for`);
  });
});
