import * as core from '@actions/core';
import * as path from 'node:path';
import { fingerprintOf, resolveBase, type ResolvedBase } from '../builder/index.js';
import { scanContext, type ContextScan } from '../fingerprint/index.js';
import type { Settings } from '../inputs.js';
import { peerText } from '../log.js';
import { platformKey } from '../oci/platform.js';
import type { RecordWriter } from '../record/record.js';
import { registryClient } from './registries.js';

export interface Fingerprinted {
  scan: ContextScan;
  base?: ResolvedBase;
  fingerprint: string;
}

/** Step 1: hash the context, resolve the base per platform, and combine them with every build setting. */
export async function fingerprintStep(settings: Settings, record: RecordWriter): Promise<Fingerprinted> {
  const b = settings.build;
  const scan = await record.time('fingerprint', () =>
    // `cache: false` writes no cache at all: no stat cache either.
    scanContext(b.context, b.ignoreFile, b.cache ? { statCachePath: path.join(path.dirname(b.cacheDir), 'stat-cache.json') } : {}),
  );
  core.info(`Context ${b.context}: ${scan.files.length} entries, ${scan.contextDigest}`);
  let base: ResolvedBase | undefined;
  if (b.base) {
    const ref = b.base;
    base = await record.time('resolve_base', () => resolveBase(registryClient(settings, ref.registry), ref, b.platforms));
    for (const p of base.platforms) core.info(peerText(`Base ${p.key}: ${p.manifestDigest}`));
  } else {
    core.info('Base: scratch');
  }
  const fingerprint = await fingerprintOf(b, scan, base);
  await record.update((r) => {
    r.build = {
      ...r.build,
      image: `${b.image.registry}/${b.image.repository}`,
      fingerprint,
      ...(base && {
        base: {
          ref: base.name,
          index_digest: base.digest,
          platforms: Object.fromEntries(base.platforms.map((p) => [p.key, p.manifestDigest])),
        },
      }),
    };
  });
  core.info(`Fingerprint ${fingerprint} (${b.platforms.map(platformKey).join(', ')})`);
  return { scan, base, fingerprint };
}
