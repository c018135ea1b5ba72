// Hostile inputs and hostile peers, each through dist/index.js: no injection into commands, configs or the log,
// no credential echoed anywhere, a clear error naming the input or peer, and the record finalized by main.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultyProxy } from '../support/fault-listeners.js';
import { run } from '../support/process.js';
import { runAction, type ActionRun } from '../support/run-action.js';
import { commandLines, expectCleanFailure } from '../support/step-failure.js';
import { testbed, type Testbed } from '../support/testbed.js';

let tb: Testbed;
let work: string;
const closers: (() => Promise<void>)[] = [];
const NO_DIGEST = `@sha256:${'0'.repeat(64)}`;

beforeAll(async () => {
  tb = testbed();
  work = await mkdtemp(path.join(os.tmpdir(), 'i10-hardening-'));
});
afterAll(async () => {
  await Promise.all(closers.map((c) => c().catch(() => {})));
  await rm(work, { recursive: true, force: true });
});

/** A fresh context directory holding `files` (name → content). */
function context(name: string, files: Record<string, string> = { 'index.html': 'i10\n' }): string {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, content] of Object.entries(files)) writeFileSync(path.join(dir, f), content);
  return dir;
}

const buildOnly = (ctx: string, over: Record<string, string> = {}) => ({
  context: ctx,
  image: `${tb.registries.anon}/i10-hardening/app`,
  platforms: 'linux/amd64',
  push: 'false',
  'cache-dir': path.join(work, 'cache'),
  'oci-layout': path.join(work, `${path.basename(ctx)}-layout`),
  ...over,
});

/** Log lines other than the masks themselves (a mask line necessarily holds what it masks). */
const logWithoutMasks = (r: ActionRun) => (r.stdout + r.stderr).split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');

