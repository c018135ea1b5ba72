import * as http from 'node:http';
import * as https from 'node:https';
import type { Readable } from 'node:stream';
import { peerBounds, seconds } from '../bounds.js';

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

const timeoutError = (message: string) => Object.assign(new Error(message), { code: 'ETIMEDOUT' });

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
    const { waitMs } = peerBounds();
    const req = (isHttps ? https : http).request(url, { method, headers: outgoing, agent: isHttps ? agents.https : agents.http });
    // Silence (no byte either way) for one peer wait ends the attempt; so does a response head that has not
    // fully arrived one peer wait after the request was sent (a peer trickling bytes never goes silent).
    req.setTimeout(waitMs, () => req.destroy(timeoutError(`${method} ${url.host}${url.pathname}: no data for ${seconds(waitMs)}`)));
    let headTimer: NodeJS.Timeout | undefined;
    req.on('finish', () => {
      headTimer = setTimeout(() => req.destroy(timeoutError(`${method} ${url.host}${url.pathname}: no complete response head within ${seconds(waitMs)}`)), waitMs);
    });
    req.on('close', () => clearTimeout(headTimer));
    req.on('error', (e) => {
      clearTimeout(headTimer);
      reject(e);
    });
    req.on('response', (res) => {
      clearTimeout(headTimer);
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

/** A whole (manifest, token, error) body in memory: bounded in size, and in time (a registry's total bound). */
export async function readBody(res: RawResponse, limit = 16 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  const { registryTotalMs } = peerBounds();
  const timer = setTimeout(() => res.stream.destroy(timeoutError(`response body not complete within ${seconds(registryTotalMs)}`)), registryTotalMs);
  try {
    for await (const chunk of res.stream) {
      total += (chunk as Buffer).length;
      if (total > limit) {
        res.stream.destroy();
        throw new Error(`response body over ${limit} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
  } finally {
    clearTimeout(timer);
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
