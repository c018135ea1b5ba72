import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterApp } from '../support/deploy-app-images.js';
import { httpGet } from '../support/deploy-load.js';
import { removeApp, sshDeployInputs } from '../support/deploy-settings.js';
import { run } from '../support/process.js';
import { runActionWithPost } from '../support/run-action.js';
import { testbed, type Testbed } from '../support/testbed.js';

// Issue 13: a web app and a worker from one image on one host, each deployed by its own step (dist/index.js,
// main and post), each with its own record.
const WEB = 'i13-shared-web';
const WORKER = 'i13-shared-worker';
const PORT = 18133;
let tb: Testbed;
let image: string;
const state = (name: string) => run('docker', ['inspect', '--format', '{{.State.Status}}', name]).then((r) => (r.code === 0 ? r.stdout.trim() : 'absent'));
const cleanup = async () => {
  for (const app of [WEB, WORKER]) await removeApp(app);
  await run('docker', ['volume', 'rm', '-f', 'i13-shared-data']);
};

describe('a web app and a worker share an image and a host (issue 13)', () => {
  beforeAll(async () => {
    tb = testbed();
    await cleanup();
    image = await counterApp(tb, 'i13/shared', 'shared');
  }, 240000);
  afterAll(cleanup, 120000);

  it('each step deploys its own role and writes its own record; the worker gets no proxy and no port', async () => {
    const common = { image, volumes: 'i13-shared-data:/data', 'soak-seconds': '1' };
    const web = await runActionWithPost({ entry: 'deploy', inputs: { ...sshDeployInputs(tb, WEB, PORT), ...common, 'health-path': '/cgi-bin/health' } });
    expect(web.main.code, web.main.stdout + web.main.stderr).toBe(0);
    const worker = await runActionWithPost({ entry: 'deploy', inputs: { ...sshDeployInputs(tb, WORKER, PORT + 1), ...common, role: 'worker', 'ready-seconds': '1' } });
    expect(worker.main.code, worker.main.stdout + worker.main.stderr).toBe(0);
    // both deploys reached `done`: nothing left for their post steps, which post-if skips
    expect([web.post, worker.post]).toEqual([undefined, undefined]);

    const records = await Promise.all([web, worker].map(async (r) => JSON.parse(await readFile(r.main.outputs['record-path'], 'utf8'))));
    expect(records[0].id).not.toBe(records[1].id);
    expect(records.map((r) => [r.status, r.deploy.app, r.deploy.role ?? 'web'])).toEqual([
      ['succeeded', WEB, 'web'],
      ['succeeded', WORKER, 'worker'],
    ]);
    expect(records[0].deploy.to.digest).toBe(records[1].deploy.to.digest);

    const webColor = web.main.outputs.color;
    const workerColor = worker.main.outputs.color;
    expect(await state(`${WEB}-${webColor}`)).toBe('running');
    expect(await state(`${WORKER}-${workerColor}`)).toBe('running');
    expect(await state(`${WEB}-proxy`)).toBe('running');
    expect(await state(`${WORKER}-proxy`)).toBe('absent');
    // The web app serves through its proxy; the worker's image is the same but it publishes nothing.
    expect((await httpGet(PORT, '/')).body.trim()).toBe('shared');
    const ports = await run('docker', ['inspect', '--format', '{{json .HostConfig.PortBindings}}', `${WORKER}-${workerColor}`]);
    expect(['{}', 'null']).toContain(ports.stdout.trim());
  }, 300000);
});
