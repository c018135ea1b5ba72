// shipshape as act runs it (harness `act` mode: ACT=true, GITHUB_RUN_ID=1, step-index names, act's state
// parsing, act's strict artifact server and v1 cache, act's cancel): a build with its post step, a deploy,
// a cancel that sends main no signal and starts post beside it, a kill followed by the post step alone.
import { readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadRecord } from '../../src/github/record-artifact.js';
import { silentLogger } from '../../src/log.js';
import type { BuildRecord } from '../../src/record/schema.js';
import { cancelUnderAct, startActServices } from '../support/act-job.js';
import { exampleAppCopy } from '../support/deploy-apps.js';
import { httpGet } from '../support/deploy-load.js';
import { removeApp, sshDeployInputs } from '../support/deploy-settings.js';
import type { GithubServices } from '../support/github-services.js';
import { run } from '../support/process.js';
import { newRunnerFiles, postRuns, runAction, runActionWithPost, type ActionRun, type RunnerFiles } from '../support/run-action.js';
import { testbed, type Testbed } from '../support/testbed.js';

const APP = 'hn-act';
const PORT = 18471;
const REPO = `hn-act/web-${Date.now().toString(36)}`;

let tb: Testbed;
let services: GithubServices;
let app: Awaited<ReturnType<typeof exampleAppCopy>>;

const buildInputs = (): Record<string, string> => ({
  context: app.dir,
  image: `${tb.registries.anon}/${REPO}`,
  base: tb.baseImage,
  cmd: 'httpd -f -p 8080 -h /app/public',
  'cache-dir': app.cacheDir,
});
const deployInputs = (over: Record<string, string> = {}) => ({ ...buildInputs(), ...sshDeployInputs(tb, APP, PORT), 'health-path': '/healthz', 'health-timeout': '60', 'soak-seconds': '0', ...over });
const env = () => ({ ...services.env, SOURCE_DATE_EPOCH: '1700000000', GITHUB_REPOSITORY: 'acme/web' });
const failure = (r: ActionRun) => `exit ${r.code} ${r.signal}\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-2000)}`;

async function savedPhase(files: RunnerFiles): Promise<string | undefined> {
  const text = await readFile(files.state, 'utf8').catch(() => '');
  return [...text.matchAll(/"phase":"(\w+)"/g)].at(-1)?.[1];
}
const lockPresent = async () => (await run('docker', ['inspect', `shipshape-lock-${APP}`])).code === 0;
const containerImage = async (name: string) => {
  const r = await run('docker', ['inspect', '--format', '{{index .Config.Labels "shipshape.image"}}', name]);
  return r.code === 0 ? r.stdout.trim() : 'absent';
};
const recordOf = async (state: Record<string, string>) => JSON.parse(await readFile(JSON.parse(state.shipshape).recordPath, 'utf8')) as BuildRecord;

async function deployLive(version: string): Promise<ActionRun> {
  await writeFile(path.join(app.dir, 'public/version.txt'), version);
  await writeFile(path.join(app.dir, 'public/healthz'), 'ok');
  const live = await runAction({ client: 'act', inputs: deployInputs(), env: env(), timeoutMs: 240_000 });
  expect(live.code, failure(live)).toBe(0);
  expect((await httpGet(PORT, '/version.txt')).body).toBe(version);
  return live;
}

beforeAll(async () => {
  tb = testbed();
  services = await startActServices();
  app = await exampleAppCopy('hn-act-');
  await removeApp(APP);
});

afterAll(async () => {
  await removeApp(APP);
  await app.remove();
  await services.close();
});

