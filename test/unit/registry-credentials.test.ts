import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialsFromDockerConfig, defaultDockerConfigPath, normalizeConfigKey } from '../../src/registry/credentials.js';

let dir: string;
let savedPath: string | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'registry-creds-'));
  // A fake credential helper: answers for two servers, "credentials not found" otherwise, and records stdin.
  await writeFile(
    path.join(dir, 'docker-credential-test'),
    `#!/bin/sh
[ "$1" = get ] || exit 1
read -r server
echo "$server" >> "${dir}/helper-calls"
case "$server" in
  helped.example) echo '{"ServerURL":"helped.example","Username":"helper-user","Secret":"helper-secret"}' ;;
  https://index.docker.io/v1/) echo '{"Username":"hub-user","Secret":"hub-secret"}' ;;
  *) echo "credentials not found in native keychain"; exit 1 ;;
esac
`,
  );
  await chmod(path.join(dir, 'docker-credential-test'), 0o755);
  await writeFile(path.join(dir, 'docker-credential-broken'), '#!/bin/sh\necho "leaked-secret-in-stdout"; echo "helper exploded" >&2; exit 3\n');
  await chmod(path.join(dir, 'docker-credential-broken'), 0o755);
  await writeFile(path.join(dir, 'docker-credential-deaf'), '#!/bin/sh\nexec 0<&-\necho "no stdin read" >&2; exit 4\n');
  await chmod(path.join(dir, 'docker-credential-deaf'), 0o755);
  savedPath = process.env.PATH;
  process.env.PATH = `${dir}:${process.env.PATH}`;
});

afterAll(async () => {
  process.env.PATH = savedPath;
  await rm(dir, { recursive: true, force: true });
});

async function config(name: string, value: unknown): Promise<string> {
  const file = path.join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(value));
  return file;
}

describe('docker config credentials', () => {
  it('normalizes config keys the way Docker matches them', () => {
    expect(normalizeConfigKey('https://index.docker.io/v1/')).toBe('docker.io');
    expect(normalizeConfigKey('registry-1.docker.io')).toBe('docker.io');
    expect(normalizeConfigKey('http://Registry.Example:5000/v2/')).toBe('registry.example:5000');
    expect(normalizeConfigKey('ghcr.io')).toBe('ghcr.io');
  });

  it('decodes base64 auths entries, matching keys with scheme and path', async () => {
    const file = await config('auths', {
      auths: {
        'https://ghcr.io/v1/': { auth: Buffer.from('octo:pa:ss').toString('base64') },
        'registry.example:5000': { username: 'u', password: 'p' },
        'tokenized.example': { identitytoken: 'refresh-me' },
      },
    });
    expect(await credentialsFromDockerConfig('ghcr.io', file)).toEqual({ credentials: { username: 'octo', password: 'pa:ss' }, source: { kind: 'docker-config', path: file, via: 'auths' } });
    expect((await credentialsFromDockerConfig('registry.example:5000', file))?.credentials).toEqual({ username: 'u', password: 'p' });
    expect((await credentialsFromDockerConfig('tokenized.example', file))?.credentials).toEqual({ username: '<token>', password: 'refresh-me' });
    expect(await credentialsFromDockerConfig('other.example', file)).toBeUndefined();
  });

  it('asks credHelpers first, then credsStore, then auths; passes the server URL on stdin', async () => {
    const file = await config('helpers', {
      credHelpers: { 'helped.example': 'test' },
      credsStore: 'test',
      auths: { 'plain.example': { auth: Buffer.from('a:b').toString('base64') } },
    });
    expect(await credentialsFromDockerConfig('helped.example', file)).toEqual({ credentials: { username: 'helper-user', password: 'helper-secret' }, source: { kind: 'docker-config', path: file, via: 'docker-credential-test' } });
    // Docker Hub's helper key is the legacy index URL.
    expect((await credentialsFromDockerConfig('docker.io', file))?.credentials).toEqual({ username: 'hub-user', password: 'hub-secret' });
    // The store knows nothing for plain.example: the auths entry answers.
    expect((await credentialsFromDockerConfig('plain.example', file))?.credentials).toEqual({ username: 'a', password: 'b' });
    const { readFile } = await import('node:fs/promises');
    expect((await readFile(path.join(dir, 'helper-calls'), 'utf8')).split('\n')).toEqual(expect.arrayContaining(['helped.example', 'https://index.docker.io/v1/', 'plain.example']));
  });

  it('reports a failing helper by name without echoing its output, and a missing helper clearly', async () => {
    const broken = await config('broken', { credHelpers: { 'x.example': 'broken' } });
    const err = await credentialsFromDockerConfig('x.example', broken).catch((e: Error) => e);
    expect(String(err)).toContain('docker-credential-broken get failed for x.example: helper exploded');
    expect(String(err)).not.toContain('leaked-secret-in-stdout');
    const missing = await config('missing', { credsStore: 'nosuchhelper' });
    expect(String(await credentialsFromDockerConfig('x.example', missing).catch((e: Error) => e))).toContain('docker-credential-nosuchhelper get failed for x.example: not found on PATH');
  });

  it('survives helpers that exit without reading stdin (once an uncaught EPIPE that crashed the action)', async () => {
    const deaf = await config('deaf', { credsStore: 'deaf' });
    for (let i = 0; i < 30; i++) {
      expect(String(await credentialsFromDockerConfig('x.example', deaf).catch((e: Error) => e))).toContain('docker-credential-deaf get failed for x.example: no stdin read');
    }
    // an uncaught EPIPE lands after the helper's exit; give it the time to surface inside this test
    await new Promise((resolve) => setTimeout(resolve, 200));
  });

  it('treats an absent config file as no credentials and honours DOCKER_CONFIG', async () => {
    expect(await credentialsFromDockerConfig('ghcr.io', path.join(dir, 'nope.json'))).toBeUndefined();
    expect(defaultDockerConfigPath({ DOCKER_CONFIG: '/cfg' })).toBe('/cfg/config.json');
  });
});
