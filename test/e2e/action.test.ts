// The whole action as a runner runs it: dist/index.js on Node 24 with INPUT_* variables and the
// GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY files, against the real testbed (token-auth
// registry, Docker host over SSH, HAProxy image) and the local GitHub artifact/cache services.
import { DECLARED_INPUTS } from '../../src/settings/declared.js';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildRecord } from '../../src/record/schema.js';
import { httpGet, waitForBody } from '../support/deploy-load.js';
import { removeApp } from '../support/deploy-settings.js';
import { startGithubServices, type GithubServices } from '../support/github-services.js';
import { postRuns, repoRoot, runAction, type ActionRun } from '../support/run-action.js';
import { testbed, type Testbed } from '../support/testbed.js';

const APP = 'action-e2e';
const PORT = 18180;
const DEPLOY_SECRET = 'action-e2e-deploy-secret-4711';
// A fresh repository per run, so the first push of a run is never a fingerprint hit from an earlier one.
const REPO = `action-e2e/web-${Date.now().toString(36)}`;

let tb: Testbed;
let services: GithubServices;
let work: string;
let cacheDir: string;
const runs: ActionRun[] = [];

function inputs(over: Record<string, string> = {}): Record<string, string> {
  return {
    context: work,
    image: `${tb.registries.token}/${REPO}`,
    tags: 'latest,e2e',
    base: `${tb.registries.token}/shipshape/base:1`,
    cmd: 'httpd -f -p 8080 -h /app/public',
    expose: '8080',
    'registry-username': tb.registryUser,
    'registry-password': tb.registryPassword,
    'cache-dir': cacheDir,
    'deploy-host': tb.ssh.url,
    'ssh-private-key': tb.ssh.privateKey,
    'ssh-known-hosts': tb.ssh.knownHosts,
    'docker-socket': tb.dockerSocket,
    app: APP,
    'proxy-image': tb.proxyImage,
    'public-port': `127.0.0.1:${PORT}`,
    'health-path': '/healthz',
    'health-timeout': '20',
    'soak-seconds': '1',
    'deploy-env': `APP_SECRET=${DEPLOY_SECRET}`,
    'record-retention-days': '3',
    ...over,
  };
}

const githubEnv = () => ({
  ...services.env,
  GITHUB_REPOSITORY: 'acme/web',
  GITHUB_RUN_ID: '4242',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_EVENT_NAME: 'push',
  SOURCE_DATE_EPOCH: '1700000000',
});

async function ship(over: Record<string, string> = {}, env: Record<string, string | undefined> = githubEnv(), entry?: 'deploy'): Promise<ActionRun> {
  // The deploy entry refuses the build entry's inputs (a runner would only warn): give it its own.
  const all = inputs(over);
  const given = entry === 'deploy' ? Object.fromEntries(Object.entries(all).filter(([k]) => DECLARED_INPUTS.deploy.includes(k))) : all;
  const run = await runAction({ inputs: given, env, ...(entry && { entry }) });
  runs.push(run);
  return run;
}

async function recordOf(run: ActionRun): Promise<BuildRecord> {
  return JSON.parse(await readFile(run.outputs['record-path'], 'utf8')) as BuildRecord;
}

function failureText(run: ActionRun): string {
  return `exit ${run.code}\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`;
}

beforeAll(async () => {
  tb = testbed();
  services = await startGithubServices();
  work = await mkdtemp(path.join(os.tmpdir(), 'shipshape-action-e2e-'));
  cacheDir = path.join(work, '..', `${path.basename(work)}-cache`);
  await cp(path.join(repoRoot, 'examples/app'), work, { recursive: true });
  await writeFile(path.join(work, 'public/version.txt'), 'v1');
  await removeApp(APP);
});

afterAll(async () => {
  await removeApp(APP);
  await services?.close();
  await rm(work, { recursive: true, force: true });
  await rm(cacheDir, { recursive: true, force: true });
});

