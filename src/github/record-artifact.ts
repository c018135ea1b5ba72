import { connect } from 'node:net';
import { dirname } from 'node:path';
import { errorMessage, type Logger } from '../log.js';
import { runUrl } from '../record/context.js';

export interface RecordUpload {
  uploaded: boolean;
  artifactId?: number;
  url?: string;
  /** Why nothing was uploaded. */
  reason?: string;
}

/** Loaded only when an upload happens: the library and its Azure SDK are a large part of the bundle's start-up. */
async function loadArtifactClient() {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  return new DefaultArtifactClient();
}

export function recordArtifactName(id: string): string {
  return `shipshape-record-${id}`;
}

/** The variables @actions/artifact reads from process.env. */
const ARTIFACT_ENV = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL', 'GITHUB_SERVER_URL', 'GITHUB_RETENTION_DAYS'];

/** Same test as @actions/artifact's isGhes(): github.com, *.ghe.com and *.localhost have the v4 service. */
function isGhes(env: NodeJS.ProcessEnv): boolean {
  const host = new URL(env.GITHUB_SERVER_URL || 'https://github.com').hostname.toUpperCase();
  return !(host === 'GITHUB.COM' || host.endsWith('.GHE.COM') || host.endsWith('.LOCALHOST'));
}

/** Why the artifact service cannot be used here, or undefined when it looks reachable. */
export function artifactServiceAbsence(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.ACTIONS_RUNTIME_TOKEN || !env.ACTIONS_RESULTS_URL) {
    return 'no artifact service in this environment (ACTIONS_RUNTIME_TOKEN/ACTIONS_RESULTS_URL unset: a local run?)';
  }
  if (isGhes(env)) return `artifact upload (v4) is not supported on GitHub Enterprise Server (${env.GITHUB_SERVER_URL})`;
  return undefined;
}

/** A TCP connect to the service, so an absent server (act without --artifact-server-path) gives one clear
 * reason instead of the library's retry and warning boilerplate. */
function unreachable(serviceUrl: string, timeoutMs = 3_000): Promise<string | undefined> {
  const url = new URL(serviceUrl);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port, timeout: timeoutMs });
    const done = (reason: string | undefined) => {
      socket.destroy();
      resolve(reason);
    };
    socket.once('connect', () => done(undefined));
    socket.once('timeout', () => done(`no answer within ${timeoutMs} ms`));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

/** Runs `fn` with the artifact variables of `env` in process.env (the library reads only process.env). */
async function withArtifactEnv<T>(env: NodeJS.ProcessEnv, fn: () => Promise<T>): Promise<T> {
  if (env === process.env) return fn();
  const saved = ARTIFACT_ENV.map((key) => [key, process.env[key]] as const);
  for (const key of ARTIFACT_ENV) {
    if (env[key] === undefined) delete process.env[key];
    else process.env[key] = env[key];
  }
  try {
    return await fn();
  } finally {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** The run and job backend ids of the runtime token's `scp` claim (`Actions.Results:<run>:<job>`). */
function backendIds(token: string): [string, string] | undefined {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { scp?: string };
    const m = /Actions\.Results:([^:\s]+):([^:\s]+)/.exec(claims.scp ?? '');
    return m ? [m[1], m[2]] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Under act only: whether its artifact server decodes requests strictly. act's v4 server (pkg/artifacts/
 * artifacts_v4.go) answers 500 to any field its messages lack, and CreateArtifact has no `mime_type`, which
 * @actions/artifact v6 sends: the library would retry five times (about 30 s) and fail. One read-only
 * ListArtifacts with a field no message has tells in one round trip. Undefined when the server takes it.
 */
async function actRejectsUnknownFields(env: NodeJS.ProcessEnv, timeoutMs = 1_500): Promise<string | undefined> {
  const ids = backendIds(env.ACTIONS_RUNTIME_TOKEN!);
  if (!ids) return undefined;
  const url = new URL('twirp/github.actions.results.api.v1.ArtifactService/ListArtifacts', env.ACTIONS_RESULTS_URL!.replace(/\/?$/, '/'));
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${env.ACTIONS_RUNTIME_TOKEN}` },
      body: JSON.stringify({ workflow_run_backend_id: ids[0], workflow_job_run_backend_id: ids[1], mime_type: 'application/zip' }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    if (res.ok) return undefined;
    return `act's artifact server rejects fields it does not know (a request with mime_type, which @actions/artifact v6 sends on upload, got HTTP ${res.status})`;
  } catch (error) {
    return `act's artifact server did not answer a ListArtifacts request within ${timeoutMs} ms (${errorMessage(error)})`;
  }
}

/**
 * Uploads the record as the zipped artifact `shipshape-record-<id>` (record.json inside), so
 * actions/download-artifact and the run page serve it. Where the artifact service is absent or
 * unreachable (local runs, act without --artifact-server-path, GHES) it returns uploaded:false with the
 * reason and never throws for that: the record stays at `recordPath`.
 */
export async function uploadRecord(
  recordPath: string,
  id: string,
  retentionDays: number | undefined,
  logger: Logger,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RecordUpload> {
  const absent = artifactServiceAbsence(env);
  if (absent) return { uploaded: false, reason: absent };
  const name = recordArtifactName(id);
  const down = await unreachable(env.ACTIONS_RESULTS_URL!);
  if (down) {
    return { uploaded: false, reason: `the artifact service at ${new URL(env.ACTIONS_RESULTS_URL!).origin} is not reachable (${down}); under act, pass --artifact-server-path` };
  }
  const strict = env.ACT ? await actRejectsUnknownFields(env) : undefined;
  if (strict) return { uploaded: false, reason: `${strict}; the upload would fail after retries` };
  try {
    const result = await withArtifactEnv(env, () =>
      loadArtifactClient().then((client) => client.uploadArtifact(name, [recordPath], dirname(recordPath), retentionDays ? { retentionDays } : {})),
    );
    const base = runUrl(env);
    const url = base && result.id !== undefined ? `${base}/artifacts/${result.id}` : undefined;
    logger.info(`Uploaded the build record as artifact ${name}${url ? `: ${url}` : ''}`);
    return { uploaded: true, artifactId: result.id, url };
  } catch (error) {
    const message = errorMessage(error);
    return { uploaded: false, reason: `artifact upload of ${name} failed: ${message.split('\n')[0]}` };
  }
}