describe('under act', () => {
  it('a build: the record stays local at once (act\'s artifact server), the blob cache goes to act\'s v1 cache in post', async () => {
    await writeFile(path.join(app.dir, 'public/version.txt'), `act-build-${Date.now()}`);
    const { main, post } = await runActionWithPost({ client: 'act', inputs: { ...buildInputs(), tags: 'act-build' }, env: env() });
    expect(main.code, failure(main)).toBe(0);
    expect(main.stdout).toMatch(/Build record kept at .*act's artifact server rejects fields it does not know/);
    expect(main.stdout).not.toContain('::warning::');
    expect(post, 'a blob cache to save: post-if holds').toBeDefined();
    expect(post!.code, failure(post!)).toBe(0);
    expect(services.caches().filter((c) => c.service === 'v1').length).toBeGreaterThan(0);
    expect(services.requests().filter((r) => r.includes('CacheService'))).toEqual([]);
    expect(services.artifacts()).toEqual([]);
  });

  it('the stand-in fails the real @actions/artifact upload as act does (500 to mime_type, retried), which the probe spares shipshape', async () => {
    const record = path.join(app.dir, 'record-probe.json');
    await writeFile(record, '{}');
    const { ACT: _act, ...withoutAct } = { ...services.env, ACT: '' };
    const started = Date.now();
    const direct = await uploadRecord(record, 'hn-direct', undefined, silentLogger, withoutAct);
    expect(direct.uploaded).toBe(false);
    // act answers 500 with an empty body: the library's retries end on its JSON parse
    expect(direct.reason).toMatch(/Failed to CreateArtifact: Failed to make request after 5 attempts/);
    expect(Date.now() - started, 'the library retried before giving up').toBeGreaterThan(5_000);
    expect(services.requests().filter((r) => r.endsWith('/CreateArtifact')).length).toBeGreaterThan(1);
  }, 120_000);

  it('a deploy: outputs as act files them, the app serves', async () => {
    const live = await deployLive('act-live-0');
    expect(live.outputs.color).toMatch(/^(blue|green)$/);
    expect(await lockPresent()).toBe(false);
  });

  it('a cancel: main gets no signal, post starts beside it, stops it, undoes once; the previous version serves, the lease is free', async () => {
    const live = await deployLive('act-live-1');
    const candidateColor = live.outputs.color === 'blue' ? 'green' : 'blue';
    await writeFile(path.join(app.dir, 'public/version.txt'), 'act-candidate-1');
    await rm(path.join(app.dir, 'public/healthz'));
    const { main, post, mainRanBesidePost, mainOutlivedPost } = await cancelUnderAct({ inputs: deployInputs(), env: env(), timeoutMs: 240_000 }, async (files) => (await savedPhase(files)) === 'gated');
    expect(mainRanBesidePost).toBe(true);
    expect(post.code, failure(post)).toBe(0);
    expect(post.stdout).toMatch(/The main step \(pid \d+\) is still running: stopping it/);
    expect(post.stdout).toMatch(/The main step ended \(SIGTERM\)/);
    expect(mainOutlivedPost, 'post waited for main to end').toBe(false);
    expect(main.code, failure(main)).toBe(143);
    // one undo, by post: main only marked the run canceled
    expect(main.stdout).not.toMatch(/Released the deploy lock/);
    expect(post.stdout.match(/Released the deploy lock of hn-act/g)).toHaveLength(1);
    expect((await httpGet(PORT, '/version.txt')).body).toBe('act-live-1');
    expect(await containerImage(`${APP}-${candidateColor}`)).toBe('absent');
    expect(await lockPresent(), 'the lease is free').toBe(false);
    expect((await recordOf(main.state)).status).toBe('canceled');
  });

  it('a kill: the post step alone, with the state act read, undoes; the previous version serves', async () => {
    await deployLive('act-live-2');
    await writeFile(path.join(app.dir, 'public/version.txt'), 'act-candidate-2');
    await rm(path.join(app.dir, 'public/healthz'));
    const files = await newRunnerFiles();
    let killed = false;
    const main = await runAction({
      client: 'act', inputs: deployInputs(), env: env(), files, timeoutMs: 240_000,
      onSpawn: (pid) => {
        const poll = async (): Promise<void> => {
          while (!killed) {
            if ((await savedPhase(files)) === 'gated') {
              killed = true;
              process.kill(pid, 'SIGKILL');
            } else await new Promise((r) => setTimeout(r, 100));
          }
        };
        void poll();
      },
    });
    expect(main.signal).toBe('SIGKILL');
    expect(main.stateError).toBeUndefined();
    expect(await postRuns({ client: 'act', env: env() }, main)).toBe(true);
    const post = await runAction({ client: 'act', inputs: deployInputs(), env: env(), files: main.files, postState: main.state, timeoutMs: 120_000 });
    expect(post.code, failure(post)).toBe(0);
    expect(post.stdout).not.toMatch(/still running/);
    expect(post.stdout).toMatch(/Released the deploy lock of hn-act/);
    expect((await httpGet(PORT, '/version.txt')).body).toBe('act-live-2');
    expect(await lockPresent()).toBe(false);
  });
});
