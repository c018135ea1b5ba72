// A local stand-in for the GitHub Actions runtime services, speaking their wire protocols so the REAL
// @actions/artifact and @actions/cache code runs against it:
//  - Artifact v4: Twirp JSON `github.actions.results.api.v1.ArtifactService/*` plus the signed-URL blob
//    store that @azure/storage-blob talks to (Put Block, Put Block List, Put Blob, Get Blob).
//  - Cache v1: the REST API act serves (`/_apis/artifactcache/...`: lookup, reserve, PATCH chunks with
//    Content-Range, commit, archive download).
//  - Cache v2: Twirp `github.actions.results.api.v1.CacheService/*` with the same signed-URL blob store
//    (only used when started with `cacheService: 'v2'`, which sets ACTIONS_CACHE_SERVICE_V2).
// Listens on 127.0.0.1 only, on a random port.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { actRejects, actRuntimeToken } from './act-artifacts.js';

export interface StoredArtifact {
  id: number;
  name: string;
  runBackendId: string;
  jobBackendId: string;
  /** ISO time the client asked the artifact to expire at (retention days), when it asked. */
  expiresAt?: string;
  mimeType?: string;
  finalized: boolean;
  size?: number;
  hash?: string;
  bytes: Buffer;
}

export interface StoredCache {
  id: number;
  key: string;
  version: string;
  service: 'v1' | 'v2';
  committed: boolean;
  bytes: Buffer;
}

export interface GithubServices {
  url: string;
  /** Variables a runner would give the action to reach these services (merge into a child's env). */
  env: Record<string, string>;
  artifacts(): StoredArtifact[];
  caches(): StoredCache[];
  /** `METHOD path` of every request, in order, for diagnostics. */
  requests(): string[];
  close(): Promise<void>;
}

const ARTIFACT_SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService/';
const CACHE_SERVICE = '/twirp/github.actions.results.api.v1.CacheService/';
const CACHE_V1 = '/_apis/artifactcache/';
const BLOB = '/blob/'; // path style: /<account>/<container>/<blob>, as @azure/storage-blob expects for IP hosts

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

/** An unsigned JWT whose `scp` claim carries the run and job backend ids, as the artifact client reads it. */
function runtimeToken(runBackendId: string, jobBackendId: string): string {
  const header = base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }));
  const claims = base64url(JSON.stringify({ scp: `Actions.GenericRead Actions.Results:${runBackendId}:${jobBackendId}`, exp: 4102444800 }));
  return `${header}.${claims}.`;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function blobHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'x-ms-request-id': randomBytes(8).toString('hex'),
    'x-ms-version': '2025-01-05',
    ETag: `"0x${randomBytes(8).toString('hex').toUpperCase()}"`,
    'Last-Modified': new Date().toUTCString(),
    'x-ms-request-server-encrypted': 'true',
    ...extra,
  };
}

export interface GithubServicesOptions {
  /** Which cache protocol the env selects: v1 (default, what act serves) or v2 (ACTIONS_CACHE_SERVICE_V2). */
  cacheService?: 'v1' | 'v2';
  /** `act`: the artifact service as act's is (test/support/act-artifacts.ts: its token, run id 1, strict decoding); cache v1 only. */
  flavor?: 'github' | 'act';
}

