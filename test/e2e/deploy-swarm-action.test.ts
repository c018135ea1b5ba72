// deploy-mode swarm through dist/index.js as a runner runs it (INPUT_*, GITHUB_OUTPUT/STATE/STEP_SUMMARY),
// against the testbed's three-engine swarm over its sshd: the outputs and the record, and a main step
// SIGKILLed while Swarm's update runs, recovered by the post step alone from the journal in GITHUB_STATE.
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeployJournal } from '../../src/deploy/core/journal.js';
import type { BuildRecord } from '../../src/record/schema.js';
import { exampleAppCopy } from '../support/deploy-apps.js';
import { httpGet, underLoad } from '../support/deploy-load.js';
import { onManager as onManagerOf, removeSwarmApp, swarmDeployInputs } from '../support/deploy-swarm.js';
import { newRunnerFiles, parseCommandFile, runAction, type ActionRun } from '../support/run-action.js';
import { testbed, type Testbed } from '../support/testbed.js';

const APP = 'i14-swarm-action';
const FIRST = 'i14-swarm-first';
const PORT = 18917;
const FIRST_PORT = 18918;
const REPO = `i14-swarm-action/web-${Date.now().toString(36)}`;
const env = { SOURCE_DATE_EPOCH: '1700000000' };

let tb: Testbed;
let manager: string;
let app: Awaited<ReturnType<typeof exampleAppCopy>>;

const onManager = (...args: string[]) => onManagerOf(tb, ...args);
const failure = (run: ActionRun) => `exit ${run.code} ${run.signal ?? ''}\n${run.stdout.slice(-5000)}\n${run.stderr.slice(-2000)}`;

const inputs = (name = APP, port = PORT, over: Record<string, string> = {}): Record<string, string> => ({
  context: app.dir,
  image: `${tb.registries.anon}/${REPO}`,
  base: tb.baseImage,
  // sh as PID 1 exits on SIGTERM (httpd as PID 1 would ignore it and cost each task its stop-timeout).
  cmd: JSON.stringify(['sh', '-c', "trap 'exit 0' TERM; httpd -f -p 8080 -h /app/public & wait"]),
  'cache-dir': app.cacheDir,
  ...swarmDeployInputs(tb, name, port),
  'deploy-mode': 'swarm',
  replicas: '3',
  'health-path': '/healthz',
  'health-timeout': '30',
  ...over,
});

const setVersion = (v: string) => writeFile(path.join(app.dir, 'public/version.txt'), v);
const recordOf = async (run: ActionRun) => JSON.parse(await readFile(run.outputs['record-path'] || JSON.parse(run.state.shipshape).recordPath, 'utf8')) as BuildRecord;
const served = async (port = PORT) => (await httpGet(port, '/version.txt', manager).catch(() => ({ body: 'unreachable' }))).body;

/** Image of each running task of `name`, from the manager. */
async function runningImages(name = APP): Promise<string[]> {
  const out = await onManager('service', 'ps', '--no-trunc', name, '--filter', 'desired-state=running', '--format', '{{.Image}} {{.CurrentState}}');
  return out.trim().split('\n').filter((l) => / Running /.test(l)).map((l) => l.split(' ')[0]!);
}

const lockPresent = async (name = APP) => onManager('inspect', `shipshape-lock-${name}`).then(() => true, () => false);
const serviceState = async (name = APP) => (await onManager('service', 'inspect', name, '--format', '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}').catch(() => 'absent')).trim();
const hostHistory = async (name = APP) =>
  (JSON.parse(await onManager('run', '--rm', '-v', `shipshape-state-${name}:/s`, tb.proxyImage, 'cat', '/s/state.json')) as { history: { outcome: string; mode?: string; image: string }[] }).history;

/** The journal main saved last in GITHUB_STATE (what the runner hands the post step). */
async function savedJournal(stateFile: string): Promise<DeployJournal | undefined> {
  // The last `shipshape` entry wins, as it does for the runner.
  const last = parseCommandFile(await readFile(stateFile, 'utf8').catch(() => '')).shipshape;
  try {
    return last ? (JSON.parse(last) as { deploy?: DeployJournal }).deploy : undefined;
  } catch {
    return undefined; // caught mid-write
  }
}

/**
 * Runs main, SIGKILLs it once the journal says `updating` and `ready()` holds (Swarm's update really
 * under way), then runs the post step alone with main's state.
 */