describe.concurrent('hostile inputs', () => {
  it('1: docker-socket cannot run a command on the deploy host', async () => {
    const marker = path.join(work, 'pwned');
    const r = await runAction({
      entry: 'deploy',
      inputs: {
        image: `${tb.registries.anon}/i10-hardening/app${NO_DIGEST}`,
        'deploy-host': tb.ssh.url,
        'ssh-private-key': tb.ssh.privateKey,
        'ssh-known-hosts': tb.ssh.knownHosts,
        app: 'i10-socket',
        'docker-socket': `/run/x.sock; touch ${marker}; echo`,
      },
    });
    const { record } = expectCleanFailure(r, /Input 'docker-socket': "\/run\/x\.sock; touch .*" must be an absolute socket path/);
    expect(record.kind).toBe('deploy');
    expect(existsSync(marker)).toBe(false);
  });

  it('2: health-path cannot add a line to the proxy config or the probe request', async () => {
    const r = await runAction({
      entry: 'deploy',
      inputs: {
        image: `${tb.registries.anon}/i10-hardening/app${NO_DIGEST}`,
        'deploy-host': tb.ssh.url,
        'ssh-private-key': tb.ssh.privateKey,
        'ssh-known-hosts': tb.ssh.knownHosts,
        app: 'i10-health',
        'health-path': '/up\n    server evil 127.0.0.1:47111',
      },
    });
    expectCleanFailure(r, /Input 'health-path': "\/up\\n {4}server evil 127\.0\.0\.1:47111" must be a URL path/);
    expect((await run('docker', ['inspect', 'i10-health-proxy'])).code).not.toBe(0);
  });

  it('12: a short deploy-env value is not masked (it would star every "1" in the log); a long one is', async () => {
    const r = await runAction({
      entry: 'deploy',
      inputs: {
        image: `${tb.registries.anon}/i10-hardening/app${NO_DIGEST}`,
        'deploy-host': `unix://${path.join(work, 'no-engine.sock')}`,
        app: 'i10-mask',
        'deploy-env': 'PLAIN=1\nFLAG=on\nAPI_TOKEN=i10-long-secret-value',
      },
    });
    expectCleanFailure(r, /cannot connect to the Docker engine at unix:\/\/.*no-engine\.sock/);
    const masks = commandLines(r, '::add-mask::');
    expect(masks).toContain('::add-mask::i10-long-secret-value');
    expect(masks.filter((m) => /^::add-mask::(1|on)$/.test(m))).toEqual([]);
  });

  it('8: a FIFO as .dockerignore (or an ignore-file outside the context or a symlink) is refused, never read', async () => {
    const fifoCtx = context('fifo');
    execFileSync('mkfifo', [path.join(fifoCtx, '.dockerignore')]);
    const outside = context('outside');
    const linkCtx = context('link');
    symlinkSync(path.join(outside, 'index.html'), path.join(linkCtx, '.dockerignore'));
    const [fifo, escape, link] = await Promise.all([
      runAction({ inputs: buildOnly(fifoCtx), timeoutMs: 60_000 }),
      runAction({ inputs: buildOnly(outside, { 'ignore-file': '../fifo/.dockerignore' }), timeoutMs: 60_000 }),
      runAction({ inputs: buildOnly(linkCtx), timeoutMs: 60_000 }),
    ]);
    expectCleanFailure(fifo, /Input 'ignore-file': "\.dockerignore" is a FIFO, not a regular file/);
    expectCleanFailure(escape, /Input 'ignore-file': "\.\.\/fifo\/\.dockerignore" is not a file inside the context/);
    expectCleanFailure(link, /Input 'ignore-file': "\.dockerignore" is a symlink, not a regular file/);
  });

  it('9: file names that are not UTF-8 are refused, naming the file — never one silently lost', async () => {
    const ctx = context('names');
    const dir = Buffer.from(ctx + '/');
    writeFileSync(Buffer.concat([dir, Buffer.from([0x62, 0x61, 0x64, 0xff, 0x6e, 0x61, 0x6d, 0x65])]), 'one');
    writeFileSync(Buffer.concat([dir, Buffer.from('bad\uFFFDname')]), 'two');
    const lone = context('lone');
    writeFileSync(Buffer.concat([Buffer.from(lone + '/'), Buffer.from([0xff])]), 'three');
    const [both, single] = await Promise.all([runAction({ inputs: buildOnly(ctx) }), runAction({ inputs: buildOnly(lone) })]);
    expectCleanFailure(both, /the file name bad\\xffname in the context is not valid UTF-8; rename it/);
    expectCleanFailure(single, /the file name \\xff in the context is not valid UTF-8/);
  });

  it('10: oci-layout pointing at a folder of other files is refused and the files are kept', async () => {
    const ctx = context('layout-ctx');
    const r = await runAction({ inputs: buildOnly(ctx, { 'oci-layout': ctx }) });
    expectCleanFailure(r, /Input 'oci-layout': .* is neither empty nor an OCI image layout \(it holds "index\.html"\)/);
    expect(readdirSync(ctx)).toEqual(['index.html']);
    // A layout written before may be rebuilt in place.
    const layout = path.join(work, 'reused-layout');
    for (let i = 0; i < 2; i++) expect((await runAction({ inputs: buildOnly(context('reuse'), { 'oci-layout': layout }) })).code).toBe(0);
  });

  it('11: cache: false writes no blob cache and no stat cache', async () => {
    const cacheRoot = path.join(work, 'nocache-root');
    const r = await runAction({ inputs: buildOnly(context('nocache'), { base: tb.baseImage, cache: 'false', 'cache-dir': path.join(cacheRoot, 'blobs') }) });
    expect(r.code, r.stdout).toBe(0);
    expect(existsSync(cacheRoot)).toBe(false);
    expect(readdirSync(path.join(r.files.dir, 'runner-temp')).filter((f) => f.startsWith('shipshape-nocache-'))).toEqual([]);
  });
});

/** A fake Docker engine on a unix socket whose every string tries to become a workflow command. */
async function hostileEngine(socket: string): Promise<() => Promise<void>> {
  const server = http.createServer((req, res) => {
    if (req.url === '/version') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ Version: '27.0\n::error title=X::owned', ApiVersion: '1.43', Os: 'linux', Arch: 'amd64' }));
    }
    res.writeHead(500, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ message: 'boom\n::add-mask::1\n::error::injected' }));
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return () => new Promise((resolve) => server.close(() => resolve()));
}

