import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from './build-helpers.js';
import { deriveConfig, imageIndex, imageManifest, mergeEnv, rfc3339 } from '../../src/oci/config.js';
import { sha256Digest } from '../../src/oci/digest.js';
import { sortEntries, writeLayer, type LayerEntry } from '../../src/oci/layer.js';
import { LayoutWriter, REF_NAME_ANNOTATION } from '../../src/oci/layout.js';
import { LayoutReader } from '../../src/oci/layout-reader.js';
import { MediaType } from '../../src/oci/media-types.js';
import type { ImageConfig } from '../../src/oci/types.js';

const tempDir = useTempDirs('oci-');

async function sampleEntries(dir: string): Promise<LayerEntry[]> {
  const longName = `app/${'d'.repeat(120)}/${'f'.repeat(120)}.txt`;
  await fs.writeFile(path.join(dir, 'a.txt'), 'hello\n');
  await fs.writeFile(path.join(dir, 'run.sh'), '#!/bin/sh\necho hi\n');
  await fs.writeFile(path.join(dir, 'long.txt'), 'long\n');
  return sortEntries([
    { path: 'app/run.sh', type: 'file', mode: 0o755, size: 18, sourcePath: path.join(dir, 'run.sh') },
    { path: 'app', type: 'dir', mode: 0o755, size: 0 },
    { path: 'app/a.txt', type: 'file', mode: 0o644, size: 6, sourcePath: path.join(dir, 'a.txt') },
    { path: 'app/link', type: 'symlink', mode: 0o777, size: 0, linkTarget: 'a.txt' },
    { path: `app/${'d'.repeat(120)}`, type: 'dir', mode: 0o755, size: 0 },
    { path: longName, type: 'file', mode: 0o644, size: 5, sourcePath: path.join(dir, 'long.txt') },
  ]);
}

describe('writeLayer', () => {
  it('writes a byte-identical tar+gzip for the same entries and epoch, readable by GNU tar', async () => {
    const dir = await tempDir();
    const entries = await sampleEntries(dir);
    const one = await writeLayer(entries, 1_700_000_000, path.join(dir, 'one.tgz'));
    const two = await writeLayer(entries, 1_700_000_000, path.join(dir, 'two.tgz'));
    expect(two).toEqual(one);
    const bytes = await fs.readFile(path.join(dir, 'one.tgz'));
    expect(sha256Digest(bytes)).toBe(one.digest);
    expect(bytes.length).toBe(one.size);
    expect(sha256Digest(gunzipSync(bytes))).toBe(one.diffId);
    // gzip header: no FNAME flag, mtime 0
    expect(bytes[3]).toBe(0);
    expect(bytes.readUInt32LE(4)).toBe(0);
    const listing = execFileSync('tar', ['--numeric-owner', '--full-time', '-tvzf', path.join(dir, 'one.tgz')], { env: { ...process.env, TZ: 'UTC' } })
      .toString()
      .replace(/ +/g, ' ');
    const lines = listing.trim().split('\n');
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(line).toMatch(/ 0\/0 .* 2023-11-14 22:13:20 /);
    expect(listing).toContain('-rwxr-xr-x 0/0 18 2023-11-14 22:13:20 app/run.sh');
    expect(listing).toContain('lrwxrwxrwx 0/0 0 2023-11-14 22:13:20 app/link -> a.txt');
    expect(listing).toContain(`${'f'.repeat(120)}.txt`);
    const out = await tempDir();
    execFileSync('tar', ['-xzf', path.join(dir, 'one.tgz'), '-C', out]);
    expect(await fs.readFile(path.join(out, `app/${'d'.repeat(120)}/${'f'.repeat(120)}.txt`), 'utf8')).toBe('long\n');
  });

  it('encodes names and link targets that do not fit ustar (long, non-ASCII) in PAX records GNU tar reads', async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 'x.txt'), 'x\n');
    const unicode = 'app/caf\u00e9-\u00fc\u00f1\u00ee.txt';
    const longTarget = `../${'t'.repeat(150)}`;
    const entries = sortEntries([
      { path: 'app', type: 'dir', mode: 0o755, size: 0 },
      { path: unicode, type: 'file', mode: 0o644, size: 2, sourcePath: path.join(dir, 'x.txt') },
      { path: 'app/far', type: 'symlink', mode: 0o777, size: 0, linkTarget: longTarget },
      { path: `app/${'n'.repeat(300)}`, type: 'file', mode: 0o644, size: 2, sourcePath: path.join(dir, 'x.txt') },
    ]);
    const one = await writeLayer(entries, 1_700_000_000, path.join(dir, 'one.tgz'));
    const two = await writeLayer(entries, 1_700_000_000, path.join(dir, 'two.tgz'));
    expect(two).toEqual(one);
    const listing = execFileSync('tar', ['--numeric-owner', '-tvzf', path.join(dir, 'one.tgz')]).toString();
    expect(listing).toContain(unicode);
    expect(listing).toContain(`app/far -> ${longTarget}`);
    expect(listing).toContain(`app/${'n'.repeat(300)}`);
    expect(listing).not.toContain('PaxHeader');
  });

  it('changes with the epoch and fails when a file changed size since the scan', async () => {
    const dir = await tempDir();
    const entries = await sampleEntries(dir);
    const one = await writeLayer(entries, 0, path.join(dir, 'one.tgz'));
    const two = await writeLayer(entries, 1, path.join(dir, 'two.tgz'));
    expect(two.digest).not.toBe(one.digest);
    await fs.writeFile(path.join(dir, 'a.txt'), 'hello world\n');
    await expect(writeLayer(entries, 0, path.join(dir, 'x.tgz'))).rejects.toThrow(/a\.txt changed size during the build/);
  });
});