async function killWhileUpdating(ins: Record<string, string>, ready: (j: DeployJournal) => Promise<boolean>, signal: NodeJS.Signals = 'SIGKILL'): Promise<{ main: ActionRun; post: ActionRun; journal: DeployJournal }> {
  const files = await newRunnerFiles();
  let killedAt: DeployJournal | undefined;
  const main = await runAction({
    inputs: ins,
    env,
    files,
    timeoutMs: 400_000,
    onSpawn: (pid) => {
      void (async () => {
        for (let i = 0; i < 3000 && !killedAt; i++) {
          const j = await savedJournal(files.state);
          if (j?.phase === 'updating' && (await ready(j))) {
            killedAt = j;
            process.kill(pid, signal);
            return;
          }
          await new Promise((r) => setTimeout(r, 150));
        }
      })();
    },
  });
  expect(killedAt, `main never reached Swarm's update:\n${failure(main)}`).toBeDefined();
  // A canceled job (SIGINT) exits 130 after marking the record canceled; a SIGKILL leaves nothing.
  if (signal === 'SIGKILL') expect(main.signal).toBe('SIGKILL');
  else expect(main.code, failure(main)).toBe(130);
  const post = await runAction({ inputs: ins, env, files: main.files, postState: main.state, timeoutMs: 400_000 });
  return { main, post, journal: killedAt! };
}

beforeAll(async () => {
  tb = testbed();
  manager = tb.swarm.nodes[0]!.address;
  app = await exampleAppCopy('shipshape-i14-swarm-');
  await removeSwarmApp(tb, APP);
  await removeSwarmApp(tb, FIRST);
}, 180_000);

afterAll(async () => {
  await removeSwarmApp(tb, APP);
  await removeSwarmApp(tb, FIRST);
  await app.remove();
}, 180_000);

