// The realistic bench's base: Debian's nodejs with its libraries for amd64 and arm64 (unpacked by
// realistic-fixture.sh), committed with buildah into a two-platform image and pushed to the testbed's
// registry once; later runs find it there.
import * as path from 'node:path';
import { sha256Digest } from '../src/oci/digest.js';
import { run, runOk } from '../test/support/process.js';

const buildahEnv = { ...process.env, STORAGE_DRIVER: 'vfs' };

/** Pushes `ref` unless the registry already serves it; returns the index digest. */
export async function ensureRealisticBase(fixtureDir: string, ref: string, log: (m: string) => void): Promise<string> {
  const inspect = await run('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${ref}`]);
  if (inspect.code === 0 && JSON.parse(inspect.stdout).manifests?.length === 2) {
    return sha256Digest(Buffer.from(inspect.stdout));
  }
  log(`committing the realistic base ${ref} with buildah (first run only)`);
  const name = `i16-realistic-base-${Date.now().toString(36)}`;
  const images: string[] = [];
  try {
    for (const arch of ['amd64', 'arm64']) {
      const c = (await runOk('buildah', ['from', '--arch', arch, '-q', 'scratch'], { env: buildahEnv })).trim();
      try {
        await runOk('buildah', ['copy', '-q', c, path.join(fixtureDir, `rootfs-${arch}`), '/'], { env: buildahEnv, timeoutMs: 600_000 });
        await runOk('buildah', ['config', '--arch', arch, '--os', 'linux', '--env', 'PATH=/usr/local/bin:/usr/bin:/bin', '--cmd', 'node', c], { env: buildahEnv });
        images.push((await runOk('buildah', ['commit', '-q', '--manifest', name, c], { env: buildahEnv, timeoutMs: 600_000 })).trim());
      } finally {
        await run('buildah', ['rm', c], { env: buildahEnv });
      }
    }
    await runOk('buildah', ['manifest', 'push', '--all', '--tls-verify=false', name, `docker://${ref}`], { env: buildahEnv, timeoutMs: 600_000 });
  } finally {
    await run('buildah', ['manifest', 'rm', name], { env: buildahEnv });
    for (const id of images) await run('buildah', ['rmi', '-f', id], { env: buildahEnv });
  }
  const raw = await runOk('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${ref}`]);
  return sha256Digest(Buffer.from(raw));
}
