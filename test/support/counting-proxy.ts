import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy saw for one request. */
export interface SeenRequest {
  method: string;
  url: string;
  status: number;
  /** Request body bytes the client sent (upload bytes for blob PUTs). */
  bytesIn: number;
  authorization?: string;
  range?: string;
}

/** A made-up answer the proxy gives instead of forwarding (to simulate a registry's quirk). */
export interface FakeAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface ProxyHooks {
  /** Answer instead of the registry, `'drop'` to cut the connection, or undefined to forward. */
  intercept?: (req: http.IncomingMessage) => FakeAnswer | 'drop' | undefined;
  /** Change the status the registry answered (e.g. Artifactory's 403 for 404 on HEAD). */
  rewriteStatus?: (req: http.IncomingMessage, status: number) => number;
  /** Extra headers on the registry's answer (e.g. OCI-Tag, as a registry that does multi-tag PUT sends). */
  addResponseHeaders?: (req: http.IncomingMessage, status: number) => Record<string, string> | undefined;
  /** Cut the connection after this many bytes of the registry's answer body (simulates a dropped download). */
  truncateResponseAt?: (req: http.IncomingMessage) => number | undefined;
  /** Called for every request body chunk forwarded; return `'drop'` to cut the connection mid-upload. */
  onBodyChunk?: (req: http.IncomingMessage, bytesSoFar: number) => 'drop' | undefined;
  /** Removes the Authorization header before forwarding (when the proxy plays the auth itself). */
  stripAuthorization?: boolean;
}

/**
 * A loopback HTTP proxy in front of a registry: forwards everything (Host header kept, so the
 * registry's Location URLs point back at the proxy), counts requests and bytes, and can fake answers.
 */
export class CountingProxy {
  readonly seen: SeenRequest[] = [];
  hooks: ProxyHooks = {};
  private server: http.Server | undefined;
  private readonly sockets = new Set<import('node:net').Socket>();

  constructor(private readonly target: string /* host:port */) {}

  get address(): string {
    const a = this.server!.address() as AddressInfo;
    return `127.0.0.1:${a.port}`;
  }

  async start(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  reset(): void {
    this.seen.length = 0;
  }

  /** Bytes of blob uploads (PUT/PATCH under /blobs/uploads/). */
  blobBytes(): number {
    return this.seen.filter((r) => /\/blobs\/uploads\//.test(r.url) && (r.method === 'PUT' || r.method === 'PATCH')).reduce((n, r) => n + r.bytesIn, 0);
  }

  count(method: string, pattern: RegExp): number {
    return this.seen.filter((r) => r.method === method && pattern.test(r.url)).length;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const record: SeenRequest = { method: req.method ?? '', url: req.url ?? '', status: 0, bytesIn: 0, ...(req.headers.authorization && { authorization: req.headers.authorization }), ...(req.headers.range && { range: req.headers.range }) };
    this.seen.push(record);
    const fake = this.hooks.intercept?.(req);
    if (fake === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fake) {
      req.resume();
      req.on('end', () => {
        record.status = fake.status;
        res.writeHead(fake.status, { 'Content-Length': String(Buffer.byteLength(fake.body ?? '')), ...fake.headers });
        res.end(fake.body ?? '');
      });
      return;
    }
    const [host, port] = this.target.split(':');
    const headers = { ...req.headers };
    if (this.hooks.stripAuthorization) delete headers.authorization;
    const upstream = http.request({ host, port: Number(port), method: req.method, path: req.url, headers }, (up) => {
      const status = this.hooks.rewriteStatus?.(req, up.statusCode ?? 502) ?? up.statusCode ?? 502;
      record.status = status;
      res.writeHead(status, { ...up.headers, ...this.hooks.addResponseHeaders?.(req, status) });
      const cutAt = this.hooks.truncateResponseAt?.(req);
      if (cutAt === undefined) {
        up.pipe(res);
        return;
      }
      let sent = 0;
      up.on('data', (chunk: Buffer) => {
        if (sent + chunk.length >= cutAt) {
          res.write(chunk.subarray(0, cutAt - sent));
          up.destroy();
          res.socket?.destroy();
          return;
        }
        sent += chunk.length;
        res.write(chunk);
      });
      up.on('end', () => res.end());
    });
    upstream.on('error', () => {
      record.status = 502;
      if (!res.headersSent) res.writeHead(502, { 'Content-Length': '0' });
      res.end();
    });
    req.on('data', (chunk: Buffer) => {
      record.bytesIn += chunk.length;
      if (this.hooks.onBodyChunk?.(req, record.bytesIn) === 'drop') {
        upstream.destroy();
        req.socket.destroy();
      }
    });
    req.pipe(upstream);
  }
}
