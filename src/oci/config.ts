import type { Platform } from './platform.js';
import type { Descriptor, HistoryEntry, ImageConfig, ImageIndex, ImageManifest } from './types.js';
import { MediaType } from './media-types.js';

/** The image settings a config is derived from (a subset of BuildSettings, kept pure here). */
export interface ConfigSettings {
  workdir: string;
  entrypoint?: string[];
  cmd?: string[];
  env: [string, string][];
  labels: [string, string][];
  /** `PORT/proto` */
  expose: string[];
  user?: string;
}

export interface AppLayerHistory {
  diffId: string;
  createdBy: string;
}

/** RFC 3339 without fractional seconds. */
export function rfc3339(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Docker ENV semantics: a key already set keeps its position and gets the new value; new keys are appended. */
export function mergeEnv(baseEnv: string[], env: [string, string][]): string[] {
  const out = [...baseEnv];
  for (const [key, value] of env) {
    const at = out.findIndex((e) => e === key || e.startsWith(`${key}=`));
    if (at >= 0) out[at] = `${key}=${value}`;
    else out.push(`${key}=${value}`);
  }
  return out;
}

/**
 * The config of one platform's image: the base config (scratch when undefined) with the app's
 * settings applied, one history entry and one diff_id per app layer. As in Docker, setting an
 * entrypoint without a cmd clears the base cmd.
 */
export function deriveConfig(
  base: ImageConfig | undefined,
  platform: Platform,
  settings: ConfigSettings,
  epoch: number,
  appLayers: AppLayerHistory[],
): ImageConfig {
  const created = rfc3339(epoch);
  const baseRun = base?.config ?? {};
  const entrypoint = settings.entrypoint ?? baseRun.Entrypoint ?? null;
  const cmd = settings.cmd ?? (settings.entrypoint ? null : (baseRun.Cmd ?? null));
  const exposed: Record<string, object> = { ...(baseRun.ExposedPorts ?? {}) };
  for (const port of settings.expose) exposed[port] = {};
  const labels: Record<string, string> = { ...(baseRun.Labels ?? {}) };
  for (const [k, v] of settings.labels) labels[k] = v;
  const user = settings.user ?? baseRun.User;
  const run: NonNullable<ImageConfig['config']> = { ...baseRun };
  delete run.User;
  delete run.ExposedPorts;
  delete run.Labels;
  Object.assign(run, {
    ...(user ? { User: user } : {}),
    Env: mergeEnv(baseRun.Env ?? [], settings.env),
    Entrypoint: entrypoint,
    Cmd: cmd,
    WorkingDir: settings.workdir,
    ...(Object.keys(exposed).length > 0 ? { ExposedPorts: sortKeys(exposed) } : {}),
    ...(Object.keys(labels).length > 0 ? { Labels: sortKeys(labels) } : {}),
  });
  const history: HistoryEntry[] = [
    ...(base?.history ?? []),
    ...appLayers.map((l) => ({ created, created_by: l.createdBy, comment: 'shipshape' })),
  ];
  return {
    created,
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    config: run,
    rootfs: { type: 'layers', diff_ids: [...(base?.rootfs.diff_ids ?? []), ...appLayers.map((l) => l.diffId)] },
    history,
  };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function imageManifest(config: Descriptor, layers: Descriptor[], annotations: Record<string, string>): ImageManifest {
  return {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config,
    layers,
    ...(Object.keys(annotations).length > 0 ? { annotations: sortKeys(annotations) } : {}),
  };
}

export function imageIndex(manifests: Descriptor[], annotations: Record<string, string>): ImageIndex {
  return {
    schemaVersion: 2,
    mediaType: MediaType.ociIndex,
    manifests,
    ...(Object.keys(annotations).length > 0 ? { annotations: sortKeys(annotations) } : {}),
  };
}