/** A token server that echoes the request (headers and body) in its refusal, as some do. */
async function echoingTokenServer(mode: 'header' | 'form'): Promise<{ address: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (mode === 'form' && req.method === 'GET') {
        res.writeHead(404);
        return res.end();
      }
      res.writeHead(401, { 'Content-Type': 'text/plain' });
      res.end(`denied ![x](https://e.invalid/x.png) [link](https://e.invalid): Authorization=${req.headers.authorization ?? ''} url=${req.url} body=${body}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { address: `127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe.concurrent('hostile peers', () => {
  it('3: an engine answering with line breaks and :: cannot write workflow commands', async () => {
    const socket = path.join(work, 'hostile-engine.sock');
    closers.push(await hostileEngine(socket));
    const r = await runAction({
      entry: 'deploy',
      inputs: { image: `${tb.registries.anon}/i10-hardening/app${NO_DIGEST}`, 'deploy-host': `unix://${socket}`, app: 'i10-engine' },
    });
    // deploy-mode auto asks GET /info first: the engine's hostile answer to it is the error, escaped.
    const { record } = expectCleanFailure(r, /Engine API GET \/info → 500: boom\\n::add-mask::1\\n::error::injected/);
    const commands = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(commands.filter((l) => /^::(error title=X|add-mask::1$|error::injected)/.test(l))).toEqual([]);
    expect(r.stdout).toContain('Docker 27.0\\n::error title=X::owned');
    expect(record.deploy?.engine_version).toBe('27.0\\n::error title=X::owned');
  });

  for (const mode of ['header', 'form'] as const) {
    it(`5: a token server echoing the request (${mode}) puts no form of the password in log, record or summary`, async () => {
      const echo = await echoingTokenServer(mode);
      closers.push(echo.close);
      const rewrite = (h: http.IncomingHttpHeaders) => {
        const w = h['www-authenticate'];
        return typeof w === 'string' ? { ...h, 'www-authenticate': w.replace(tb.tokenRealm, `http://${echo.address}/token`) } : h;
      };
      const proxy = await new FaultyProxy({ host: '127.0.0.1', port: Number(tb.registries.token.split(':')[1]) }, () => undefined, rewrite).listen();
      closers.push(() => proxy.close());
      const user = 'i10-user';
      const password = 'p@ss:w0rd/+=i10 secret';
      const r = await runAction({
        inputs: { ...buildOnly(context(`echo-${mode}`), { push: 'true', cache: 'false' }), image: `${proxy.address}/i10-hardening/echo`, 'registry-username': user, 'registry-password': password },
      });
      const { record } = expectCleanFailure(r, new RegExp(`the token server ${echo.address.replace(/\./g, '\\.')} refused the credentials \\(401: denied`));
      const forms = [
        password,
        encodeURIComponent(password),
        new URLSearchParams({ p: password }).toString().slice(2),
        Buffer.from(`${user}:${password}`).toString('base64'),
        Buffer.from(password).toString('base64'),
      ];
      const published = [logWithoutMasks(r), JSON.stringify(record), r.summary];
      for (const text of published) for (const form of forms) expect(text).not.toContain(form);
      expect(record.error).toContain(mode === 'header' ? 'Authorization=Basic ***' : 'password=***');
      // The echoed markdown stays inside the summary's code fence.
      const fenced = r.summary.split(/^```+text$/m)[0];
      expect(fenced).not.toContain('![x]');
    });
  }

  it('13: rollback of an app never deployed says so at once and changes nothing on the host', async () => {
    const app = 'i10-never';
    const proxyImage = `${tb.registries.anon}/i10-hardening/never-pulled:1`;
    const r = await runAction({
      entry: 'deploy',
      inputs: {
        'deploy-host': tb.ssh.url,
        'ssh-private-key': tb.ssh.privateKey,
        'ssh-known-hosts': tb.ssh.knownHosts,
        image: `${tb.registries.anon}/i10-hardening/app`,
        app,
        rollback: 'true',
        'proxy-image': proxyImage,
      },
    });
    const { record } = expectCleanFailure(r, /rollback: i10-never was never deployed on ssh:\/\/root@127\.0\.0\.1:2222 \(no i10-never-proxy container\); nothing to roll back to and nothing was changed/);
    expect(record.kind).toBe('rollback');
    const left = await run('docker', ['ps', '-a', '--filter', `name=${app}`, '--format', '{{.Names}}']);
    expect(left.stdout.trim()).toBe('');
    expect((await run('docker', ['volume', 'inspect', `shipshape-state-${app}`])).code).not.toBe(0);
    expect((await run('docker', ['image', 'inspect', proxyImage])).code).not.toBe(0);
    expect(readFileSync(r.files.summary, 'utf8')).toContain('rollback failed');
  });
});