describe('deploy-mode swarm through dist/index.js', { timeout: 900_000 }, () => {
  it('i14-swarm-action: deploy-mode swarm creates the service: outputs, record deploy.swarm, host history', async () => {
    await setVersion('s-1');
    const run = await runAction({ inputs: inputs(), env, timeoutMs: 400_000 });
    expect(run.code, failure(run)).toBe(0);
    expect(run.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(run.outputs.image).toBe(`${tb.registries.anon}/${REPO}@${run.outputs.digest}`);
    // A Swarm service has no colors: the output is empty (documented in action.yml).
    expect(run.outputs.color).toBe('');
    expect(run.outputs.url ?? '').toBe('');
    const record = await recordOf(run);
    expect(record.status).toBe('succeeded');
    expect(record.deploy?.swarm).toMatchObject({ replicas: 3, update_state: 'running' });
    expect(record.deploy!.swarm!.tasks).toHaveLength(3);
    expect(record.deploy!.swarm!.tasks.every((t) => t.image === run.outputs.image && t.node_platform === 'linux/amd64')).toBe(true);
    expect(await served()).toBe('s-1');
    expect(await runningImages()).toEqual(Array(3).fill(run.outputs.image));
    expect(await lockPresent()).toBe(false);
    expect((await hostHistory()).at(-1)).toMatchObject({ outcome: 'live', mode: 'swarm', image: run.outputs.image });
  });

  it('i14-swarm-action-auto: deploy-mode auto on the manager updates the service (completed), the record says so', async () => {
    await setVersion('s-2');
    const run = await runAction({ inputs: inputs(APP, PORT, { 'deploy-mode': 'auto' }), env, timeoutMs: 400_000 });
    expect(run.code, failure(run)).toBe(0);
    const record = await recordOf(run);
    expect(record.deploy?.swarm).toMatchObject({ replicas: 3, update_state: 'completed' });
    expect(record.deploy!.swarm!.tasks.every((t) => t.image === run.outputs.image)).toBe(true);
    expect(await served()).toBe('s-2');
    expect((await hostHistory()).at(-1)).toMatchObject({ outcome: 'live', mode: 'swarm', image: run.outputs.image });
  });

  it('i14-swarm-kill: main SIGKILLed mid-update; the post step rolls Swarm back, frees the lease; requests keep succeeding', async () => {
    const before = await runningImages();
    expect(new Set(before).size).toBe(1);
    await setVersion('s-3');
    const { value, error, load } = await underLoad(
      PORT,
      false,
      () =>
        killWhileUpdating(inputs(), async (j) => {
          // Swarm's update is under way: at least one task of the new image runs beside the old ones.
          if ((await serviceState()) !== 'updating') return false;
          return (await runningImages()).includes(j.image!);
        }),
      { address: manager, seconds: 400, label: 'swarm kill ' },
    );
    expect(error).toBeUndefined();
    const { main, post, journal } = value!;
    expect(journal).toMatchObject({ mode: 'swarm', kind: 'deploy', swarm: { created: false, previousImage: before[0] } });
    expect(main.stdout).toMatch(/updating service/);
    expect(post.code, failure(post)).toBe(0);
    expect(post.stdout).toMatch(/rolling service \w+ back to its previous spec/);
    expect(post.stdout).toMatch(/runs its previous spec again \(rollback_completed\)/);
    expect(post.stdout).toMatch(/Released the deploy lock of i14-swarm-action/);
    expect(await runningImages()).toEqual(before);
    expect(await served()).toBe('s-2');
    expect(await lockPresent(), 'the lease is free').toBe(false);
    expect((await hostHistory()).at(-1)).toMatchObject({ outcome: 'reverted', mode: 'swarm', image: journal.image });
    console.log(`swarm kill + post-step rollback: ${load.failed} failed, ${load.non2xx} non-2xx of ${load.complete}`);
    expect(load.complete).toBeGreaterThan(100);
    expect(load.failed).toBe(0);
    expect(load.non2xx).toBe(0);

    // The next deploy takes the free lease at once (nothing to wait for or break) and completes.
    const next = await runAction({ inputs: inputs(), env, timeoutMs: 400_000 });
    expect(next.code, failure(next)).toBe(0);
    expect(next.stdout).not.toMatch(/Broke an expired lease/);
    expect((await recordOf(next)).deploy?.lock).not.toHaveProperty('broken');
    expect(await served()).toBe('s-3');
  });

  it('i14-swarm-cancel: a canceled job (SIGINT) mid-update; the post step rolls Swarm back', async () => {
    const before = await runningImages();
    await setVersion('s-4');
    const { post } = await killWhileUpdating(
      inputs(),
      async (j) => (await serviceState()) === 'updating' && (await runningImages()).includes(j.image!),
      'SIGINT',
    );
    expect(post.code, failure(post)).toBe(0);
    expect(post.stdout).toMatch(/rolling service \w+ back to its previous spec/);
    expect(await runningImages()).toEqual(before);
    expect(await served()).toBe('s-3');
    expect(await lockPresent()).toBe(false);
  });

  it('i14-swarm-kill-first: main SIGKILLed while it creates the service; the post step removes it (nothing before it)', async () => {
    await setVersion('first-1');
    const { post } = await killWhileUpdating(inputs(FIRST, FIRST_PORT), async (j) => !!j.swarm?.serviceId && (await serviceState(FIRST)) !== 'absent');
    expect(post.code, failure(post)).toBe(0);
    expect(post.stdout).toMatch(/removing service \w+, which this deploy created/);
    expect(await serviceState(FIRST)).toBe('absent');
    expect(await lockPresent(FIRST)).toBe(false);
    expect((await hostHistory(FIRST)).at(-1)).toMatchObject({ outcome: 'failed', mode: 'swarm' });
  });

  it('i14-swarm-remove: remove: true (deploy-mode auto) takes the app off the swarm: its services, proxy configs and host state; nothing of another app', async () => {
    const image = (await runningImages())[0];
    expect(image).toMatch(/@sha256:/);
    const rm = await runAction({ entry: 'deploy', env, inputs: { ...swarmDeployInputs(tb, APP, PORT), image: image!, remove: 'true' }, timeoutMs: 300_000 });
    expect(rm.code, failure(rm)).toBe(0);
    const record = JSON.parse(await readFile(rm.outputs['record-path']!, 'utf8')) as BuildRecord;
    expect(record.deploy?.removed).toEqual(expect.arrayContaining([`service ${APP}-proxy`, `service ${APP}`, `volume shipshape-state-${APP}`]));
    expect(record.deploy!.removed!.some((r) => r.startsWith(`config ${APP}-proxy`))).toBe(true);
    expect(await serviceState()).toBe('absent');
    expect(await serviceState(`${APP}-proxy`)).toBe('absent');
    expect((await onManager('config', 'ls', '--filter', `label=shipshape.app=${APP}`, '-q')).trim()).toBe('');
    expect((await onManager('volume', 'ls', '-q', '--filter', `name=shipshape-state-${APP}`)).trim()).toBe('');
    expect(await lockPresent()).toBe(false);
    expect(await served()).toBe('unreachable');
    // The other app's host state on the manager is untouched.
    expect((await hostHistory(FIRST)).length).toBeGreaterThan(0);
  });
});
