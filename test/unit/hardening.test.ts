import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { peerBounds, withDeadline } from '../../src/bounds.js';
import { shellQuote } from '../../src/deploy/engine/transport-ssh.js';
import { addrCmd, proxyConfig } from '../../src/deploy/haproxy.js';
import { parseHostState } from '../../src/deploy/core/host-state.js';
import { InputError, rawSecrets, readSettings } from '../../src/settings/index.js';
import { LayoutWriter } from '../../src/oci/layout.js';
import { renderSummary } from '../../src/record/summary.js';
import { scrubValue } from '../../src/record/scrub.js';
import type { BuildRecord } from '../../src/record/schema.js';
import { RetryableError, withRetry } from '../../src/registry/retry.js';
import { credentialForms, MIN_SECRET_LENGTH, scrubText, secretForms } from '../../src/secret-forms.js';
import { digestReference, ipAddress, oneOf } from '../../src/host-values.js';
import { imageReference, registryHostName, socketPath, urlPath } from '../../src/settings/values.js';

const reader = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';
const deployInputs = (over: Record<string, string>) =>
  reader({ image: 'ghcr.io/acme/web', 'deploy-host': 'ssh://root@host', 'ssh-private-key': 'KEY-MATERIAL', 'ssh-known-hosts': 'host ssh-ed25519 AAAA', ...over });
const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

describe('validators: one per kind of value that reaches a command, a config or a runtime line', () => {
  it('socket paths: absolute, plain path characters only', () => {
    expect(socketPath('docker-socket', '/var/run/docker.sock')).toBe('/var/run/docker.sock');
    expect(socketPath('docker-socket', '/run/user/1000/docker.sock')).toBe('/run/user/1000/docker.sock');
    for (const bad of ['/run/x.sock; touch pwned; echo', 'run/x.sock', '/run/$(id).sock', "/run/x'.sock", '/run/x\n.sock', '/run/../x.sock', '/run/x .sock']) {
      expect(() => socketPath('docker-socket', bad), bad).toThrow(InputError);
    }
  });

  it('URL paths: no whitespace, control characters, quotes, backslashes or #', () => {
    for (const good of ['/', '/up', '/cgi-bin/health', '/health?full=1&x=%2F', "/a(b)*+,;=:@~!"]) expect(urlPath('health-path', good)).toBe(good);
    for (const bad of ['up', '/up\nserver evil 127.0.0.1:47111', '/up server', '/up#x', '/up\r\n', '/"x"', "/'x'", '/x\\y', '/%zz', '/\u0000', '/ü']) {
      expect(() => urlPath('health-path', bad), JSON.stringify(bad)).toThrow(/Input 'health-path'/);
    }
  });

  it('image references, registry hosts', () => {
    expect(imageReference('proxy-image', 'haproxy:lts')).toBe('haproxy:lts');
    expect(() => imageReference('proxy-image', 'haproxy:lts\nx')).toThrow(/Input 'proxy-image'/);
    expect(() => imageReference('proxy-image', 'Bad Image')).toThrow(/Input 'proxy-image'/);
    expect(registryHostName('insecure-registries', 'registry.local:5000')).toBe('registry.local:5000');
    expect(registryHostName('insecure-registries', '[::1]:5000')).toBe('[::1]:5000');
    expect(() => registryHostName('insecure-registries', 'http://x')).toThrow(/Input 'insecure-registries'/);
  });

  it('values read back from the host: a color, an IP address, an image by digest', () => {
    expect(oneOf('state.json', "'live'", ['blue', 'green'], 'green')).toBe('green');
    expect(() => oneOf('state.json', "'live'", ['blue', 'green'], 'blue\nserver evil')).toThrow(/state\.json holds "blue\\nserver evil" as 'live'/);
    expect(ipAddress('inspect', '172.18.0.5')).toBe('172.18.0.5');
    expect(() => ipAddress('inspect', '172.18.0.5 port 1; set server app/blue state ready')).toThrow(/not|never writes/);
    expect(digestReference('label', `r/app@sha256:${'a'.repeat(64)}`)).toContain('@sha256:');
    expect(() => digestReference('label', 'r/app:latest')).toThrow(/an image by digest/);
  });

  it('readSettings refuses each injection, naming the input', () => {
    expect(errorOf(() => readSettings(deployInputs({ 'docker-socket': '/run/x.sock; touch pwned; echo' }), {}))).toMatch(/Input 'docker-socket'/);
    expect(errorOf(() => readSettings(deployInputs({ 'health-path': '/up\nserver evil 127.0.0.1:47111' }), {}))).toMatch(/Input 'health-path'/);
    expect(errorOf(() => readSettings(deployInputs({ 'proxy-image': 'haproxy:lts; rm -rf /' }), {}))).toMatch(/Input 'proxy-image'/);
    expect(errorOf(() => readSettings(reader({ image: 'a/b', 'insecure-registries': 'host/with/path' }), {}))).toMatch(/Input 'insecure-registries'/);
  });

  it('the host state: live must be blue or green, anything else is named', () => {
    expect(parseHostState('{"live":"blue","colors":{},"history":[]}').live).toBe('blue');
    expect(parseHostState(undefined).live).toBeUndefined();
    expect(() => parseHostState('{"live":"blue\\nserver evil 127.0.0.1:1"}')).toThrow(/state\.json holds .* as 'live', which shipshape never writes/);
    expect(() => parseHostState('not json')).toThrow(/not JSON/);
  });

  it('a validated health path keeps the proxy config to its lines', () => {
    const config = proxyConfig({ app: 'web', containerPort: 8080, healthPath: urlPath('health-path', '/up?x=1') });
    expect(config.match(/^\s*server /gm)).toHaveLength(4);
    expect(addrCmd('blue', ipAddress('inspect', '10.0.0.2'), 8080)).toBe('set server app/blue addr 10.0.0.2 port 8080');
  });

  it('shell words are quoted for the remote dial-stdio command', () => {
    expect(shellQuote('unix:///run/x.sock; touch pwned')).toBe("'unix:///run/x.sock; touch pwned'");
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
  });
});

