// A main step killed outright (SIGKILL: a runner past `timeout-minutes`, after its grace period) never
// runs its own cleanup. The post step, started alone with the state main saved, must finish or undo from
// the saved phase: the previously live version serves, the candidate is gone, the lease is free.
import { readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildRecord } from '../../src/record/schema.js';
import { exampleAppCopy } from '../support/deploy-apps.js';
import { httpGet } from '../support/deploy-load.js';
import { removeApp, sshDeployInputs } from '../support/deploy-settings.js';
import { run } from '../support/process.js';
import { newRunnerFiles, postRuns, runAction, type ActionRun } from '../support/run-action.js';
import { testbed, type Testbed } from '../support/testbed.js';

const APP = 'i11-kill';
const PORT = 18331;
const REPO = `i11-kill/web-${Date.now().toString(36)}`;

let tb: Testbed;
let work: string;
let app: Awaited<ReturnType<typeof exampleAppCopy>>;

const inputs = (over: Record<string, string> = {}): Record<string, string> => ({
  context: work,
  image: `${tb.registries.anon}/${REPO}`,
  base: tb.baseImage,
  cmd: 'httpd -f -p 8080 -h /app/public',
  'cache-dir': app.cacheDir,
  ...sshDeployInputs(tb, APP, PORT),
  'health-path': '/healthz',
  'health-timeout': '60',
  'soak-seconds': '0',
  ...over,
});

const env = { SOURCE_DATE_EPOCH: '1700000000' };

/** The phase main last saved to GITHUB_STATE (read from the file the runner would hand to post). */
async function savedPhase(stateFile: string): Promise<string | undefined> {
  const text = await readFile(stateFile, 'utf8').catch(() => '');
  return [...text.matchAll(/"phase":"(\w+)"/g)].at(-1)?.[1];
}

/** Runs main, SIGKILLs it once it has saved `phase` (and `atPhase` ran), then runs the post step alone with main's state. */
async function killIn(phase: string, ins: Record<string, string>, atPhase?: () => Promise<void>): Promise<{ main: ActionRun; post: ActionRun }> {
  const files = await newRunnerFiles();
  let killed = false;
  const main = await runAction({
    inputs: ins,
    env,
    files,
    timeoutMs: 240_000,
    onSpawn: (pid) => {
      const poll = async (): Promise<void> => {
        for (let i = 0; i < 2000 && !killed; i++) {
          if ((await savedPhase(files.state)) === phase) {
            await atPhase?.();
            killed = true;
            process.kill(pid, 'SIGKILL');
            return;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      void poll();
    },
  });
  expect(killed, `main never saved phase ${phase}:\n${main.stdout.slice(-3000)}`).toBe(true);
  expect(main.signal).toBe('SIGKILL');
  expect(await postRuns({ env }, main), 'a killed main keeps its post step').toBe(true);
  const post = await runAction({ inputs: ins, env, files: main.files, postState: main.state, timeoutMs: 120_000 });
  return { main, post };
}

const containerImage = async (name: string) => {
  const r = await run('docker', ['inspect', '--format', '{{index .Config.Labels "shipshape.image"}}', name]);
  return r.code === 0 ? r.stdout.trim() : 'absent';
};
const lockPresent = async () => (await run('docker', ['inspect', `shipshape-lock-${APP}`])).code === 0;

async function deployLive(version: string): Promise<ActionRun> {
  await writeFile(path.join(work, 'public/version.txt'), version);
  await writeFile(path.join(work, 'public/healthz'), 'ok');
  const live = await runAction({ inputs: inputs(), env, timeoutMs: 240_000 });
  expect(live.code, live.stdout.slice(-3000)).toBe(0);
  expect((await httpGet(PORT, '/version.txt')).body).toBe(version);
  return live;
}

beforeAll(async () => {
  tb = testbed();
  app = await exampleAppCopy('shipshape-i11-kill-');
  work = app.dir;
  await removeApp(APP);
});

afterAll(async () => {
  await removeApp(APP);
  await app.remove();
});

describe('SIGKILL of the main step, then the post step alone', () => {
  it('killed at the health gate: the old version serves, the candidate is gone, the next deploy takes the lease at once', async () => {
    const live = await deployLive('live-1');
    const liveColor = live.outputs.color;
    const candidateColor = liveColor === 'blue' ? 'green' : 'blue';

    // The candidate never becomes healthy (no /healthz): it waits at the gate until the kill.
    await writeFile(path.join(work, 'public/version.txt'), 'candidate-1');
    await rm(path.join(work, 'public/healthz'));
    const { main, post } = await killIn('gated', inputs(), async () => {
      // Really at the gate: the candidate container runs, the lease is held.
      expect(await containerImage(`${APP}-${candidateColor}`)).toContain(REPO);
      expect(await lockPresent()).toBe(true);
    });
    expect(main.stdout).not.toMatch(/Switched/);
    expect(post.code, post.stdout).toBe(0);
    expect(post.stdout).toMatch(/Released the deploy lock of i11-kill/);

    expect((await httpGet(PORT, '/version.txt')).body).toBe('live-1');
    expect(await containerImage(`${APP}-${candidateColor}`)).toBe('absent');
    expect(await lockPresent(), 'the lease is free').toBe(false);
    const record = JSON.parse(await readFile(JSON.parse(main.state.shipshape).recordPath, 'utf8')) as BuildRecord;
    expect(record.status).not.toBe('succeeded');

    // The next deploy takes the free lease (nothing to wait for, nothing to break) and completes.
    await writeFile(path.join(work, 'public/healthz'), 'ok');
    const next = await runAction({ inputs: inputs(), env, timeoutMs: 240_000 });
    expect(next.code, next.stdout.slice(-3000)).toBe(0);
    expect(next.stdout).not.toMatch(/Broke an expired lease/);
    expect((await httpGet(PORT, '/version.txt')).body).toBe('candidate-1');
  });

  it('killed during the soak after the switch: the post step switches back, the previous version serves again', async () => {
    const live = await deployLive('live-2');
    const candidateColor = live.outputs.color === 'blue' ? 'green' : 'blue';

    await writeFile(path.join(work, 'public/version.txt'), 'candidate-2');
    const { post } = await killIn('soaking', inputs({ 'soak-seconds': '60' }), async () => {
      // The switch happened: the public route serves the candidate while it soaks.
      for (let i = 0; i < 50 && (await httpGet(PORT, '/version.txt')).body !== 'candidate-2'; i++) await new Promise((r) => setTimeout(r, 100));
      expect((await httpGet(PORT, '/version.txt')).body).toBe('candidate-2');
    });
    expect(post.code, post.stdout).toBe(0);
    expect(post.stdout).toMatch(/Switched i11-kill back to/);

    expect((await httpGet(PORT, '/version.txt')).body).toBe('live-2');
    expect(await containerImage(`${APP}-${candidateColor}`)).toBe('absent');
    expect(await lockPresent(), 'the lease is free').toBe(false);
    // The host state names the previous color again, so the next deploy goes to the candidate's color.
    const next = await runAction({ inputs: inputs(), env, timeoutMs: 240_000 });
    expect(next.code, next.stdout.slice(-3000)).toBe(0);
    expect(next.outputs.color).toBe(candidateColor);
    expect((await httpGet(PORT, '/version.txt')).body).toBe('candidate-2');
  });
});
