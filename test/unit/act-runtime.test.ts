// shipshape's side of running under act (issue #23): the state it saves is always readable by act and
// the runner, the record falls back at once beside act's strict artifact server, and the Node gate.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveState, stateProblem } from '../../src/github/commands.js';
import { uploadRecord } from '../../src/github/record-artifact.js';
import { silentLogger } from '../../src/log.js';
import { oldNodeMessage, tooOld } from '../../src/node-gate.js';
import { actRejects } from '../support/act-artifacts.js';
import { startActServices } from '../support/act-job.js';
import { parseActFile, parseRunnerFile } from '../support/client-files.js';
import { startGithubServices, type GithubServices } from '../support/github-services.js';

let dir: string;
beforeAll(async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'hn-act-runtime-'))));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Saves with the real saveState into a fresh GITHUB_STATE file and returns its text. */
async function saved(name: string, value: string): Promise<string> {
  const file = path.join(dir, `state-${Math.random().toString(36).slice(2)}`);
  await writeFile(file, '');
  const before = process.env.GITHUB_STATE;
  process.env.GITHUB_STATE = file;
  try {
    saveState(name, value);
  } finally {
    if (before === undefined) delete process.env.GITHUB_STATE;
    else process.env.GITHUB_STATE = before;
  }
  return readFile(file, 'utf8');
}

describe('state act cannot read back is never written', () => {
  it.each([
    ['a name with =', 'a=b', 'x'],
    ['a name with <<', 'a<<b', 'x'],
    ['an empty name', '', 'x'],
    ['a name ending in < (act reads the delimiter as <…)', 'a<', 'x'],
    ['a value with a leading empty line (act drops it)', 'k', '\nx'],
    ['a value with CR LF', 'k', 'a\r\nb'],
  ])('%s is refused', async (_, name, value) => {
    expect(stateProblem(name, value)).toBeDefined();
    await expect(saved(name, value)).rejects.toThrow(/act would not read back/);
  });

  it('what act would reject or change: the reason for the rule', () => {
    // the same lines @actions/core would write for the refused cases
    expect(parseActFile('a=b<<D\nx\nD\n').values).toEqual({});
    expect(parseActFile('k<<D\n\nx\nD\n').values).toEqual({ k: 'x' });
  });

  it.each(['', 'plain', 'a=b<<c', '{"phase":"gated","edge":"x<<y=z"}', 'ghadelimiter_x', 'ünï\u2028cødé', ' spaced '])('%j reads back unchanged by act and the runner', async (value) => {
    const text = await saved('shipshape', value);
    expect(parseActFile(text)).toEqual({ values: { shipshape: value } });
    expect(parseRunnerFile(text)).toEqual({ values: { shipshape: value } });
  });
});

describe('the record beside act\'s artifact server', () => {
  let act: GithubServices;
  let github: GithubServices;
  let record: string;
  beforeAll(async () => {
    [act, github] = await Promise.all([startActServices(), startGithubServices()]);
    record = path.join(dir, 'record.json');
    await writeFile(record, '{"status":"succeeded"}');
  });
  afterAll(() => Promise.all([act.close(), github.close()]));

  it('act\'s stand-in refuses unknown fields as artifacts_v4.go does (500, empty body)', async () => {
    const body = { workflow_run_backend_id: '1', workflow_job_run_backend_id: '1', name: 'r', version: 4 };
    expect(actRejects('CreateArtifact', body)).toBeUndefined();
    expect(actRejects('CreateArtifact', { ...body, mime_type: 'application/zip' })).toBe(500);
    expect(actRejects('CreateArtifact', { ...body, workflowRunBackendId: 'x', workflow_run_backend_id: undefined })).toBe(400);
    const res = await fetch(`${act.url}/twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact`, {
      method: 'POST', headers: { Authorization: `Bearer ${act.env.ACTIONS_RUNTIME_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...body, mime_type: 'application/zip' }),
    });
    expect([res.status, await res.text()]).toEqual([500, '']);
  });

  it('under act the record stays local within 2 s, saying why', async () => {
    const started = Date.now();
    const result = await uploadRecord(record, 'hn-1', undefined, silentLogger, { ...act.env, ACT: 'true' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result.uploaded).toBe(false);
    expect(result.reason).toMatch(/act's artifact server rejects fields it does not know .*mime_type.*HTTP 500/);
    expect(act.artifacts()).toEqual([]);
  });

  it('an act whose server takes the request (here: GitHub\'s protocol under ACT=true) still uploads', async () => {
    const result = await uploadRecord(record, 'hn-2', undefined, silentLogger, { ...github.env, ACT: 'true' });
    expect(result.reason).toBeUndefined();
    expect(result.uploaded).toBe(true);
  });
});

describe('the Node gate', () => {
  it.each([['v16.20.2', true], ['v18.20.8', true], ['v20.15.1', true], ['v20.16.0', false], ['v22.0.0', false], ['v24.11.0', false]])('%s too old: %s', (v, old) => {
    expect(tooOld(v)).toBe(old);
  });

  it('says in one line which Node it found and how to run under act', () => {
    const line = oldNodeMessage('v18.20.8', '/usr/local/bin/node');
    expect(line).not.toContain('\n');
    expect(line).toMatch(/^::error::.*Node v18\.20\.8 \(\/usr\/local\/bin\/node\).*-P ubuntu-latest=<image with node >= 20\.16>.*-self-hosted/);
  });
});
