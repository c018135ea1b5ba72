import { describe, expect, it } from 'vitest';
import type { Docker } from '../../src/deploy/engine/docker.js';
import { hostProxyConfig } from '../../src/deploy/placements/host-proxy/config.js';
import { pruneMaps, putHostProxyFiles, putMaps } from '../../src/deploy/placements/host-proxy/files.js';

const DIR = '/usr/local/etc/haproxy';

/** The engine calls files.ts makes, and a config directory they act on (exec runs the prune script's logic). */
function engine(o: { execFails?: boolean } = {}) {
  const files: Record<string, string> = {};
  const calls: string[] = [];
  const docker = {
    putFile: async (_c: string, dir: string, name: string, text: string) => {
      calls.push(`put ${name}`);
      files[`${dir}/${name}`] = text;
    },
    exec: async (_c: string, cmd: string[], _t: number, user?: string) => {
      calls.push(`exec ${cmd[3]} as ${user}`);
      if (o.execFails) throw new Error('engine gone');
      const [dir, ...keep] = cmd.slice(4);
      for (const f of Object.keys(files)) {
        const name = f.slice(dir!.length + 1);
        if (/^(routes-.*\.map|tls-.*\.lst)$/.test(name) && !keep.includes(name)) delete files[f];
      }
      return { exitCode: 0, stdout: '', stderr: '' };
    },
  } as unknown as Docker;
  return { docker, files, calls };
}

const app = (hosts: string[]) => hostProxyConfig([{ app: 'a', route: { hosts, tls: 'acme' }, containerPort: 80, healthPath: '/', live: 'blue' }], { tls: true });

describe('host proxy files', () => {
  it('writes the maps before the config that names them', async () => {
    const e = engine();
    const f = app(['a.test']);
    await putHostProxyFiles(e.docker, 'p', f);
    expect(e.calls.at(-1)).toBe('put haproxy.cfg');
    expect(e.calls.slice(0, 2).sort()).toEqual(Object.keys(f.maps).map((n) => `put ${n}`).sort());
    for (const [n, t] of Object.entries(f.maps)) expect(e.files[`${DIR}/${n}`]).toBe(t);
  });
  it('does not send again a map the config on disk already names (same name, same content)', async () => {
    const e = engine();
    const f = app(['a.test']);
    await putMaps(e.docker, 'p', f, f.config);
    expect(e.calls).toEqual([]);
    const g = app(['a.test', 'b.test']);
    await putMaps(e.docker, 'p', g, f.config);
    expect(e.calls).toHaveLength(2);
  });
  it('prunes, as root, the maps no config names any more, and keeps the current ones', async () => {
    const e = engine();
    const old = app(['a.test']);
    const now = app(['a.test', 'b.test']);
    await putHostProxyFiles(e.docker, 'p', old);
    await putHostProxyFiles(e.docker, 'p', now);
    e.files[`${DIR}/acme.map`] = 'tok key\n';
    await pruneMaps(e.docker, 'p', now);
    expect(e.calls.at(-1)).toBe('exec prune-maps as root');
    expect(Object.keys(e.files).sort()).toEqual([`${DIR}/acme.map`, `${DIR}/haproxy.cfg`, ...Object.keys(now.maps).map((n) => `${DIR}/${n}`)].sort());
  });
  it('a failed prune fails nothing: the reload it follows has succeeded', async () => {
    await expect(pruneMaps(engine({ execFails: true }).docker, 'p', app(['a.test']))).resolves.toBeUndefined();
  });
});
