import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, runOk } from '../support/process.js';
import { testbed, TESTBED_NOT_UP, type Testbed } from '../support/testbed.js';

// Proves every testbed part is real: registries (anonymous, Basic, Bearer token), sshd with host-key
// checking as a Docker transport, qemu/binfmt running arm64 images, and the haproxy stand-in.

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
let tb: Testbed;
let scratch: string;
const tag = `t${randomBytes(4).toString('hex')}`;

beforeAll(() => {
  tb = testbed();
  scratch = mkdtempSync(join(tmpdir(), 'testbed-e2e-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function dockerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, DOCKER_HOST: `unix://${tb.dockerSocket}`, ...extra };
}

async function copyBaseTo(registry: string, repo: string): Promise<void> {
  await runOk(
    'skopeo',
    ['copy', '-q', '--all', '--preserve-digests', '--src-tls-verify=false', '--dest-tls-verify=false',
      '--dest-authfile', tb.authFile, `docker://${tb.baseImage}`, `docker://${registry}/${repo}:${tag}`],
    { timeoutMs: 60_000 },
  );
}

async function rawManifest(ref: string, authfile?: string): Promise<{ mediaType: string; manifests: { platform: { architecture: string } }[] }> {
  const args = ['inspect', '--raw', '--tls-verify=false', ...(authfile ? ['--authfile', authfile] : []), `docker://${ref}`];
  return JSON.parse(await runOk('skopeo', args, { timeoutMs: 30_000 }));
}

function architectures(index: { manifests: { platform: { architecture: string } }[] }): string[] {
  return index.manifests.map((m) => m.platform.architecture).sort();
}

describe('testbed', () => {
  it('env fails with the set-up hint when the testbed is not up', async () => {
    const empty = mkdtempSync(join(scratch, 'none-'));
    const r = await run('bash', ['scripts/testbed.sh', 'env'], { env: { ...process.env, SHIPSHAPE_TESTBED_DIR: empty } });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(TESTBED_NOT_UP);
  });

  it('`up` again is quick and idempotent (no daemon holds the up lock)', async () => {
    const r = await run('bash', ['scripts/testbed.sh', 'up'], { timeoutMs: 90_000 });
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    expect(r.stderr).toMatch(/up in \d+s/);
  });

  it('anonymous registry: base is an OCI index for amd64+arm64; push and pull a copy', async () => {
    const base = await rawManifest(tb.baseImage);
    expect(base.mediaType).toBe(OCI_INDEX);
    expect(architectures(base)).toEqual(['amd64', 'arm64']);
    await copyBaseTo(tb.registries.anon, 'testbed/e2e-anon');
    const copy = await rawManifest(`${tb.registries.anon}/testbed/e2e-anon:${tag}`);
    expect(architectures(copy)).toEqual(['amd64', 'arm64']);
  });

  it('basic-auth registry: refuses anonymous and wrong passwords, accepts the test user', async () => {
    expect((await fetch(`http://${tb.registries.basic}/v2/`)).status).toBe(401);
    const wrong = Buffer.from(`${tb.registryUser}:not-the-password`).toString('base64');
    expect((await fetch(`http://${tb.registries.basic}/v2/`, { headers: { authorization: `Basic ${wrong}` } })).status).toBe(401);
    await copyBaseTo(tb.registries.basic, 'testbed/e2e-basic');
    const copy = await rawManifest(`${tb.registries.basic}/testbed/e2e-basic:${tag}`, tb.authFile);
    expect(architectures(copy)).toEqual(['amd64', 'arm64']);
    const anonymous = await run('skopeo', ['inspect', '--raw', '--tls-verify=false', '--no-creds',
      `docker://${tb.registries.basic}/testbed/e2e-basic:${tag}`]);
    expect(anonymous.code).not.toBe(0);
  });

  it('token registry: 401 with a Bearer challenge, token from the token server, then 200', async () => {
    const challenge = await fetch(`http://${tb.registries.token}/v2/`);
    expect(challenge.status).toBe(401);
    const header = challenge.headers.get('www-authenticate') ?? '';
    expect(header).toMatch(/^Bearer /);
    expect(header).toContain(`realm="${tb.tokenRealm}"`);
    const service = /service="([^"]+)"/.exec(header)?.[1] ?? '';

    await copyBaseTo(tb.registries.token, 'testbed/e2e-token');
    const scope = `repository:testbed/e2e-token:pull`;
    const url = `${tb.tokenRealm}?service=${encodeURIComponent(service)}&scope=${encodeURIComponent(scope)}`;
    expect((await fetch(url)).status).toBe(401);
    const bad = Buffer.from(`${tb.registryUser}:not-the-password`).toString('base64');
    expect((await fetch(url, { headers: { authorization: `Basic ${bad}` } })).status).toBe(401);
    const good = Buffer.from(`${tb.registryUser}:${tb.registryPassword}`).toString('base64');
    const tokenResponse = await fetch(url, { headers: { authorization: `Basic ${good}` } });
    expect(tokenResponse.status).toBe(200);
    const { token, access_token: accessToken, expires_in: expiresIn } = (await tokenResponse.json()) as Record<string, unknown>;
    expect(typeof token).toBe('string');
    expect(accessToken).toBe(token);
    expect(expiresIn).toBeGreaterThan(0);

    const manifestUrl = `http://${tb.registries.token}/v2/testbed/e2e-token/manifests/${tag}`;
    const manifest = await fetch(manifestUrl, { headers: { authorization: `Bearer ${String(token)}`, accept: OCI_INDEX } });
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('content-type')).toBe(OCI_INDEX);
    // A pull-only token does not allow pushing.
    const upload = await fetch(`http://${tb.registries.token}/v2/testbed/e2e-token/blobs/uploads/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${String(token)}` },
    });
    expect(upload.status).toBe(401);
  });

  it('docker logs in to the token registry and pulls through it', async () => {
    const config = mkdtempSync(join(scratch, 'docker-config-'));
    const env = dockerEnv({ DOCKER_CONFIG: config });
    await runOk('docker', ['login', '--username', tb.registryUser, '--password-stdin', tb.registries.token], {
      env,
      input: tb.registryPassword,
      timeoutMs: 30_000,
    });
    const ref = `${tb.registries.token}/shipshape/base:1`;
    await runOk('docker', ['pull', '--platform', 'linux/amd64', ref], { env, timeoutMs: 60_000 });
    const out = await runOk('docker', ['run', '--rm', ref, 'uname', '-m'], { env, timeoutMs: 60_000 });
    expect(out.trim()).toBe('x86_64');
    await run('docker', ['rmi', ref], { env });
    const refused = await run('docker', ['pull', ref], { env: dockerEnv({ DOCKER_CONFIG: mkdtempSync(join(scratch, 'empty-')) }) });
    expect(refused.code).not.toBe(0);
  });

  it('docker over ssh:// with host-key checking on; a wrong known_hosts is refused', async () => {
    const path = `${tb.ssh.binDir}:${process.env.PATH ?? ''}`;
    const out = await runOk('docker', ['-H', tb.ssh.url, 'version', '--format', '{{.Server.Version}}'], {
      env: { ...process.env, PATH: path },
      timeoutMs: 60_000,
    });
    expect(out.trim()).toMatch(/^\d+\.\d+/);

    const otherKey = join(scratch, 'other_host_key');
    await runOk('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', otherKey]);
    const wrongKnownHosts = join(scratch, 'wrong_known_hosts');
    const hostPattern = tb.ssh.knownHosts.split(' ')[0]!; // [127.0.0.1]:2222
    writeFileSync(wrongKnownHosts, `${hostPattern} ${readFileSync(`${otherKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
    const wrongConfig = join(scratch, 'wrong_ssh_config');
    writeFileSync(wrongConfig, readFileSync(tb.ssh.configPath, 'utf8').replace(/UserKnownHostsFile .*/, `UserKnownHostsFile ${wrongKnownHosts}`));
    const refused = await run('docker', ['-H', tb.ssh.url, 'version', '--format', '{{.Server.Version}}'], {
      env: { ...process.env, PATH: path, SHIPSHAPE_TB_SSH_CONFIG: wrongConfig },
      timeoutMs: 60_000,
    });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/);
  });

  it('runs the base for linux/arm64 (qemu) and linux/amd64', async () => {
    const arm = await runOk('docker', ['run', '--rm', '--pull', 'always', '--platform', 'linux/arm64', tb.baseImage, 'uname', '-m'], {
      env: dockerEnv(),
      timeoutMs: 90_000,
    });
    expect(arm.trim().split('\n').pop()).toBe('aarch64');
    const amd = await runOk('docker', ['run', '--rm', '--pull', 'always', '--platform', 'linux/amd64', tb.baseImage, 'uname', '-m'], {
      env: dockerEnv(),
      timeoutMs: 90_000,
    });
    expect(amd.trim().split('\n').pop()).toBe('x86_64');
  });

  it('the proxy image runs haproxy (with bash and a valid default config)', async () => {
    const env = dockerEnv();
    const version = await runOk('docker', ['run', '--rm', '--pull', 'always', tb.proxyImage, 'haproxy', '-v'], { env, timeoutMs: 60_000 });
    expect(version).toMatch(/HAProxy version \d+\.\d+/);
    const check = await runOk('docker', ['run', '--rm', tb.proxyImage, 'bash', '-c',
      'haproxy -c -f /usr/local/etc/haproxy/haproxy.cfg && command -v wget'], { env, timeoutMs: 60_000 });
    expect(check).toContain('Configuration file is valid');
    expect(check).toContain('/bin/wget');
  });
});
