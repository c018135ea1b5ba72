import * as http from 'node:http';
import * as https from 'node:https';
import type { Readable } from 'node:stream';

/** A request body: a buffer, or a stream factory (called once per attempt) with its exact length. */
export type RequestBody = Buffer | { length: number; open: () => Readable; onBytes?: (n: number) => void };

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  stream: http.IncomingMessage;
}

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 16 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 16 }),
};

const IDLE_TIMEOUT_MS = 60_000;

/** Hosts Docker talks plain HTTP to without being told: localhost, 127.0.0.0/8, ::1. */
export function isLoopbackHost(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

/** Sends one HTTP request; resolves when the response head arrives. Status codes are not errors here. */
export function sendRaw(method: string, url: URL, headers: Record<string, string>, body?: RequestBody): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const isHttps = url.protocol === 'https:';
    const outgoing: Record<string, string> = { ...headers };
    if (body !== undefined) outgoing['Content-Length'] = String(body.length);
    const req = (isHttps ? https : http).request(url, { method, headers: outgoing, agent: isHttps ? agents.https : agents.http });
    req.setTimeout(IDLE_TIMEOUT_MS, () => req.destroy(Object.assign(new Error(`${method} ${url.host}: no data for ${IDLE_TIMEOUT_MS / 1000}s`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.on('response', (res) => {
      res.on('error', () => {}); // surfaced to whoever reads the stream
      resolve({ status: res.statusCode ?? 0, headers: res.headers, stream: res });
    });
    if (body === undefined) {
      req.end();
    } else if (Buffer.isBuffer(body)) {
      req.end(body);
    } else {
      const source = body.open();
      source.on('error', (err) => req.destroy(err));
      if (body.onBytes) source.on('data', (chunk: Buffer) => body.onBytes!(chunk.length));
      req.on('close', () => source.destroy());
      source.pipe(req);
    }
  });
}

export async function readBody(res: RawResponse, limit = 16 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res.stream) {
    total += (chunk as Buffer).length;
    if (total > limit) {
      res.stream.destroy();
      throw new Error(`response body over ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Reads and discards a response body so the connection can be reused; returns it as text (bounded). */
export async function drainText(res: RawResponse): Promise<string> {
  try {
    return (await readBody(res, 1024 * 1024)).toString('utf8');
  } catch {
    return '';
  }
}

export function headerValue(res: RawResponse, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