describe('secrets: one scrubber for every derived form', () => {
  const user = 'ci-bot';
  const password = 'p@ss:w0rd/+= secret';
  const leaks = [
    password,
    encodeURIComponent(password),
    new URLSearchParams({ p: password }).toString().slice(2),
    Buffer.from(`${user}:${password}`).toString('base64'),
    Buffer.from(password).toString('base64').replace(/=+$/, ''),
    JSON.stringify(password).slice(1, -1),
  ];

  it('scrubs the secret, URL-encoded, form-encoded, base64 (user:pass too) and JSON-escaped', () => {
    const text = leaks.map((l) => `[${l}]`).join(' ');
    const scrubbed = scrubText(text, [password, `${user}:${password}`]);
    for (const l of leaks) expect(scrubbed).not.toContain(l);
    expect(scrubbed).toBe(leaks.map(() => '[***]').join(' '));
    expect(credentialForms(user, password)).toEqual(expect.arrayContaining(leaks));
  });

  it('the record scrubs bearer and refresh tokens learned during the run', () => {
    const secrets: string[] = [];
    secrets.push('eyJhbGciOi.bearer-token', 'refresh-token-value');
    const out = scrubValue({ error: 'Authorization: Bearer eyJhbGciOi.bearer-token, refresh_token=refresh-token-value' }, secrets);
    expect(out.error).toBe('Authorization: Bearer ***, refresh_token=***');
  });

  it('short values are not masked (their derived forms neither); readSettings keeps only long deploy-env values secret', () => {
    expect(MIN_SECRET_LENGTH).toBe(4);
    expect(secretForms('1')).toEqual(['1']);
    const s = readSettings(deployInputs({ 'deploy-env': 'PLAIN=1\nFLAG=on\nTOKEN=long-value' }), {});
    expect(s.secrets).toContain('long-value');
    expect(s.secrets).not.toContain('1');
    expect(s.secrets).not.toContain('on');
    expect(rawSecrets(deployInputs({ 'deploy-env': 'A=x=y' }))).toEqual(['KEY-MATERIAL', 'x=y']);
  });

  it('registry-username and registry-password make user:password a secret (its base64 is the Basic header)', () => {
    const s = readSettings(reader({ image: 'a/b', 'registry-username': user, 'registry-password': password }), {});
    expect(s.secrets).toEqual([password, `${user}:${password}`]);
  });
});

