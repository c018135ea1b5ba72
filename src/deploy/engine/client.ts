import * as http from 'node:http';
import type { Transport } from './transport.js';

/** An Engine API call failed: `status` is the HTTP status (0: no response — the transport failed, see `cause`). */
export class EngineError extends Error {
  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EngineError';
  }
}

/** 1.41 (Docker 20.10) added `platform` to container create, which pinning the pulled platform needs. */
const MIN_API = '1.41';
const MAX_API = '1.47';

function compareApi(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am !== bm ? am - bm : an - bn;
}

export interface EngineRequest {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface EngineResponse {
  status: number;
  body: Buffer;
}

/** Docker Engine API over any transport; one HTTP/1.1 request per dialled stream. */
export class EngineClient {
  private prefix = '';
  engineVersion = '';
  apiVersion = '';
  os = '';
  arch = '';

  constructor(readonly transport: Transport) {}

  /**
   * Negotiates the API version as the docker CLI does: the lower of the engine's and the newest this
   * client was written against (GET /version is version-less).
   */
  async connect(): Promise<this> {
    const v = await this.json<{ Version: string; ApiVersion: string; Os: string; Arch: string }>('GET', '/version');
    if (compareApi(v.ApiVersion, MIN_API) < 0) {
      throw new EngineError(200, `Docker Engine ${v.Version} speaks API ${v.ApiVersion}; shipshape needs API ${MIN_API} (Docker 20.10) or newer`);
    }
    this.engineVersion = v.Version;
    this.apiVersion = compareApi(v.ApiVersion, MAX_API) > 0 ? MAX_API : v.ApiVersion;
    this.os = v.Os;
    this.arch = v.Arch;
    this.prefix = `/v${this.apiVersion}`;
    return this;
  }

  async request(method: string, path: string, req: EngineRequest = {}): Promise<EngineResponse> {
    const qs = Object.entries(req.query ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    const fullPath = `${this.prefix}${path}${qs ? `?${qs}` : ''}`;
    let payload: Buffer | undefined;
    const headers: Record<string, string> = { Host: 'docker', Connection: 'close', ...req.headers };
    if (Buffer.isBuffer(req.body)) {
      payload = req.body;
      headers['Content-Type'] ??= 'application/x-tar';
    } else if (req.body !== undefined) {
      payload = Buffer.from(JSON.stringify(req.body));
      headers['Content-Type'] = 'application/json';
    }
    if (payload) headers['Content-Length'] = String(payload.length);
    const stream = await this.transport.dial();
    return new Promise<EngineResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        r.destroy(new Error(`Engine API ${method} ${path} timed out after ${req.timeoutMs} ms`));
      }, req.timeoutMs ?? 120000);
      const r = http.request(
        { method, path: fullPath, headers, createConnection: () => stream as never },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', fail);
          res.on('end', () => {
            clearTimeout(timer);
            stream.destroy();
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) });
          });
        },
      );
      function fail(e: Error) {
        clearTimeout(timer);
        stream.destroy();
        reject(new EngineError(0, `Engine API ${method} ${path} failed: ${e.message}`, { cause: e }));
      }
      r.on('error', fail);
      r.end(payload);
    });
  }

  /** Request that must succeed (2xx, or a status in `accept`); returns parsed JSON (undefined when empty). */
  async json<T = unknown>(method: string, path: string, req: EngineRequest & { accept?: number[] } = {}): Promise<T> {
    const res = await this.request(method, path, req);
    if ((res.status < 200 || res.status >= 300) && !req.accept?.includes(res.status)) {
      throw new EngineError(res.status, `Engine API ${method} ${path} → ${res.status}: ${engineMessage(res.body)}`);
    }
    const text = res.body.toString('utf8').trim();
    if (text === '' || res.status >= 300) return undefined as T;
    return JSON.parse(text) as T;
  }
}

export function engineMessage(body: Buffer): string {
  const text = body.toString('utf8').trim();
  try {
    const m = (JSON.parse(text) as { message?: string }).message;
    if (m) return m;
  } catch {
    // Not JSON (a proxy's HTML error page, plain text): the text itself is the message.
  }
  return text.slice(0, 500);
}

/** Splits Docker's multiplexed stdout/stderr stream (8-byte frame headers: type, 0,0,0, big-endian size). */
export function demux(buf: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const type = buf[i];
    const size = buf.readUInt32BE(i + 4);
    const frame = buf.subarray(i + 8, i + 8 + size);
    (type === 2 ? err : out).push(frame);
    i += 8 + size;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
