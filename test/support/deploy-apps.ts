import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOk } from './process.js';
import type { Testbed } from './testbed.js';

export const HEALTH_PATH = '/cgi-bin/health';
export const APP_PORT = 8080;

/** v1, v2: healthy; v3: health answers 500; v4: healthy for 4 s after start, then 500. All bodies the same length ("vN\n"). */
export type AppVersion = 'v1' | 'v2' | 'v3' | 'v4';

const HEALTH: Record<AppVersion, string> = {
  v1: 'echo "Status: 200 OK"',
  v2: 'echo "Status: 200 OK"',
  v3: 'echo "Status: 500 Internal Server Error"',
  v4: 'if [ $(( $(date +%s) - $(cat /tmp/started) )) -lt 4 ]; then echo "Status: 200 OK"; else echo "Status: 500 Internal Server Error"; fi',
};

/** Pushes the local `ref` (of `repo` on the anonymous registry), drops the local tag so a deploy must pull, returns repo@digest. */
export async function pushByDigest(tb: Testbed, repo: string, ref: string): Promise<string> {
  await runOk('docker', ['push', ref]);
  const digest = (await runOk('docker', ['image', 'inspect', '--format', '{{range .RepoDigests}}{{println .}}{{end}}', ref]))
    .split('\n')
    .find((d) => d.startsWith(`${tb.registries.anon}/${repo}@`));
  if (!digest) throw new Error(`no repo digest for ${ref} after push`);
  await runOk('docker', ['rmi', ref]);
  return digest.trim();
}

/**
 * Builds the test app image vN from the testbed base (busybox httpd serving /www on 8080 with a
 * CGI health check), pushes it to 127.0.0.1:5000/<repo>:vN and returns it by digest.
 */
export async function buildTestApp(tb: Testbed, version: AppVersion, repo = 'deploy-e2e/app'): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `deploy-app-${version}-`));
  const container = `deploy-e2e-build-${version}-${process.pid}`;
  try {
    mkdirSync(join(dir, 'www', 'cgi-bin'), { recursive: true });
    writeFileSync(join(dir, 'www', 'index.html'), `${version}\n`);
    const health = join(dir, 'www', 'cgi-bin', 'health');
    writeFileSync(health, `#!/bin/sh\n${HEALTH[version]}\necho "Content-Type: text/plain"\necho\necho ${version}\n`);
    chmodSync(health, 0o755);
    await runOk('docker', ['create', '--name', container, tb.baseImage, 'sh']);
    await runOk('docker', ['cp', `${join(dir, 'www')}/.`, `${container}:/www`]);
    const ref = `${tb.registries.anon}/${repo}:${version}`;
    // sh stays PID 1 and exits on SIGTERM (httpd as PID 1 would ignore it and cost a 10 s stop).
    const cmd = JSON.stringify(['sh', '-c', `trap 'exit 0' TERM; echo "app ${version} starting"; date +%s > /tmp/started; httpd -f -v -p ${APP_PORT} -h /www & wait`]);
    await runOk('docker', ['commit', '--change', `CMD ${cmd}`, '--change', `EXPOSE ${APP_PORT}`, container, ref]);
    return await pushByDigest(tb, repo, ref);
  } finally {
    await runOk('docker', ['rm', '-f', container]).catch(() => '');
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A two-platform index (Docker manifest list) in 127.0.0.1:5000/<repo>: linux/amd64 → the app image
 * `amd64Image`, linux/arm64 → the testbed base's arm64 manifest. Returns it by digest with its platforms.
 */
export async function multiArchApp(tb: Testbed, amd64Image: string, repo = 'deploy-e2e/multi'): Promise<{ image: string; platforms: { platform: string; digest: string }[] }> {
  const registry = tb.registries.anon;
  const base = await fetch(`http://${registry}/v2/shipshape/base/manifests/1`, { headers: { Accept: 'application/vnd.oci.image.index.v1+json' } });
  const index = (await base.json()) as { manifests: { digest: string; platform: { architecture: string } }[] };
  const arm64 = index.manifests.find((m) => m.platform.architecture === 'arm64')!.digest;
  const tag = `${registry}/${repo}:${process.pid}`;
  await runOk('docker', ['manifest', 'create', '--insecure', '--amend', tag, amd64Image, `${registry}/shipshape/base@${arm64}`]);
  await runOk('docker', ['manifest', 'push', '--insecure', '--purge', tag]);
  const head = await fetch(`http://${registry}/v2/${repo}/manifests/${process.pid}`, {
    method: 'HEAD',
    headers: { Accept: 'application/vnd.docker.distribution.manifest.list.v2+json' },
  });
  const digest = head.headers.get('docker-content-digest');
  if (!digest) throw new Error(`no digest for ${tag} after manifest push`);
  return {
    image: `${registry}/${repo}@${digest}`,
    platforms: [
      { platform: 'linux/amd64', digest: amd64Image.slice(amd64Image.indexOf('@') + 1) },
      { platform: 'linux/arm64', digest: arm64 },
    ],
  };
}

/** A fresh copy of examples/app (a context the action builds) and its blob cache dir; `remove` cleans both up. */
export async function exampleAppCopy(prefix: string): Promise<{ dir: string; cacheDir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await cp(join(dirname(fileURLToPath(import.meta.url)), '../../examples/app'), dir, { recursive: true });
  const cacheDir = `${dir}-cache`;
  return {
    dir,
    cacheDir,
    remove: async () => {
      await rm(dir, { recursive: true, force: true });
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
}
