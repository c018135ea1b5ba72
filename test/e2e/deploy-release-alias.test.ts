import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy } from '../../src/deploy/index.js';
import { defaultAppOptions } from '../../src/settings/app.js';
import { counterApp } from '../support/deploy-app-images.js';
import { memoryLogger, removeApp, sshSettings } from '../support/deploy-settings.js';
import { run, runOk } from '../support/process.js';
import { testbed, type Testbed } from '../support/testbed.js';

// Issue 24: the release container is not the app. It joins the app's user networks without the app's
// aliases, so a peer calling the alias while the release runs reaches the live app only.
const APP = 'i24-rel';
const PORT = 18241;
const NET = 'i24-rel-net';
const ALIAS = 'i24-rel-api';
const PEER = 'i24-rel-peer';
let tb: Testbed;
const img = { v1: '', v2: '' };

const settings = (releaseCommand?: string[]) =>
  sshSettings(tb, APP, PORT, { service: { ...defaultAppOptions(), networks: [{ name: NET, aliases: [ALIAS] }], ...(releaseCommand && { releaseCommand }) } });
const req = (image: string, id: string) => ({ image, owner: { id }, logger: memoryLogger(), mask: () => {} });
const cleanup = async () => {
  await removeApp(APP);
  await run('docker', ['rm', '-f', `${APP}-release`, PEER]);
  await run('docker', ['network', 'rm', NET]);
};

/**
 * A peer on the network asks the alias `n` times, resolving it each time (Docker's DNS shuffles the
 * answers), and counts the answers that came from the live app (`v1`). busybox's nslookup and nc: the
 * base image's wget crashes on names.
 */
async function peerCalls(n: number): Promise<{ ok: number; failed: number }> {
  const one = `ip=$(nslookup ${ALIAS} 127.0.0.11 | awk '/^Address/ {a=$NF} END {print a}'); printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 "$ip" 8080 | grep -q '^v1$'`;
  const script = `ok=0; failed=0; i=0; while [ $i -lt ${n} ]; do i=$((i+1)); if ${one}; then ok=$((ok+1)); else failed=$((failed+1)); fi; sleep 0.1; done; echo "$ok $failed"`;
  const out = await runOk('docker', ['run', '--rm', '--name', PEER, '--network', NET, tb.baseImage, 'sh', '-c', script], { timeoutMs: 120_000 });
  const [ok, failed] = out.trim().split('\n').pop()!.split(' ').map(Number);
  return { ok: ok!, failed: failed! };
}

async function waitRunning(name: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if ((await run('docker', ['inspect', '--format', '{{.State.Running}}', name])).stdout.trim() === 'true') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} was not running within ${ms} ms`);
}

describe('a release container is not the app', () => {
  beforeAll(async () => {
    tb = testbed();
    await cleanup();
    await runOk('docker', ['network', 'create', NET]);
    [img.v1, img.v2] = await Promise.all([counterApp(tb, 'i24/rel', 'v1'), counterApp(tb, 'i24/rel', 'v2')]);
    await deploy(settings(), req(img.v1, 'i24-rel-v1'));
  }, 240_000);
  afterAll(cleanup, 120_000);

  it('a peer calling the app alias while the release runs gets the live app every time (control first)', async () => {
    expect(await peerCalls(20)).toEqual({ ok: 20, failed: 0 });
    // The release outlasts the peer's calls; the deploy of v2 goes on only once it has ended.
    const deploying = deploy(settings(['sh', '-c', 'echo migrating; sleep 12']), req(img.v2, 'i24-rel-v2'));
    deploying.catch(() => undefined);
    await waitRunning(`${APP}-release`, 60_000);
    const during = await peerCalls(20);
    expect((await run('docker', ['inspect', '--format', '{{.State.Running}}', `${APP}-release`])).stdout.trim()).toBe('true');
    const aliases = await runOk('docker', ['inspect', '--format', `{{json (index .NetworkSettings.Networks "${NET}").Aliases}}`, `${APP}-release`]);
    expect(during).toEqual({ ok: 20, failed: 0 });
    expect(aliases).not.toContain(ALIAS);
    const r = await deploying;
    expect(r.release).toMatchObject({ exitCode: 0 });
  }, 240_000);
});