describe('bounds', () => {
  it('derive from one peer wait (default 20 s; 90 s for a registry operation)', () => {
    expect(peerBounds({})).toEqual({ waitMs: 20_000, registryTotalMs: 90_000, engineCallMs: 60_000, runtimeMs: 10_000 });
    expect(peerBounds({ SHIPSHAPE_PEER_TIMEOUT_SECONDS: '2' })).toEqual({ waitMs: 2000, registryTotalMs: 9000, engineCallMs: 10_000, runtimeMs: 3000 });
    // Above Node's longest timer a setTimeout fires at once: a huge value is capped at a day, never "no wait".
    const huge = peerBounds({ SHIPSHAPE_PEER_TIMEOUT_SECONDS: '1e10' });
    expect(huge.waitMs).toBe(86_400_000);
    expect(Math.max(...Object.values(huge))).toBeLessThan(2 ** 31 - 1);
    expect(peerBounds({ SHIPSHAPE_PEER_TIMEOUT_SECONDS: 'x' }).waitMs).toBe(20_000);
  });

  it('withDeadline rejects in time and tears down', async () => {
    let torn = false;
    await expect(withDeadline(20, () => 'too slow', () => new Promise(() => {}), () => (torn = true))).rejects.toThrow('too slow');
    expect(torn).toBe(true);
    await expect(withDeadline(1000, () => 'x', async () => 7)).resolves.toBe(7);
  });

  it('registry retries stop within the total budget and say how many attempts over how long', async () => {
    let clock = 0;
    let calls = 0;
    const policy = { attempts: 10, baseDelayMs: 500, maxDelayMs: 30_000, budgetMs: 90_000, attemptMs: 20_000 };
    const err = await withRetry(
      policy,
      async () => {
        calls++;
        clock += 20_000; // each attempt: a silent peer for one peer wait
        throw new RetryableError('no data for 20 s');
      },
      undefined,
      async (ms) => void (clock += ms),
      () => clock,
    ).catch((e: unknown) => e as Error & { retry?: { attempts: number; elapsedMs: number } });
    expect(calls).toBe(4);
    expect(err.retry?.attempts).toBe(4);
    expect(err.retry!.elapsedMs).toBeLessThanOrEqual(90_000);
  });

  it('an attempt that moved bytes for long restarts the budget (longer only while bytes flow)', async () => {
    let clock = 0;
    let calls = 0;
    const policy = { attempts: 3, baseDelayMs: 500, maxDelayMs: 30_000, budgetMs: 90_000, attemptMs: 20_000 };
    await withRetry(
      policy,
      async () => {
        calls++;
        clock += 200_000; // streamed for minutes, then the connection dropped
        throw Object.assign(new Error('x'), { code: 'ECONNRESET' });
      },
      undefined,
      async (ms) => void (clock += ms),
      () => clock,
    ).catch(() => undefined);
    expect(calls).toBe(3);
  });
});

describe('markdown from peers in the job summary', () => {
  const base: BuildRecord = {
    schema: 'shipshape.record/v1',
    id: '0mws7yyri5122ijd6pg',
    kind: 'deploy',
    status: 'failed',
    source: 'push',
    started_at: '2026-01-01T00:00:00Z',
    github: {},
    timings: {},
  };
  it('a soak failure reason with an image or a link renders as code, not markup', () => {
    const reason = 'GET /up answered "HTTP/1.1 500 ![x](https://e.invalid/x.png) [link](https://e.invalid)"';
    const md = renderSummary({ ...base, deploy: { host: 'h', engine_version: '', app: 'web', env_names: [], rollback_reason: reason } }, undefined);
    const row = md.split('\n').find((l) => l.startsWith('| Rolled back |'))!;
    expect(row).toMatch(/^\| Rolled back \| `[^`]*!\[x\]\(https:\/\/e\.invalid\/x\.png\)[^`]*` \|$/);
  });
  it('table text escapes link and image syntax', () => {
    const md = renderSummary({ ...base, source: '![x](https://e.invalid/x.png)' }, undefined);
    expect(md).toContain('source \\!\\[x\\]\\(https://e.invalid/x.png\\)');
  });
});

describe('oci-layout folders', () => {
  it('refuses a folder that is neither empty nor a layout; reuses a layout', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'i10-layout-'));
    try {
      await writeFile(path.join(dir, 'keep.txt'), 'x');
      await expect(LayoutWriter.open(dir)).rejects.toThrow(/Input 'oci-layout'.*neither empty nor an OCI image layout \(it holds "keep\.txt"\)/);
      expect(await readdir(dir)).toEqual(['keep.txt']);
      const layout = path.join(dir, 'layout');
      await mkdir(layout);
      const w = await LayoutWriter.open(layout);
      await w.finish([]);
      await LayoutWriter.open(layout);
      await expect(readdir(layout)).resolves.toEqual(expect.arrayContaining(['blobs']));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
