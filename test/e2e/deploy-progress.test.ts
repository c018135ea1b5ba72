import { mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, DeployError, type DeployJournal } from '../../src/deploy/index.js';
import { buildTestApp, pushByDigest } from '../support/deploy-apps.js';
import { httpGet } from '../support/deploy-load.js';
import { memoryLogger, removeApp, sshSettings } from '../support/deploy-settings.js';
import { runOk } from '../support/process.js';
import { testbed, type Testbed } from '../support/testbed.js';

// Issue 22: a deploy a person can follow — the gate says what it sees, a candidate that cannot start ends it at once.
const APP = 'pg-progress';
const PORT = 18622;
const REPO = 'pg-progress/app';
let tb: Testbed;
let v1 = '';

/** The testbed base with `cmd` as its command (the health script answers 200, on whatever port the command listens). */
async function buildImage(tag: string, cmd: string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'pg-progress-'));
  const container = `pg-progress-build-${tag}-${process.pid}`;
  try {
    mkdirSync(join(dir, 'www', 'cgi-bin'), { recursive: true });
    writeFileSync(join(dir, 'www', 'index.html'), `${tag}\n`);
    const health = join(dir, 'www', 'cgi-bin', 'health');
    writeFileSync(health, '#!/bin/sh\necho "Status: 200 OK"\necho "Content-Type: text/plain"\necho\necho ok\n');
    chmodSync(health, 0o755);
    await runOk('docker', ['create', '--name', container, tb.baseImage, 'sh']);
    await runOk('docker', ['cp', `${join(dir, 'www')}/.`, `${container}:/www`]);
    const ref = `${tb.registries.anon}/${REPO}:${tag}`;
    await runOk('docker', ['commit', '--change', `CMD ${JSON.stringify(cmd)}`, container, ref]);
    return await pushByDigest(tb, REPO, ref);
  } finally {
    await runOk('docker', ['rm', '-f', container]).catch(() => '');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A deploy whose log lines and phases are timed from the moment the gate began. */
async function timedDeploy(image: string, id: string, healthTimeoutSeconds: number) {
  const logger = memoryLogger();
  const lines: { line: string; at: number }[] = [];
  let gatedAt = 0;
  const timed = { ...logger, info: (m: string) => void lines.push({ line: m, at: Date.now() - gatedAt }) };
  const saveState = (j: DeployJournal) => void (j.phase === 'gated' && !gatedAt && (gatedAt = Date.now()));
  const error = await deploy(sshSettings(tb, APP, PORT, { healthTimeoutSeconds }), { image, owner: { id }, logger: timed, mask: () => {}, saveState }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, lines, failedAfterMs: Date.now() - gatedAt };
}

describe('deploy progress and failures in the user’s words (issue 22)', () => {
  beforeAll(async () => {
    tb = testbed();
    await removeApp(APP);
    v1 = await buildTestApp(tb, 'v1', REPO);
    const logger = memoryLogger();
    await deploy(sshSettings(tb, APP, PORT), { image: v1, owner: { id: 'pg-v1' }, logger, mask: () => {} });
    expect((await httpGet(PORT)).body).toBe('v1\n');
    // The pull (its tag was dropped locally after the push) and the soak say what they do.
    const log = logger.lines.join('\n');
    expect(log).toContain(`${APP}: pull ${v1.slice(0, v1.indexOf('@') + 20)}…: Pulling from ${REPO}\n`);
    expect(log).toMatch(new RegExp(`${APP}: pull .*: \\d+ of \\d+ layers done`));
    expect(log).toContain(`${APP}: soaking for 2 s`);
  });
  afterAll(() => removeApp(APP));

  it('an app listening on 3000 while container-port is 8080: a progress line names both within seconds, the failure too; v1 keeps serving', async () => {
    const image = await buildImage('port3000', ['sh', '-c', "trap 'exit 0' TERM; httpd -f -p 3000 -h /www & wait"]);
    const { error, lines } = await timedDeploy(image, 'pg-port', 12);
    console.log(`wrong port: ${lines.map((l) => `+${l.at} ms ${l.line}`).join('\n')}\n${(error as Error).message}`);
    const waiting = lines.filter((l) => l.line.startsWith(`${APP}: waiting for`));
    expect(waiting.length, lines.map((l) => l.line).join('\n')).toBeGreaterThanOrEqual(2);
    expect(waiting[0].line).toMatch(/GET :8080\/cgi-bin\/health → connection refused on port 8080 \(L4CON\): is the app listening on `container-port` \(8080\)\?/);
    expect(waiting[0].at, 'the first progress line comes within a few seconds of the gate').toBeLessThan(5000);
    expect(error).toBeInstanceOf(DeployError);
    const e = error as DeployError;
    expect(e.phase).toBe('gated');
    expect(e.message).toMatch(/^deploy of pg-progress: the new version did not pass its health check; the live version \(blue\) keeps serving: /);
    expect(e.message).toContain('within 12 s: connection refused on port 8080 (L4CON): is the app listening on `container-port` (8080)?');
    expect(e.message).not.toMatch(/\bphase\b|\bgated\b/);
    expect((await httpGet(PORT)).body).toBe('v1\n');
  });

  it('an image whose command does not exist: fails within seconds (health-timeout 60) with the exit code and the log line; v1 keeps serving', async () => {
    const image = await buildImage('nonode', ['node', 'server.js']);
    const { error, failedAfterMs } = await timedDeploy(image, 'pg-nonode', 60);
    console.log(`missing command: failed ${failedAfterMs} ms after the gate began: ${(error as Error).message}`);
    expect(error).toBeInstanceOf(DeployError);
    const e = error as DeployError;
    expect(e.phase).toBe('gated');
    expect(failedAfterMs, 'far less than health-timeout').toBeLessThan(15000);
    expect(e.message).toMatch(/^deploy of pg-progress: the new version did not pass its health check; the live version \(blue\) keeps serving: /);
    expect(e.message).toMatch(/the container exited with code 127( \(restarted \d+ times?\))?: `node`: not found — does the image have the command in `cmd` \(or `entrypoint`\)\?/);
    expect(e.result?.lastLogLines?.join('\n')).toMatch(/node/);
    expect((await httpGet(PORT)).body).toBe('v1\n');
  });
});
