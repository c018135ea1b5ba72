// Swarm services are found by exact name and shipshape's labels, through dist/index.js on the testbed
// swarm: the Engine API resolves GET/DELETE /services/<name> as an ID prefix when no service has that
// name, so `remove: true` for an app named like the start of another service's ID must not touch it.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildRecord } from '../../src/record/schema.js';
import { counterApp } from '../support/deploy-app-images.js';
import { waitForBody } from '../support/deploy-load.js';
import { onManager as onManagerOf, removeSwarmApp, swarmDeployInputs } from '../support/deploy-swarm.js';
import { runOk } from '../support/process.js';
import { runAction, type ActionRun } from '../support/run-action.js';
import { testbed, type Testbed } from '../support/testbed.js';

const PORT = 18943;
/** An app deployed, updated and removed for real, beside the foreign services. */
const WEB = 'i21-names-web';
const WEB_PORT = 18944;
const env = { SOURCE_DATE_EPOCH: '1700000000' };

let tb: Testbed;
/** The app name: the first characters of the foreign service's ID (no service has this name). */
let app = '';
const ids: string[] = [];
const images = { v1: '', v2: '' };

const onManager = (...args: string[]) => onManagerOf(tb, ...args);
const failure = (run: ActionRun) => `exit ${run.code} ${run.signal ?? ''}\n${run.stdout.slice(-5000)}\n${run.stderr.slice(-2000)}`;
/** A service shipshape did not create: no task (nothing to pull), labels of its own. */
const foreign = async (name: string, labels: string[] = []) =>
  (await onManager('service', 'create', '-d', '--no-resolve-image', '--name', name, '--replicas', '0', ...labels.flatMap((l) => ['--label', l]), tb.baseImage, 'sleep', '1000')).trim();
const serviceNames = async () => (await onManager('service', 'ls', '--format', '{{.Name}}')).trim().split('\n');
const removeInputs = (name: string) => ({ ...swarmDeployInputs(tb, name, PORT), remove: 'true' });

beforeAll(async () => {
  tb = testbed();
  await removeSwarmApp(tb, WEB);
  [images.v1, images.v2] = await Promise.all([counterApp(tb, 'i21/web', 'v1'), counterApp(tb, 'i21/web', 'v2')]);
  const stamp = Date.now().toString(36);
  ids.push(await foreign(`i21-payments-${stamp}`, ['team=payments']));
  app = ids[0]!.slice(0, 6);
  // The right names for the app's proxy and release job, but not shipshape's (no labels, or another app's).
  ids.push(await foreign(`${app}-proxy`));
  ids.push(await foreign(`${app}-release`, ['shipshape.app=other', 'shipshape.role=release']));
}, 300_000);

afterAll(async () => {
  await removeSwarmApp(tb, WEB);
  // The release job's ended task leaves an exited container on its node after the job is removed.
  for (const n of tb.swarm.nodes) {
    const left = (await runOk('docker', ['-H', `unix://${n.socket}`, 'ps', '-aq', '--filter', `name=${WEB}-release.`]).catch(() => '')).trim();
    if (left) await runOk('docker', ['-H', `unix://${n.socket}`, 'rm', '-f', ...left.split('\n')]).catch(() => '');
  }
  // By ID: `service rm <app>` would resolve the name as an ID prefix, the very thing under test.
  if (ids.length) await onManager('service', 'rm', ...ids).catch(() => '');
  if (app) {
    await onManager('rm', '-f', `shipshape-lock-${app}`, `shipshape-state-${app}`).catch(() => '');
    await onManager('volume', 'rm', '-f', `shipshape-state-${app}`).catch(() => '');
  }
}, 300_000);

describe('swarm service names through dist/index.js', { timeout: 600_000 }, () => {
  it('i21-swarm-id-prefix: remove: true for an app named like the start of another service\'s ID removes nothing of it, nor services without its labels', async () => {
    const before = await serviceNames();
    // The hazard is real: the engine resolves the app's name to the other service.
    expect((await onManager('service', 'inspect', app, '--format', '{{.ID}}')).trim()).toBe(ids[0]);
    const rm = await runAction({ entry: 'deploy', env, inputs: removeInputs(app), timeoutMs: 240_000 });
    expect(rm.code, failure(rm)).toBe(0);
    const record = JSON.parse(await readFile(rm.outputs['record-path']!, 'utf8')) as BuildRecord;
    expect(record.deploy?.removed?.filter((r) => r.startsWith('service'))).toEqual([]);
    expect(rm.stdout).toMatch(new RegExp(`left the Swarm service ${app}-proxy alone: it lacks the labels shipshape.app=${app} and shipshape.role=proxy`));
    expect(rm.stdout).toMatch(new RegExp(`left the Swarm service ${app}-release alone`));
    const after = await serviceNames();
    for (const name of before) expect(after).toContain(name);
    for (const id of ids) expect((await onManager('service', 'inspect', id, '--format', '{{.ID}}')).trim()).toBe(id);
  });

  it('i21-swarm-reserved: an app name that is another app\'s proxy is refused by name before any engine call', async () => {
    const run = await runAction({ entry: 'deploy', env, inputs: removeInputs(`${app}-proxy`), timeoutMs: 60_000 });
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain(`Input 'app': "${app}-proxy" is reserved: it is the name shipshape gives app ${app}'s proxy (container or Swarm service)`);
    expect((await onManager('service', 'inspect', `${app}-proxy`, '--format', '{{.ID}}')).trim()).toBe(ids[1]);
  });

  it('i21-swarm-cycle: deploy (with a release job), update and remove find the app\'s own services by name and labels', async () => {
    const manager = tb.swarm.nodes[0]!.address;
    const deployInputs = (image: string) => ({
      ...swarmDeployInputs(tb, WEB, WEB_PORT),
      'docker-socket': tb.swarm.managerSocket,
      'deploy-mode': 'swarm',
      replicas: '2',
      image,
      'health-path': '/cgi-bin/health',
      'health-timeout': '30',
      'release-command': 'echo migrated',
    });
    for (const [tag, image] of Object.entries(images)) {
      const run = await runAction({ entry: 'deploy', env, inputs: deployInputs(image), timeoutMs: 240_000 });
      expect(run.code, failure(run)).toBe(0);
      expect(run.stdout).toContain('release | migrated');
      await waitForBody(WEB_PORT, `${tag}\n`, 15_000, { host: manager });
    }
    const labels = async (name: string) => JSON.parse(await onManager('service', 'inspect', name, '--format', '{{json .Spec.Labels}}')) as Record<string, string>;
    expect(await labels(WEB)).toMatchObject({ 'shipshape.app': WEB, 'shipshape.role': 'app' });
    expect(await labels(`${WEB}-proxy`)).toMatchObject({ 'shipshape.app': WEB, 'shipshape.role': 'proxy' });
    expect(await serviceNames()).not.toContain(`${WEB}-release`);
    const rm = await runAction({ entry: 'deploy', env, inputs: removeInputs(WEB), timeoutMs: 240_000 });
    expect(rm.code, failure(rm)).toBe(0);
    const record = JSON.parse(await readFile(rm.outputs['record-path']!, 'utf8')) as BuildRecord;
    expect(record.deploy?.removed?.filter((r) => r.startsWith('service'))).toEqual([`service ${WEB}-proxy`, `service ${WEB}`]);
    const after = await serviceNames();
    expect(after.filter((n) => n.startsWith(WEB))).toEqual([]);
    for (const id of ids) expect((await onManager('service', 'inspect', id, '--format', '{{.ID}}')).trim()).toBe(id);
  });
});