export async function startGithubServices(options: GithubServicesOptions = {}): Promise<GithubServices> {
  const act = options.flavor === 'act';
  const runBackendId = act ? '1' : `run-${randomBytes(4).toString('hex')}`;
  const jobBackendId = act ? '1' : `job-${randomBytes(4).toString('hex')}`;
  const token = act ? actRuntimeToken(1) : runtimeToken(runBackendId, jobBackendId);
  const signature = randomBytes(12).toString('hex');
  const artifacts: StoredArtifact[] = [];
  const caches: StoredCache[] = [];
  const log: string[] = [];
  /** Blob store behind signed URLs: committed blobs and staged (uncommitted) blocks per blob. */
  const blobs = new Map<string, { bytes: Buffer; contentType: string }>();
  const blocks = new Map<string, Map<string, Buffer>>();
  let nextId = 1;
  let url = '';

  const signedUrl = (blobPath: string) => `${url}${BLOB}${blobPath}?sv=2025-01-05&se=2099-01-01T00%3A00%3A00Z&sp=rcw&sig=${signature}`;

  function requireToken(req: IncomingMessage): void {
    if (req.headers.authorization !== `Bearer ${token}`) throw new HttpError(401, 'unauthenticated', 'missing or wrong bearer token');
  }

  function artifactFor(body: Record<string, unknown>): StoredArtifact | undefined {
    return artifacts.find((a) => a.name === body.name && a.runBackendId === body.workflow_run_backend_id);
  }

  function artifactCall(method: string, body: Record<string, any>): unknown {
    if (body.workflow_run_backend_id !== runBackendId || body.workflow_job_run_backend_id !== jobBackendId) {
      if (method !== 'ListArtifacts' || body.workflow_run_backend_id !== runBackendId) {
        throw new HttpError(400, 'invalid_argument', 'backend ids do not match the runtime token');
      }
    }
    switch (method) {
      case 'CreateArtifact': {
        if (typeof body.name !== 'string' || body.name === '') throw new HttpError(400, 'invalid_argument', 'name is required');
        if (artifactFor(body)?.finalized) throw new HttpError(409, 'already_exists', `an artifact with name ${body.name} already exists`);
        const id = nextId++;
        artifacts.push({
          id, name: body.name, runBackendId, jobBackendId, finalized: false, bytes: Buffer.alloc(0),
          expiresAt: body.expires_at, mimeType: body.mime_type,
        });
        return { ok: true, signed_upload_url: signedUrl(`artifacts/${id}`) };
      }
      case 'FinalizeArtifact': {
        const artifact = artifactFor(body);
        if (!artifact) throw new HttpError(404, 'not_found', `no artifact named ${body.name}`);
        const bytes = blobs.get(`artifacts/${artifact.id}`)?.bytes;
        if (!bytes) throw new HttpError(400, 'failed_precondition', 'nothing was uploaded to the signed URL');
        if (String(bytes.length) !== String(body.size)) {
          throw new HttpError(400, 'invalid_argument', `size ${body.size} does not match the ${bytes.length} bytes uploaded`);
        }
        Object.assign(artifact, { bytes, finalized: true, size: bytes.length, hash: body.hash });
        return { ok: true, artifact_id: String(artifact.id) };
      }
      case 'ListArtifacts':
        return {
          artifacts: artifacts
            .filter((a) => a.finalized && (!body.name_filter || a.name === body.name_filter) && (!body.id_filter || String(a.id) === String(body.id_filter)))
            .map((a) => ({
              workflow_run_backend_id: a.runBackendId, workflow_job_run_backend_id: a.jobBackendId, database_id: String(a.id),
              name: a.name, size: String(a.size ?? 0), created_at: new Date().toISOString(), ...(a.hash ? { digest: a.hash } : {}),
            })),
        };
      case 'GetSignedArtifactURL': {
        const artifact = artifactFor(body);
        if (!artifact?.finalized) throw new HttpError(404, 'not_found', `no artifact named ${body.name}`);
        return { signed_url: signedUrl(`artifacts/${artifact.id}`) };
      }
      case 'DeleteArtifact': {
        const artifact = artifactFor(body);
        if (!artifact) throw new HttpError(404, 'not_found', `no artifact named ${body.name}`);
        artifacts.splice(artifacts.indexOf(artifact), 1);
        return { ok: true, artifact_id: String(artifact.id) };
      }
      default:
        throw new HttpError(404, 'bad_route', `no method ${method}`);
    }
  }

  /** GitHub's lookup order: each key in turn, exact match first, then newest entry whose key has it as prefix. */
  function findCache(keys: string[], version: string): StoredCache | undefined {
    const ready = caches.filter((c) => c.committed && c.version === version).reverse();
    for (const key of keys) {
      const found = ready.find((c) => c.key === key) ?? ready.find((c) => c.key.startsWith(key));
      if (found) return found;
    }
    return undefined;
  }

  function cacheCall(method: string, body: Record<string, any>): unknown {
    switch (method) {
      case 'CreateCacheEntry': {
        if (caches.some((c) => c.key === body.key && c.version === body.version)) {
          throw new HttpError(409, 'already_exists', `cache entry ${body.key} already exists`);
        }
        const id = nextId++;
        caches.push({ id, key: body.key, version: body.version, service: 'v2', committed: false, bytes: Buffer.alloc(0) });
        return { ok: true, signed_upload_url: signedUrl(`caches/${id}`) };
      }
      case 'FinalizeCacheEntryUpload': {
        const entry = caches.find((c) => c.key === body.key && c.version === body.version && !c.committed);
        const bytes = entry && blobs.get(`caches/${entry.id}`)?.bytes;
        if (!entry || !bytes) return { ok: false, message: `no upload for cache entry ${body.key}` };
        if (String(bytes.length) !== String(body.size_bytes)) return { ok: false, message: `size ${body.size_bytes} != ${bytes.length}` };
        Object.assign(entry, { bytes, committed: true });
        return { ok: true, entry_id: String(entry.id) };
      }
      case 'GetCacheEntryDownloadURL': {
        const entry = findCache([body.key, ...(body.restore_keys ?? [])], body.version);
        if (!entry) return { ok: false };
        return { ok: true, signed_download_url: signedUrl(`caches/${entry.id}`), matched_key: entry.key };
      }
      default:
        throw new HttpError(404, 'bad_route', `no method ${method}`);
    }
  }

  async function cacheV1(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    const byId = /^caches\/(\d+)$/.exec(path);
    const entry = byId ? caches.find((c) => c.id === Number(byId[1]) && c.service === 'v1') : undefined;
    if (req.method === 'GET' && path === 'cache') {
      const found = findCache((query.get('keys') ?? '').split(','), query.get('version') ?? '');
      if (!found) return void res.writeHead(204).end();
      return sendJson(res, 200, {
        result: 'hit', cacheKey: found.key, cacheVersion: found.version, scope: 'refs/heads/main',
        creationTime: new Date().toISOString(), archiveLocation: `${url}${CACHE_V1}artifacts/${found.id}`,
      });
    }
    if (req.method === 'GET' && path === 'caches') {
      const matching = caches.filter((c) => c.key === query.get('key'));
      return sendJson(res, 200, { totalCount: matching.length, artifactCaches: matching.map((c) => ({ cacheKey: c.key, cacheVersion: c.version })) });
    }
    if (req.method === 'POST' && path === 'caches') {
      const body = JSON.parse((await readBody(req)).toString() || '{}');
      if (!body.key || !body.version) throw new HttpError(400, 'invalid_argument', 'key and version are required');
      if (caches.some((c) => c.key === body.key && c.version === body.version)) {
        throw new HttpError(409, 'already_exists', `Cache already exists. Scope: refs/heads/main, Key: ${body.key}, Version: ${body.version}`);
      }
      const id = nextId++;
      caches.push({ id, key: body.key, version: body.version, service: 'v1', committed: false, bytes: Buffer.alloc(0) });
      return sendJson(res, 201, { cacheId: id });
    }
    if (req.method === 'PATCH' && entry && !entry.committed) {
      const range = /^bytes (\d+)-(\d+)\/\*$/.exec(req.headers['content-range'] ?? '');
      if (!range) throw new HttpError(400, 'invalid_argument', `bad Content-Range ${req.headers['content-range']}`);
      const chunk = await readBody(req);
      const start = Number(range[1]);
      if (Number(range[2]) - start + 1 !== chunk.length) throw new HttpError(400, 'invalid_argument', 'Content-Range does not match the body length');
      const grown = Buffer.alloc(Math.max(entry.bytes.length, start + chunk.length));
      entry.bytes.copy(grown);
      chunk.copy(grown, start);
      entry.bytes = grown;
      return void res.writeHead(204).end();
    }
    if (req.method === 'POST' && entry && !entry.committed) {
      const body = JSON.parse((await readBody(req)).toString() || '{}');
      if (body.size !== entry.bytes.length) throw new HttpError(400, 'invalid_argument', `size ${body.size} != ${entry.bytes.length} uploaded`);
      entry.committed = true;
      return void res.writeHead(204).end();
    }
    const archive = /^artifacts\/(\d+)$/.exec(path);
    const stored = archive && caches.find((c) => c.id === Number(archive[1]) && c.committed);
    if (req.method === 'GET' && stored) {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': stored.bytes.length });
      return void res.end(stored.bytes);
    }
    throw new HttpError(404, 'not_found', `no cache route ${req.method} ${path}`);
  }

  /** The Azure Blob operations @azure/storage-blob uses for signed-URL uploads and downloads. */
  async function blobStore(req: IncomingMessage, res: ServerResponse, blobPath: string, query: URLSearchParams): Promise<void> {
    if (query.get('sig') !== signature) {
      res.writeHead(403, { 'Content-Type': 'application/xml', 'x-ms-error-code': 'AuthenticationFailed' });
      return void res.end('<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>bad signature</Message></Error>');
    }
    const comp = query.get('comp');
    const contentType = String(req.headers['x-ms-blob-content-type'] ?? 'application/octet-stream');
    if (req.method === 'PUT' && comp === 'block') {
      const staged = blocks.get(blobPath) ?? new Map<string, Buffer>();
      staged.set(query.get('blockid') ?? '', await readBody(req));
      blocks.set(blobPath, staged);
      return void res.writeHead(201, blobHeaders({ 'Content-Length': '0' })).end();
    }
    if (req.method === 'PUT' && comp === 'blocklist') {
      const xml = (await readBody(req)).toString();
      const ids = [...xml.matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\//g)].map((m) => m[1]!);
      const staged = blocks.get(blobPath) ?? new Map<string, Buffer>();
      const missing = ids.filter((id) => !staged.has(id));
      if (missing.length > 0) {
        res.writeHead(400, { 'Content-Type': 'application/xml', 'x-ms-error-code': 'InvalidBlockList' });
        return void res.end('<?xml version="1.0" encoding="utf-8"?><Error><Code>InvalidBlockList</Code><Message>unknown block</Message></Error>');
      }
      blobs.set(blobPath, { bytes: Buffer.concat(ids.map((id) => staged.get(id)!)), contentType });
      blocks.delete(blobPath);
      return void res.writeHead(201, blobHeaders({ 'Content-Length': '0' })).end();
    }
    if (req.method === 'PUT' && !comp) {
      blobs.set(blobPath, { bytes: await readBody(req), contentType });
      return void res.writeHead(201, blobHeaders({ 'Content-Length': '0' })).end();
    }
    const blob = blobs.get(blobPath);
    if ((req.method === 'GET' || req.method === 'HEAD') && blob) {
      const headers = { 'Content-Type': blob.contentType, 'Content-Length': String(blob.bytes.length), 'x-ms-blob-type': 'BlockBlob' };
      res.writeHead(200, blobHeaders(headers));
      return void res.end(req.method === 'GET' ? blob.bytes : undefined);
    }
    res.writeHead(404, { 'Content-Type': 'application/xml', 'x-ms-error-code': 'BlobNotFound' });
    res.end('<?xml version="1.0" encoding="utf-8"?><Error><Code>BlobNotFound</Code><Message>no such blob</Message></Error>');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = target.pathname;
    log.push(`${req.method} ${path}`);
    if (path.startsWith(BLOB)) return blobStore(req, res, path.slice(BLOB.length), target.searchParams);
    // The v1 archive location is a pre-authorized URL: @actions/cache fetches it without the bearer token.
    if (path.startsWith(`${CACHE_V1}artifacts/`)) return cacheV1(req, res, path.slice(CACHE_V1.length), target.searchParams);
    requireToken(req);
    if (path.startsWith(CACHE_V1)) return cacheV1(req, res, path.slice(CACHE_V1.length), target.searchParams);
    const twirp = path.startsWith(ARTIFACT_SERVICE) ? artifactCall : path.startsWith(CACHE_SERVICE) ? cacheCall : undefined;
    if (!twirp || req.method !== 'POST') throw new HttpError(404, 'bad_route', `no route ${req.method} ${path}`);
    const body = JSON.parse((await readBody(req)).toString() || '{}');
    const method = path.slice(path.lastIndexOf('/') + 1);
    const refused = act && twirp === artifactCall ? actRejects(method, body) : undefined;
    if (refused) return void res.writeHead(refused, { 'Content-Length': '0' }).end(); // act's ctx.Error: a status, no body
    sendJson(res, 200, twirp(method, body));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const code = error instanceof HttpError ? error.code : 'internal';
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) sendJson(res, status, { code, msg: message, message });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const env: Record<string, string> = {
    ACTIONS_RUNTIME_TOKEN: token,
    ACTIONS_RESULTS_URL: `${url}/`,
    ACTIONS_CACHE_URL: `${url}/`,
    GITHUB_SERVER_URL: 'https://github.com',
  };
  if (options.cacheService === 'v2' && !act) env.ACTIONS_CACHE_SERVICE_V2 = 'true';
  if (act) env.ACTIONS_RUNTIME_URL = `${url}/`;

  return {
    url,
    env,
    artifacts: () => artifacts.filter((a) => a.finalized),
    caches: () => caches.filter((c) => c.committed),
    requests: () => [...log],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
