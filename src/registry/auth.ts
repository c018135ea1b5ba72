import type { Logger, Masker } from '../log.js';
import { parseChallenges, pickChallenge, type Challenge } from './challenge.js';
import type { CredentialSource, Credentials } from './credentials.js';
import { scrubText } from '../secret-forms.js';
import { RegistryError, describeErrorBody } from './errors.js';
import { drainText, readBody, sendRaw } from './http.js';
import { RetryableError, gaveUp, isRetryableStatus, parseRetryAfter, withRetry, type RetryPolicy } from './retry.js';

/** Scope strings per the Docker token spec. Push scope first: some token servers grant only the first. */
export const pullScope = (repository: string) => `repository:${repository}:pull`;
export const pushScope = (repository: string) => `repository:${repository}:push,pull`;

export interface ResolvedCredentials {
  credentials?: Credentials;
  source: CredentialSource;
}

/** Tells the user which knob to turn when a registry refuses the credentials. */
export function describeCredentialSource(source: CredentialSource): string {
  switch (source.kind) {
    case 'inputs':
      return 'check the inputs registry-username and registry-password';
    case 'docker-config':
      return `the credentials came from ${source.path} (${source.via}); set the inputs registry-username and registry-password or log in again`;
    case 'anonymous':
      return 'no credentials were found: set the inputs registry-username and registry-password (they serve the image\'s registry), or log in before this step (docker/login-action writes ~/.docker/config.json, which serves any registry)';
  }
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

/**
 * Answers Basic and Bearer challenges. The challenge is learned from the first 401 and reused, so later
 * requests authenticate up front; tokens are cached per scope set and dropped on a 401.
 */
export class Authenticator {
  private challenge: Challenge | undefined;
  private readonly tokens = new Map<string, CachedToken>();
  /** Token requests under way, so concurrent requests with the same scopes share one. */
  private readonly pending = new Map<string, Promise<string>>();
  private resolved: Promise<ResolvedCredentials> | undefined;
  /** Every secret this authenticator has sent (password, `user:password`, tokens): scrubbed from any peer text it repeats. */
  private readonly sent: string[] = [];

  constructor(
    private readonly registry: string,
    private readonly resolveCredentials: () => Promise<ResolvedCredentials>,
    private readonly logger: Logger,
    private readonly mask: Masker,
    private readonly retry: RetryPolicy,
    private readonly userAgent: string,
  ) {}

  credentials(): Promise<ResolvedCredentials> {
    this.resolved ??= this.resolveCredentials().then((r) => {
      if (r.credentials) {
        this.remember(r.credentials.password);
        this.remember(`${r.credentials.username}:${r.credentials.password}`);
      }
      return r;
    });
    return this.resolved;
  }

  private remember(secret: string): void {
    this.sent.push(secret);
    this.mask(secret);
  }

  /** Peer text (an error body) with every form of every secret this authenticator sent replaced by `***`. */
  scrub(text: string): string {
    return scrubText(text, this.sent);
  }

  /** The Authorization header for a request with these scopes, if a challenge is known. */
  async header(scopes: string[], challenge = this.challenge): Promise<string | undefined> {
    if (!challenge) return undefined;
    if (challenge.scheme === 'basic') {
      const { credentials } = await this.credentials();
      return credentials ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` : undefined;
    }
    const key = scopes.join(' ');
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > Date.now()) return `Bearer ${cached.token}`;
    let pending = this.pending.get(key);
    if (!pending) {
      pending = this.fetchToken(challenge, scopes).finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return `Bearer ${await pending}`;
  }

  get knowsChallenge(): boolean {
    return this.challenge !== undefined;
  }

  /** Records the challenge of a 401 without fetching anything (from the /v2/ ping). */
  learn(wwwAuthenticate: string | string[] | undefined): void {
    this.challenge ??= pickChallenge(parseChallenges(wwwAuthenticate));
  }

  /**
   * Learns the challenge of a 401 and drops the token the refused request carried (not a newer one a
   * concurrent request already fetched); returns the header to retry with.
   */
  async onUnauthorized(wwwAuthenticate: string | string[] | undefined, scopes: string[], refused: string | undefined): Promise<string | undefined> {
    const challenge = pickChallenge(parseChallenges(wwwAuthenticate));
    if (!challenge) return undefined;
    this.challenge = challenge;
    const key = scopes.join(' ');
    if (refused !== undefined && refused === `Bearer ${this.tokens.get(key)?.token}`) this.tokens.delete(key);
    // Our scopes already name what the request needs; the challenge's scope only helps when we had none.
    const wanted = scopes.length > 0 ? scopes : (challenge.params.scope?.split(' ').filter(Boolean) ?? []);
    return this.header(wanted, challenge);
  }

  private async fetchToken(challenge: Challenge, scopes: string[]): Promise<string> {
    const realm = challenge.params.realm;
    if (!realm) throw new RegistryError(this.registry, 'authenticate', 'the Bearer challenge has no realm');
    const { credentials, source } = await this.credentials();
    const url = new URL(realm);
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    for (const scope of scopes) url.searchParams.append('scope', scope);
    const identityToken = credentials?.username === '<token>' ? credentials.password : undefined;
    const form = (grant: Record<string, string>) =>
      Buffer.from(new URLSearchParams({ ...grant, client_id: 'shipshape', service: challenge.params.service ?? '', scope: scopes.join(' ') }).toString());
    const formHeaders = { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': this.userAgent };
    // GET with Basic credentials (Docker token spec); an identity token uses the OAuth2 refresh-token grant, as
    // Docker does; a server that does not do GET (404/405) gets the OAuth2 password grant.
    let grant: 'get' | 'refresh_token' | 'password' = identityToken ? 'refresh_token' : 'get';
    const body = await withRetry(this.retry, async () => {
      for (;;) {
        let res;
        if (grant === 'refresh_token') {
          res = await sendRaw('POST', new URL(realm), formHeaders, form({ grant_type: 'refresh_token', refresh_token: identityToken! }));
        } else if (grant === 'password') {
          res = await sendRaw('POST', new URL(realm), formHeaders, form({ grant_type: 'password', username: credentials!.username, password: credentials!.password }));
        } else {
          const headers: Record<string, string> = { 'User-Agent': this.userAgent };
          if (credentials) headers.Authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
          res = await sendRaw('GET', url, headers);
        }
        if (res.status === 200) return readBody(res);
        const text = await drainText(res);
        if (grant === 'get' && credentials && (res.status === 404 || res.status === 405)) {
          grant = 'password';
          continue;
        }
        if (isRetryableStatus(res.status)) throw new RetryableError(`token server ${url.host} answered ${res.status}`, parseRetryAfter(res.headers['retry-after'] as string | undefined));
        const detail = describeErrorBody(this.scrub(text)).text;
        if (res.status === 401 || res.status === 403) {
          throw new RegistryError(this.registry, 'authenticate', `the token server ${url.host} refused the credentials (${res.status}${detail ? `: ${detail}` : ''}); ${describeCredentialSource(source)}`, { status: res.status });
        }
        throw new RegistryError(this.registry, 'authenticate', `the token server ${url.host} answered ${res.status}${detail ? `: ${detail}` : ''}`, { status: res.status });
      }
    }).catch((err: unknown) => {
      if (err instanceof RegistryError) throw err;
      throw new RegistryError(this.registry, 'authenticate', `the token server ${url.host}: ${this.scrub(gaveUp(err, `the token server ${url.host}`))}`, { cause: err });
    });
    let parsed: { token?: string; access_token?: string; refresh_token?: string; expires_in?: number };
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new RegistryError(this.registry, 'authenticate', `the token server ${url.host} did not answer JSON`);
    }
    const token = parsed.token ?? parsed.access_token;
    if (!token) throw new RegistryError(this.registry, 'authenticate', `the token server ${url.host} answered without a token`);
    this.remember(token);
    if (parsed.refresh_token) this.remember(parsed.refresh_token);
    const lifetimeMs = Math.max(30, parsed.expires_in ?? 60) * 1000;
    // Refresh a little early so a long upload does not start with a token about to expire.
    this.tokens.set(scopes.join(' '), { token, expiresAt: Date.now() + lifetimeMs - 10_000 });
    this.logger.debug(`registry ${this.registry}: got a token for ${scopes.join(' ')}`);
    return token;
  }
}
