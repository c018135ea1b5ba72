// How act's v4 artifact server (nektos/act v0.2.87, bd86152: pkg/artifacts/artifacts_v4.go) takes a
// request: protojson.Unmarshal into the messages of pkg/artifacts/artifact.pb.go, which fails on any field
// they lack (answered 500 with an empty body, parseProtbufBody), then the run id parsed as an integer
// (validateRunIDV4: 400). protojson accepts a field by its proto name or its JSON (camelCase) name.
// act's runtime token: pkg/common/auth.go CreateAuthorizationToken(runID, runID, runID), HS256 with an
// empty key, `scp: Actions.Results:<run>:<job>`; the run id is GITHUB_RUN_ID, 1 by default.
import { createHmac } from 'node:crypto';

const IDS = ['workflow_run_backend_id', 'workflow_job_run_backend_id'];

/** The fields of each request message act's server knows (artifact.pb.go). */
export const ACT_REQUEST_FIELDS: Record<string, string[]> = {
  CreateArtifact: [...IDS, 'name', 'expires_at', 'version'],
  FinalizeArtifact: [...IDS, 'name', 'size', 'hash'],
  ListArtifacts: [...IDS, 'name_filter', 'id_filter'],
  GetSignedArtifactURL: [...IDS, 'name'],
  DeleteArtifact: [...IDS, 'name'],
};

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The HTTP status act's server answers before doing anything, or undefined when it would take the request. */
export function actRejects(method: string, body: Record<string, unknown>): number | undefined {
  const known = ACT_REQUEST_FIELDS[method];
  if (!known) return 404; // httprouter: no such route
  const names = new Set(known.flatMap((f) => [f, camel(f)]));
  if (Object.keys(body).some((k) => !names.has(k))) return 500;
  const run = body.workflow_run_backend_id ?? body.workflowRunBackendId;
  if (typeof run !== 'string' || !/^[+-]?\d+$/.test(run)) return 400;
  return undefined;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The token act gives a job (its claims and signature as CreateAuthorizationToken makes them). */
export function actRuntimeToken(runId = 1): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    exp: now + 24 * 3600, nbf: now, scp: `Actions.Results:${runId}:${runId}`, TaskID: runId, RunID: runId, JobID: runId,
    ac: JSON.stringify([{ Scope: '', Permission: 2 }]),
  };
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${unsigned}.${createHmac('sha256', Buffer.alloc(0)).update(unsigned).digest('base64url')}`;
}