describe('config', () => {
  const base: ImageConfig = {
    architecture: 'arm64',
    os: 'linux',
    variant: 'v8',
    config: { Env: ['PATH=/bin', 'A=base'], Cmd: ['sh'], Entrypoint: ['/init'], User: 'nobody', Labels: { z: '1' }, StopSignal: 'SIGTERM' },
    rootfs: { type: 'layers', diff_ids: ['sha256:b1'] },
    history: [{ created_by: 'base layer' }],
  };
  const settings = { workdir: '/app', env: [['A', 'app'], ['B', '2']] as [string, string][], labels: [['a', 'x']] as [string, string][], expose: ['8080/tcp'] };

  it('inherits the base: env merged, user, entrypoint/cmd, history and diff_ids kept', () => {
    const cfg = deriveConfig(base, { os: 'linux', architecture: 'arm64', variant: 'v8' }, settings, 0, [{ diffId: 'sha256:a1', createdBy: 'shipshape: rest' }]);
    expect(cfg.created).toBe('1970-01-01T00:00:00Z');
    expect(cfg.variant).toBe('v8');
    expect(cfg.config).toMatchObject({
      User: 'nobody',
      Env: ['PATH=/bin', 'A=app', 'B=2'],
      Entrypoint: ['/init'],
      Cmd: ['sh'],
      WorkingDir: '/app',
      ExposedPorts: { '8080/tcp': {} },
      Labels: { a: 'x', z: '1' },
      StopSignal: 'SIGTERM',
    });
    expect(cfg.rootfs.diff_ids).toEqual(['sha256:b1', 'sha256:a1']);
    expect(cfg.history).toEqual([{ created_by: 'base layer' }, { created: '1970-01-01T00:00:00Z', created_by: 'shipshape: rest', comment: 'shipshape' }]);
  });

  it('clears the base cmd when only an entrypoint is set, and overrides user', () => {
    const cfg = deriveConfig(base, { os: 'linux', architecture: 'arm64' }, { ...settings, entrypoint: ['/app/run'], user: '1000' }, 0, []);
    expect(cfg.config?.Entrypoint).toEqual(['/app/run']);
    expect(cfg.config?.Cmd).toBeNull();
    expect(cfg.config?.User).toBe('1000');
    const cmdOnly = deriveConfig(base, { os: 'linux', architecture: 'arm64' }, { ...settings, cmd: ['serve'] }, 0, []);
    expect(cmdOnly.config?.Entrypoint).toEqual(['/init']);
    expect(cmdOnly.config?.Cmd).toEqual(['serve']);
  });

  it('builds from scratch', () => {
    const cfg = deriveConfig(undefined, { os: 'linux', architecture: 'amd64' }, { ...settings, cmd: ['/app/bin'] }, 86400, [{ diffId: 'sha256:a', createdBy: 'x' }]);
    expect(cfg).toMatchObject({ architecture: 'amd64', os: 'linux', created: rfc3339(86400), rootfs: { diff_ids: ['sha256:a'] } });
    expect(cfg.config?.Entrypoint).toBeNull();
    expect(cfg.config?.Env).toEqual(['A=app', 'B=2']);
    expect(mergeEnv(['X'], [['X', '1']])).toEqual(['X=1']);
  });
});

describe('layout writer and reader', () => {
  it('writes oci-layout, index.json pointing at the image index by tag, and reads it back', async () => {
    const dir = await tempDir();
    const layout = await LayoutWriter.open(dir);
    const config = await layout.writeJson({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }, MediaType.ociConfig);
    const manifest = await layout.writeJson(imageManifest(config, [], { b: '2', a: '1' }), MediaType.ociManifest);
    const index = imageIndex([{ ...manifest, platform: { os: 'linux', architecture: 'amd64' } }], { x: 'y' });
    const indexDesc = await layout.writeJson(index, MediaType.ociIndex);
    await layout.finish([{ ...indexDesc, annotations: { [REF_NAME_ANNOTATION]: 'v1' } }]);
    expect(JSON.parse(await fs.readFile(path.join(dir, 'oci-layout'), 'utf8'))).toEqual({ imageLayoutVersion: '1.0.0' });
    const reader = new LayoutReader(dir);
    expect(await reader.tags()).toEqual(['v1']);
    const top = await reader.getManifest('any', 'v1');
    expect(top).toMatchObject({ digest: indexDesc.digest, mediaType: MediaType.ociIndex });
    const m = JSON.parse((await reader.getManifest('any', manifest.digest)).body.toString());
    expect(Object.keys(m.annotations)).toEqual(['a', 'b']);
    expect(m.mediaType).toBe(MediaType.ociManifest);
    await expect(reader.getManifest('any', 'nope')).rejects.toThrow(/tag "nope" not found .*tags: v1/);
    // reopening clears the old blobs
    await LayoutWriter.open(dir);
    expect(await fs.readdir(path.join(dir, 'blobs', 'sha256'))).toEqual([]);
  });
});
