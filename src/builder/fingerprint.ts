// The fingerprint of a build, apart from the build itself: a fingerprint hit loads none of the layer code.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { combineFingerprint, listingDigest, scanContext, type ContextFile, type ContextScan } from '../fingerprint/index.js';
import type { BuildSettings } from '../settings/index.js';
import type { LeveledAnnotation } from '../oci/annotations.js';
import { platformKey } from '../oci/platform.js';
import type { ResolvedBase } from './base.js';

/** `filePath` relative to the context-relative dir `dirRel`, or undefined when it is not inside. */
export function relativeTo(dirRel: string, filePath: string): string | undefined {
  if (dirRel === '') return filePath;
  return filePath.startsWith(`${dirRel}/`) ? filePath.slice(dirRel.length + 1) : undefined;
}

/** platform-files dirs: inside the context they come from the scan, outside they are scanned on their own. */
export async function platformFileSets(settings: BuildSettings, scan: ContextScan): Promise<{ sets: Map<string, ContextFile[]>; insideDirs: string[] }> {
  const sets = new Map<string, ContextFile[]>();
  const insideDirs: string[] = [];
  for (const { platform, dir } of settings.platformFiles) {
    const rel = path.relative(scan.root, dir).split(path.sep).join('/');
    const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    let files: ContextFile[];
    if (inside) {
      insideDirs.push(rel);
      files = scan.files.flatMap((f) => {
        const sub = relativeTo(rel, f.path);
        return sub === undefined ? [] : [{ ...f, path: sub }];
      });
      if (!scan.files.some((f) => f.path === rel && f.type === 'dir')) {
        throw new Error(`Input 'platform-files': "${dir}" is not a directory in the context (or it is ignored)`);
      }
    } else {
      const st = await fs.stat(dir).catch(() => undefined);
      if (!st?.isDirectory()) throw new Error(`Input 'platform-files': ${platformKey(platform)}=${dir} is not a directory`);
      try {
        files = (await scanContext(dir, '.dockerignore')).files;
      } catch (e) {
        throw new Error(`Input 'platform-files': ${platformKey(platform)}=${dir}: ${(e as Error).message}`);
      }
    }
    sets.set(platformKey(platform), files);
  }
  return { sets, insideDirs };
}

/**
 * The build fingerprint (hex) for these settings, context and resolved base, plus the epoch and every
 * annotation the image will carry (standardAnnotations' output): so one fingerprint is one digest.
 */
export async function fingerprintOf(
  settings: BuildSettings,
  scan: ContextScan,
  base: ResolvedBase | undefined,
  stamp: { epoch: number; annotations: LeveledAnnotation[] },
): Promise<string> {
  const { sets } = await platformFileSets(settings, scan);
  return combineFingerprint(scan.contextDigest, {
    platforms: settings.platforms.map(platformKey),
    baseDigests: Object.fromEntries((base?.platforms ?? []).map((p) => [p.key, p.manifestDigest])),
    workdir: settings.workdir,
    entrypoint: settings.entrypoint,
    cmd: settings.cmd,
    env: settings.env,
    labels: settings.labels,
    epoch: stamp.epoch,
    annotations: stamp.annotations,
    expose: settings.expose,
    user: settings.user,
    layers: settings.layers,
    platformFiles: Object.fromEntries([...sets].map(([k, files]) => [k, listingDigest(files)])),
  });
}