describe('the action, run as a runner runs it', () => {
  it('fails a bad input with a message naming the input and the value', async () => {
    const run = await ship({ platforms: 'linux/amd64,linux/sparc', 'deploy-host': '' });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::Input 'platforms': .*linux\/sparc/);
  });

  it('builds, pushes with credentials, deploys over SSH, uploads the record and writes the summary', async () => {
    const run = await ship();
    expect(run.code, failureText(run)).toBe(0);
    const o = run.outputs;
    expect(o.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(o.image).toBe(`${tb.registries.token}/${REPO}@${o.digest}`);
    expect(o.tags).toBe(`${tb.registries.token}/${REPO}:latest,${tb.registries.token}/${REPO}:e2e`);
    expect(o['cache-hit']).toBe('false');
    expect(o.fingerprint).toMatch(/^[a-f0-9]{64}$/);
    expect(o.color).toBe('blue');
    const metadata = JSON.parse(o.metadata);
    expect(Object.keys(metadata.manifests).sort()).toEqual(['linux/amd64', 'linux/arm64']);
    await waitForBody(PORT, 'v1', 5000).catch(async () => expect((await httpGet(PORT, '/version.txt')).body).toBe('v1'));
    expect((await httpGet(PORT, '/version.txt')).body).toBe('v1');

    const record = await recordOf(run);
    expect(record).toMatchObject({ status: 'succeeded', kind: 'deploy', source: 'push', exit_code: 0 });
    expect(record.build).toMatchObject({ fingerprint: o.fingerprint, index_digest: o.digest, cache_hit: false });
    expect(record.build?.push?.pushed).toBeGreaterThan(0);
    expect(record.deploy).toMatchObject({ app: APP, to: { color: 'blue' }, env_names: ['APP_SECRET'] });
    for (const phase of ['fingerprint', 'resolve_base', 'layers', 'push', 'health', 'switch']) expect(record.timings[phase], phase).toBeGreaterThanOrEqual(0);

    const artifact = services.artifacts().find((a) => a.name === `shipshape-record-${o['record-id']}`);
    expect(artifact, services.requests().join('\n')).toBeDefined();
    expect(run.summary).toContain(o.digest.slice(0, 19));
    expect(run.summary).toMatch(/\| *Deploy *\|/i);
  });

  it('skips build and push on a rerun of the same source (fingerprint hit) and leaves the live color alone', async () => {
    // Its own first run (a hit already if an earlier test shipped this source), then the rerun.
    const first = await ship();
    expect(first.code, failureText(first)).toBe(0);
    const run = await ship();
    expect(run.code, failureText(run)).toBe(0);
    expect(run.outputs['cache-hit']).toBe('true');
    expect(run.outputs.digest).toBe(first.outputs.digest);
    expect(run.outputs.color).toBe('blue');
    expect(run.stdout).not.toContain('::group::Build\n');
    expect((await recordOf(run)).build?.cache_hit).toBe(true);
  });

  it('deploys a change to the other color, then rolls back through the deploy entry', async () => {
    await writeFile(path.join(work, 'public/version.txt'), 'v2');
    const v2 = await ship();
    expect(v2.code, failureText(v2)).toBe(0);
    expect(v2.outputs).toMatchObject({ color: 'green', 'previous-color': 'blue', 'cache-hit': 'false' });
    expect((await httpGet(PORT, '/version.txt')).body).toBe('v2');

    const back = await ship({ image: `${tb.registries.token}/${REPO}`, rollback: 'true' }, githubEnv(), 'deploy');
    expect(back.code, failureText(back)).toBe(0);
    expect(back.outputs).toMatchObject({ color: 'blue', 'previous-color': 'green' });
    expect((await httpGet(PORT, '/version.txt')).body).toBe('v1');
    expect((await recordOf(back)).kind).toBe('rollback');

    const forward = await ship({ image: v2.outputs.image }, githubEnv(), 'deploy');
    expect(forward.code, failureText(forward)).toBe(0);
    expect(forward.outputs.color).toBe('green');
    expect((await httpGet(PORT, '/version.txt')).body).toBe('v2');
  });

  it('saves the blob cache in the post step, and a fresh runner restores it (act-style v1 cache service)', async () => {
    // Its own build (a source no other test ships), whose post step has a blob cache to save.
    await writeFile(path.join(work, 'public/version.txt'), `cache-${Date.now()}`);
    const first = await ship({ 'deploy-host': '' });
    expect(first.code, failureText(first)).toBe(0);
    expect(await postRuns({ env: githubEnv() }, first), 'post-if holds: a blob cache to save').toBe(true);
    const post = await runAction({ inputs: inputs(), env: githubEnv(), files: first.files, postState: first.state });
    expect(post.code, failureText(post)).toBe(0);
    const saved = services.caches().map((c) => c.key);
    expect(saved.some((k) => k.startsWith('shipshape-blobs-v1-')), saved.join(', ')).toBe(true);
    await writeFile(path.join(work, 'public/version.txt'), 'v3');
    // A fresh runner: same cache path (the Actions cache keys entries by path too), nothing in it.
    await rm(cacheDir, { recursive: true, force: true });
    const fresh = await ship({ 'deploy-host': '', tags: 'cache-test' }, { ...githubEnv(), ACT: 'true' });
    expect(fresh.code, failureText(fresh)).toBe(0);
    expect(fresh.stdout).toMatch(/Blob cache restored from Actions cache key shipshape-blobs-v1-/);
    expect(fresh.stdout).toMatch(/layers 1 built, 0 from cache, 2 base/);
  });

  it('runs under act without an artifact server: the record stays on disk and a notice says so', async () => {
    const run = await ship({ 'deploy-host': '' }, { ACT: 'true', SOURCE_DATE_EPOCH: '1700000000', ACTIONS_RUNTIME_TOKEN: 'x', ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/' });
    expect(run.code, failureText(run)).toBe(0);
    expect(run.stdout).toMatch(/::notice::Build record kept at/);
    const record = await recordOf(run);
    expect(record).toMatchObject({ source: 'act', status: 'succeeded', kind: 'build' });
  });

  it("pushes and deploys with the runner's docker login alone (no registry inputs): the host pulls with it too", async () => {
    await writeFile(path.join(work, 'public/version.txt'), 'login');
    const repo = `${tb.registries.token}/${REPO}-login`;
    const run = await ship({ image: repo, 'registry-username': '', 'registry-password': '' }, { ...githubEnv(), DOCKER_CONFIG: tb.dockerConfigDir });
    expect(run.code, failureText(run)).toBe(0);
    expect(run.outputs.image).toMatch(new RegExp(`^${repo}@sha256:`));
    expect((await httpGet(PORT, '/version.txt')).body).toBe('login');
  });

  it('never shows a secret in any log, output, record or summary', async () => {
    const secrets = [tb.registryPassword, DEPLOY_SECRET, ...tb.ssh.privateKey.split('\n').filter((l) => l.length > 20 && !l.includes('-----'))];
    expect(runs.length).toBeGreaterThan(3);
    for (const run of runs) {
      // The runner consumes ::add-mask:: commands; they never reach the log.
      const log = (run.stdout + run.stderr).replace(/^::add-mask::.*$/gm, '');
      const texts = [log, run.summary, JSON.stringify(run.outputs)];
      if (run.outputs['record-path']) texts.push(await readFile(run.outputs['record-path'], 'utf8'));
      for (const text of texts) for (const secret of secrets) expect(text.includes(secret), `secret found in a run's text`).toBe(false);
    }
    for (const artifact of services.artifacts()) {
      for (const secret of secrets) expect(artifact.bytes.includes(Buffer.from(secret))).toBe(false);
    }
  });
});
