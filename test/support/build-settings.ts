import * as path from 'node:path';
import type { BuildSettings } from '../../src/settings/index.js';
import { parsePlatform } from '../../src/oci/platform.js';
import { parseReference } from '../../src/oci/reference.js';

/**
 * BuildSettings as the action's defaults make them (linux/amd64 + linux/arm64, /app, no push, a cache
 * beside the layout), for tests and benches that call the build directly; each overrides what it exercises.
 */
export function buildSettings(context: string, ociLayout: string, overrides: Partial<BuildSettings> = {}): BuildSettings {
  return {
    context,
    image: parseReference('127.0.0.1:5000/test/app'),
    tags: [],
    platforms: [parsePlatform('linux/amd64'), parsePlatform('linux/arm64')],
    workdir: '/app',
    env: [],
    labels: [],
    annotations: [],
    expose: [],
    layers: [],
    platformFiles: [],
    ignoreFile: '.dockerignore',
    push: false,
    ociLayout,
    cache: true,
    cacheDir: path.join(ociLayout, '..', 'cache'),
    ...overrides,
  };
}

/** A `platform-files` dir per platform: `<context>/platform/amd64` and `<context>/platform/arm64`. */
export function perPlatformDirs(context: string): BuildSettings['platformFiles'] {
  return ['amd64', 'arm64'].map((arch) => ({ platform: parsePlatform(`linux/${arch}`), dir: path.join(context, 'platform', arch) }));
}
