import type { Docker } from '../../engine/docker.js';
import { CONFIG_DIR, CONFIG_FILE } from '../../haproxy.js';
import type { HostProxyFiles } from './config.js';

/**
 * The map files `files.config` names, written before any config naming them (a config is only ever
 * checked or loaded with its own maps). `current`: the config on disk; files it already names exist
 * (their names are their content's hash) and are not sent again.
 */
export async function putMaps(docker: Docker, container: string, files: HostProxyFiles, current = ''): Promise<void> {
  for (const [name, text] of Object.entries(files.maps)) {
    if (!current.includes(`${CONFIG_DIR}/${name}`)) await docker.putFile(container, CONFIG_DIR, name, text);
  }
}

/** A new proxy's files: its maps, then its config. */
export async function putHostProxyFiles(docker: Docker, container: string, files: HostProxyFiles): Promise<void> {
  await putMaps(docker, container, files);
  await docker.putFile(container, CONFIG_DIR, CONFIG_FILE, files.config);
}

// Runs as root: the config directory is root's, HAProxy's user could not unlink there.
const PRUNE = 'cd "$1" && shift && for f in routes-*.map tls-*.lst; do [ -e "$f" ] || continue; k=; for n; do [ "$f" = "$n" ] && k=1; done; [ -n "$k" ] || rm -f -- "$f"; done';

/**
 * Removes the route and TLS-host files no longer named by the config now loaded (`files`): earlier
 * configs' and those of a candidate that failed its check. Workers hold their maps in memory, so an
 * old worker still finishing its requests loses nothing. Best effort: a leftover file is a few
 * kilobytes that the next reload removes, not a reason to fail a deploy whose reload succeeded.
 */
export async function pruneMaps(docker: Docker, container: string, files: HostProxyFiles): Promise<void> {
  await docker.exec(container, ['bash', '-c', PRUNE, 'prune-maps', CONFIG_DIR, ...Object.keys(files.maps)], 10_000, 'root').catch(() => undefined);
}
