import type { SwarmRecord } from '../deploy/core/model.js';
/** The build record's JSON shape, version `shipshape.record/v1`. Field names are snake_case on purpose: the
 * file is read by people and by other tools (jq, download-artifact), not only by this code. */

export const RECORD_SCHEMA = 'shipshape.record/v1';

export type RecordKind = 'build' | 'deploy' | 'rollback' | 'renew';
export type RecordStatus = 'running' | 'succeeded' | 'failed' | 'canceled';
export type Color = 'blue' | 'green';

export interface GithubContext {
  repository?: string;
  sha?: string;
  ref?: string;
  workflow?: string;
  job?: string;
  run_id?: string;
  run_attempt?: string;
  run_url?: string;
  actor?: string;
}

export interface RecordLayer {
  digest: string;
  size: number;
  /** Layer group: the `layers` glob line, `rest`, `platform-files`, or `base`. */
  group: string;
  platform?: string;
  /** `base`: a base image layer; `cache`: an app layer reused unchanged; `built`: produced by this run. */
  source: 'base' | 'cache' | 'built';
}

/** One attached document: its artifact manifest, the document (layer) inside, and the manifest it is about. */
export interface AttestationEntry {
  digest: string;
  document_digest?: string;
  subject: string;
  /** SBOMs: packages listed (the image itself not counted). */
  packages?: number;
}

export interface AttestationsSection {
  /** How they were attached: `referrers-api`, `tag-schema` (the `sha256-<hex>` tag), `subject-only` (that tag was not a referrers list, so left alone), or only `oci-layout` (push: false). */
  mode: string;
  /** Platform → SBOM artifact. */
  sbom?: Record<string, AttestationEntry>;
  provenance?: AttestationEntry;
  /** Artifacts pushed by this run (0 when all were there already). */
  pushed: number;
}

export interface BuildSection {
  image?: string;
  fingerprint?: string;
  cache_hit?: boolean;
  base?: { ref: string; index_digest?: string; platforms: Record<string, string> };
  /** Platform (`linux/amd64`) → image manifest digest. */
  manifests?: Record<string, string>;
  index_digest?: string;
  layers?: RecordLayer[];
  push?: { pushed: number; mounted: number; skipped: number; bytes_sent: number };
  tags?: string[];
  /** The commit the image was built from (its revision annotation); on a cache hit, the reused image's. */
  revision?: string;
  attestations?: AttestationsSection;
}

export interface HealthAttempt {
  at: string;
  ms: number;
  ok: boolean;
  detail: string;
}

export interface DeploySection {
  /** Deploy host without credentials, e.g. `ssh://root@203.0.113.7:22`. */
  host: string;
  engine_version: string;
  app: string;
  from?: { color: Color; digest: string };
  to?: { color: Color; digest: string };
  pulled_platform_digest?: string;
  platform?: string;
  lock?: { holder?: string; waited_ms: number; broken?: string };
  health?: { attempts: HealthAttempt[] };
  switch_ms?: number;
  soak?: { seconds: number; probes: number; failures: number; ok: boolean };
  rollback_reason?: string;
  /** Names of the `deploy-env` variables; their values are never recorded. */
  env_names?: string[];
  /** What the app container was given (issue 13); values of secrets never appear here. */
  role?: 'web' | 'worker';
  volumes?: { kind: 'volume' | 'bind' | 'tmpfs'; target: string; source?: string; read_only?: boolean }[];
  networks?: { name: string; aliases: string[] }[];
  limits?: { memory_bytes?: number; cpus?: number; stop_timeout_seconds: number };
  /** The log driver and its options' names; their values are never recorded. */
  log?: { driver: string; option_names: string[] };
  release?: { command: string[]; exit_code?: number; ms?: number };
  ready?: { by: 'healthcheck' | 'running'; ms: number };
  images?: { retain: number; retained: string[]; pruned: string[]; in_use: string[] };
  /** An app with `hosts` on the host proxy (issue 12): its routes, TLS mode and certificate (names, expiry; never the key). */
  route?: {
    hosts: string[];
    path_prefix?: string;
    tls: 'off' | 'acme' | 'provided';
    url: string;
    proxy: string;
    reloaded: boolean;
    certificate?: { names: string[]; not_after: string };
  };
  /** `remove: true`: what the teardown deleted. */
  removed?: string[];
  /** deploy-mode swarm: service id, version, replicas, and per task its node and image. */
  swarm?: SwarmRecord;
}

/** One certificate on the host proxy: its names and expiry; `warning` when under 14 days are left. */
export interface CertificateRecord {
  app: string;
  names: string[];
  /** ISO 8601; empty when none is stored (an ACME failure before the first issue). */
  not_after: string;
  days_left: number;
  action: 'obtained' | 'renewed' | 'reused' | 'failed';
  error?: string;
  warning?: string;
}

export interface BuildRecord {
  schema: typeof RECORD_SCHEMA;
  id: string;
  kind: RecordKind;
  status: RecordStatus;
  /** GitHub event name (`push`, `workflow_dispatch`, …), `act`, or `local`. */
  source: string;
  started_at: string;
  finished_at?: string;
  exit_code?: number;
  error?: string;
  github: GithubContext;
  build?: BuildSection;
  deploy?: DeploySection;
  /** A renew run: every ACME certificate on the host proxy, what was done, and a warning under 14 days. */
  certificates?: CertificateRecord[];
  /** Phase → milliseconds: fingerprint, resolve_base, layers, push, pull, health, switch, soak. */
  timings: Record<string, number>;
}
