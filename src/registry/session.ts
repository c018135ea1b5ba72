import { peerText, type Logger } from '../log.js';
import { Authenticator, describeCredentialSource } from './auth.js';
import { RegistryError, describeErrorBody } from './errors.js';
import { drainText, headerValue, isLoopbackHost, sendRaw, type RawResponse, type RequestBody } from './http.js';
import { RetryableError, gaveUp, isRetryableStatus, parseRetryAfter, withRetry, type RetryPolicy } from './retry.js';

export interface SessionRequest {
  /** Names the operation in errors and logs, e.g. `HEAD blob sha256:…`. */
  operation: string;
  method: string;
  /** A path under the registry (`/v2/…`) or an absolute URL (upload locations, redirects). */
  path: string;
  scopes: string[];
  headers?: Record<string, string>;
  body?: RequestBody;
  /** Statuses returned to the caller instead of being turned into errors (2xx always are). */
  accept?: number[];
}

/** Authenticated, retried requests against one registry. */
export class RegistrySession {
  readonly baseUrl: URL;

  constructor(
    readonly registry: string,
    readonly host: string,
    insecure: string[],
    readonly auth: Authenticator,
    readonly logger: Logger,
    readonly retry: RetryPolicy,
    readonly userAgent: string,
  ) {
    const plain = isLoopbackHost(host) || insecure.some((h) => h.toLowerCase() === host.toLowerCase());
    this.baseUrl = new URL(`${plain ? 'http' : 'https'}://${host}`);
  }

  url(path: string): URL {
    return new URL(path, this.baseUrl);
  }

  /** One request with retries on network errors, 429 and 5xx; a body factory is reopened per attempt. */
  request(req: SessionRequest): Promise<RawResponse> {
    return this.retrying(req.operation, () => this.attempt(req));
  }

  /** Runs `fn` under the retry policy; what still fails becomes a RegistryError naming the operation. */
  async retrying<T>(operation: string, fn: (attempt: number) => Promise<T>): Promise<T> {
    try {
      return await withRetry(this.retry, fn, (err, attempt, delay) =>
        this.logger.info(`registry ${this.registry}: ${operation}: ${peerText(err.message, 500)}; retry ${attempt}/${this.retry.attempts - 1} in ${(delay / 1000).toFixed(1)}s`),
      );
    } catch (err) {
      if (err instanceof RegistryError) throw err;
      throw new RegistryError(this.registry, operation, gaveUp(err), { cause: err });
    }
  }

  /**
   * `GET /v2/` once to learn how the registry authenticates, so concurrent requests that follow
   * authenticate up front instead of each collecting a 401 first.
   */
  async ping(): Promise<void> {
    if (this.auth.knowsChallenge) return;
    const res = await this.retrying('GET /v2/ (ping)', async () => {
      const r = await sendRaw('GET', this.url('/v2/'), { 'User-Agent': this.userAgent });
      if (isRetryableStatus(r.status)) {
        await drainText(r);
        throw new RetryableError(`GET /v2/ answered ${r.status}`, parseRetryAfter(headerValue(r, 'retry-after')));
      }
      return r;
    });
    await drainText(res);
    if (res.status === 401) this.auth.learn(res.headers['www-authenticate']);
  }

  /** One attempt, answering at most one auth challenge. Does not retry by itself. */
  async attempt(req: SessionRequest): Promise<RawResponse> {
    const url = this.url(req.path);
    const headers: Record<string, string> = { 'User-Agent': this.userAgent, ...req.headers };
    const sameHost = url.host === this.baseUrl.host;
    const authorization = sameHost ? await this.auth.header(req.scopes) : undefined;
    if (authorization) headers.Authorization = authorization;
    let res = await sendRaw(req.method, url, headers, req.body);
    if (res.status === 401 && sameHost) {
      await drainText(res);
      const retryWith = await this.auth.onUnauthorized(res.headers['www-authenticate'], req.scopes, authorization);
      if (retryWith && retryWith !== authorization) {
        res = await sendRaw(req.method, url, { ...headers, Authorization: retryWith }, req.body);
      } else if (!retryWith) {
        const { source } = await this.auth.credentials();
        throw new RegistryError(this.registry, req.operation, `authentication required (401); ${describeCredentialSource(source)}`, { status: 401 });
      }
    }
    return this.check(req, res);
  }

  private async check(req: SessionRequest, res: RawResponse): Promise<RawResponse> {
    if ((res.status >= 200 && res.status < 300) || req.accept?.includes(res.status)) return res;
    const text = this.auth.scrub(await drainText(res));
    if (isRetryableStatus(res.status)) {
      throw new RetryableError(`answered ${res.status}`, parseRetryAfter(headerValue(res, 'retry-after')));
    }
    const { code, text: detail } = describeErrorBody(text);
    let message = `answered ${res.status}${detail ? ` (${detail})` : ''}`;
    if (res.status === 401 || res.status === 403) {
      const { source } = await this.auth.credentials();
      message = `${res.status === 401 ? 'authentication failed' : 'access denied'} (${res.status}${detail ? `: ${detail}` : ''}); ${describeCredentialSource(source)}`;
    }
    throw new RegistryError(this.registry, req.operation, message, { status: res.status, ...(code !== undefined && { code }) });
  }
}
