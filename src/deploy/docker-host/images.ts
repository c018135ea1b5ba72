import type { RegistryAuth } from '../core/model.js';
import type { Docker } from '../engine/docker.js';

/** Pulls an image only when the engine does not have it yet (the proxy and lease image); auth only for its own registry. */
export async function ensureImage(docker: Docker, ref: string, platform: string, auth?: RegistryAuth): Promise<void> {
  if (await docker.imageExists(ref)) return;
  await docker.pull(ref, platform, auth && ref.startsWith(`${auth.serveraddress}/`) ? auth : undefined);
}

/**
 * The image a run that works from what the host already runs (rollback, remove, renew, the post step)
 * lends its never-started lease and state containers: the image of the first of `containers` that
 * exists and is present, so a host whose proxy runs a custom `proxy-image` pulls nothing.
 */
export async function existingImage(docker: Docker, containers: string[]): Promise<string | undefined> {
  for (const name of containers) {
    const image = (await docker.inspect(name))?.Config.Image;
    if (image && (await docker.imageExists(image))) return image;
  }
  return undefined;
}
