import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullScope, pushScope } from '../../src/registry/auth.js';
import { RegistryClient, RegistryError } from '../../src/registry/index.js';
import { mountSources } from '../../src/registry/push.js';

describe('scopes', () => {
  it('lists push before pull and keeps only same-registry mount sources', () => {
    expect(pushScope('a/b')).toBe('repository:a/b:push,pull');
    expect(pullScope('a/b')).toBe('repository:a/b:pull');
    expect(mountSources('127.0.0.1:5000', 'app/web', ['shipshape/base', '127.0.0.1:5000/lib/x', 'docker.io/library/node', 'ghcr.io/o/r', 'app/web', 'Shipshape/Base'])).toEqual(['shipshape/base', 'lib/x']);
    expect(mountSources('ghcr.io', 'o/app', ['ghcr.io/o/base', 'localhost/x'])).toEqual(['o/base']);
  });
});

/** A fake token-auth registry: records token requests and can expire the tokens it issued. */
let server: http.Server;
let host: string;
const tokenRequests: string[][] = [];
let tokenGeneration = 0;
let failNext: number[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/token' && req.method === 'POST') {
      // OAuth2 grants (form-encoded); this server only does them for the user "oauth-user".
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        tokenRequests.push([`POST ${form.get('grant_type')}`, ...(form.get('scope') ?? '').split(' ')]);
        const ok = (form.get('grant_type') === 'password' && form.get('username') === 'oauth-user' && form.get('password') === 'right-password') || (form.get('grant_type') === 'refresh_token' && form.get('refresh_token') === 'identity-token');
        res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' }).end(ok ? JSON.stringify({ access_token: `tok-${tokenGeneration}-oauth` }) : '{}');
      });
      return;
    }
    if (url.pathname === '/token') {
      tokenRequests.push(url.searchParams.getAll('scope'));
      const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      if (basic.startsWith('oauth-user:')) {
        res.writeHead(405, { 'Content-Length': '0' }).end();
        return;
      }
      if (basic !== 'user:right-password') {
        res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"details":"bad credentials"}');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: `tok-${tokenGeneration}-${url.searchParams.getAll('scope').join('+')}`, expires_in: 300 }));
      return;
    }
    const status = failNext.shift();
    if (status) {
      res.writeHead(status, { 'Retry-After': '0', 'Content-Length': '0' }).end();
      return;
    }
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith(`Bearer tok-${tokenGeneration}-`)) {
      const repo = url.pathname.split('/').slice(2, -2).join('/');
      res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://${host}/token",service="fake",scope="repository:${repo}:pull"`, 'Content-Length': '0' }).end();
      return;
    }
    res.writeHead(url.pathname.includes('missing') ? 404 : 200, { 'Content-Length': '0', 'Docker-Content-Digest': `sha256:${'a'.repeat(64)}`, 'Content-Type': 'application/vnd.oci.image.index.v1+json' }).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('Bearer auth against a fake registry', () => {
  it('gets one token per scope set, reuses it, and refreshes it after a 401', async () => {
    tokenRequests.length = 0;
    const masked: string[] = [];
    const client = new RegistryClient(host, { credentials: { username: 'user', password: 'right-password' }, mask: (s) => masked.push(s) });
    await Promise.all([client.blobExists('a/b', `sha256:${'1'.repeat(64)}`), client.blobExists('a/b', `sha256:${'2'.repeat(64)}`), client.headManifest('a/b', 'v1')]);
    expect(tokenRequests).toEqual([['repository:a/b:pull']]);
    await client.blobExists('c/d', `sha256:${'1'.repeat(64)}`);
    expect(tokenRequests).toHaveLength(2);
    expect(tokenRequests[1]).toEqual(['repository:c/d:pull']);
    // The server revokes its tokens: the client sees a 401, drops its cached token and gets a new one.
    tokenGeneration++;
    expect(await client.blobExists('a/b', `sha256:${'1'.repeat(64)}`)).toBe(true);
    expect(tokenRequests).toHaveLength(3);
    expect(masked).toContain('right-password');
    expect(masked.some((m) => m.startsWith('tok-'))).toBe(true);
    expect(await client.headManifest('a/b', 'missing')).toBeUndefined();
  });

  it('falls back to the OAuth2 password grant when the token server does not do GET, and uses identity tokens', async () => {
    tokenRequests.length = 0;
    const oauth = new RegistryClient(host, { credentials: { username: 'oauth-user', password: 'right-password' } });
    expect(await oauth.blobExists('e/f', `sha256:${'1'.repeat(64)}`)).toBe(true);
    expect(tokenRequests).toEqual([['repository:e/f:pull'], ['POST password', 'repository:e/f:pull']]);
    tokenRequests.length = 0;
    const identity = new RegistryClient(host, { credentials: { username: '<token>', password: 'identity-token' } });
    expect(await identity.blobExists('e/f', `sha256:${'1'.repeat(64)}`)).toBe(true);
    expect(tokenRequests).toEqual([['POST refresh_token', 'repository:e/f:pull']]);
  });

  it('retries 503 and 429 with Retry-After, then succeeds', async () => {
    const lines: string[] = [];
    const client = new RegistryClient(host, { credentials: { username: 'user', password: 'right-password' }, retry: { attempts: 4, baseDelayMs: 5 }, logger: { info: (m) => lines.push(m), warning() {}, debug() {} } });
    await client.blobExists('a/b', `sha256:${'1'.repeat(64)}`);
    failNext = [503, 429];
    expect(await client.blobExists('a/b', `sha256:${'1'.repeat(64)}`)).toBe(true);
    expect(lines.filter((l) => l.includes('retry'))).toHaveLength(2);
    failNext = [503, 503, 503, 503];
    await expect(client.blobExists('a/b', `sha256:${'1'.repeat(64)}`)).rejects.toThrow(/answered 503/);
    failNext = [];
  });

  it('names the registry and the inputs when the token server refuses the credentials', async () => {
    const client = new RegistryClient(host, { credentials: { username: 'user', password: 'wrong-password' }, retry: { attempts: 1, baseDelayMs: 1 } });
    const err = (await client.headManifest('a/b', 'v1').catch((e: unknown) => e)) as RegistryError;
    expect(err).toBeInstanceOf(RegistryError);
    expect(err.message).toContain(`registry ${host}`);
    expect(err.message).toContain('registry-username and registry-password');
    expect(err.message).not.toContain('wrong-password');
  });

  it('says no credentials were found when anonymous access is refused', async () => {
    const client = new RegistryClient(host, { dockerConfigPath: '/nonexistent/config.json', retry: { attempts: 1, baseDelayMs: 1 } });
    await expect(client.headManifest('a/b', 'v1')).rejects.toThrow(/no credentials were found: set the inputs registry-username and registry-password .*docker\/login-action/);
  });

  it('uses HTTPS for hosts that are neither loopback nor listed insecure', () => {
    expect(new RegistryClient('ghcr.io').session.baseUrl.protocol).toBe('https:');
    expect(new RegistryClient('docker.io').session.baseUrl.host).toBe('registry-1.docker.io');
    expect(new RegistryClient('localhost:5000').session.baseUrl.protocol).toBe('http:');
    expect(new RegistryClient('127.1.2.3:5000').session.baseUrl.protocol).toBe('http:');
    expect(new RegistryClient('[::1]:5000').session.baseUrl.protocol).toBe('http:');
    expect(new RegistryClient('reg.lan:5000', { insecure: ['reg.lan:5000'] }).session.baseUrl.protocol).toBe('http:');
    expect(new RegistryClient('reg.lan:5000', { insecure: ['other.lan'] }).session.baseUrl.protocol).toBe('https:');
  });
});
