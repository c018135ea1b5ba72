import type { DeployResult } from '../deploy/index.js';
import { appOptions } from '../deploy/core/spec.js';
import type { DeploySettings } from '../settings/index.js';
import type { DeploySection } from '../record/schema.js';

/** The record's account of what the app container was given and what the release and pruning did. */
export function appRecord(s: DeploySettings, result: Partial<DeployResult>): Partial<DeploySection> {
  const o = appOptions(s);
  return {
    role: o.role,
    volumes: o.volumes.map((v) => (v.kind === 'tmpfs' ? { kind: v.kind, target: v.target } : { kind: v.kind, target: v.target, source: v.source, read_only: v.readOnly })),
    networks: o.networks,
    limits: { ...(o.memoryBytes && { memory_bytes: o.memoryBytes }), ...(o.cpus && { cpus: o.cpus }), stop_timeout_seconds: o.stopTimeoutSeconds },
    // Option names only: values may be credentials (splunk-token, a loki-url with a password).
    log: { driver: o.log.driver, option_names: Object.keys(o.log.options).sort() },
    ...(result.release && { release: { command: result.release.command, exit_code: result.release.exitCode, ms: result.release.ms } }),
    ...(result.ready && { ready: result.ready }),
    ...(result.images && { images: { retain: result.images.retain, retained: result.images.retained, pruned: result.images.pruned, in_use: result.images.inUse } }),
  };
}
