import { describe, expect, it } from 'vitest';
import { APP, context, img, runMachine, settings, World } from '../support/deploy-fakes.js';
import type { DeployError } from '../../src/deploy/core/errors.js';
import type { Instance } from '../../src/deploy/core/runtime.js';
import { checkWords } from '../../src/deploy/core/check-words.js';
import { exitWords } from '../../src/deploy/core/exit-words.js';
import { PROGRESS_EVERY_MS, PROGRESS_FIRST_MS } from '../../src/deploy/core/waits.js';

const GREEN = `${APP}-green`;
const deployV2 = { kind: 'deploy' as const, image: img('2') };

/** A deploy whose candidate (green) the router sees as `detail`, and the runtime as `candidate` (per inspect call). */
function world(o: { detail?: string; candidate?: (call: number, base: Instance) => Instance; logs?: string[]; timeout?: number }) {
  const w = World.withLive();
  w.unhealthy.add(img('2'));
  const ctx = context(w);
  const { c } = ctx;
  c.settings = { ...settings, healthTimeoutSeconds: o.timeout ?? 60 };
  const health = c.router.health;
  c.router = { ...c.router, health: async (app) => {
    const h = await health(app);
    if (o.detail && h.green && !h.green.up) h.green = { ...h.green, detail: o.detail };
    return h;
  } };
  const inspect = c.runtime.inspect;
  let calls = 0;
  c.runtime = {
    ...c.runtime,
    inspect: async (name) => {
      const base = await inspect(name);
      return name === GREEN && base && o.candidate ? o.candidate(calls++, base) : base;
    },
    logs: async () => o.logs ?? ['app starting'],
  };
  return { w, ...ctx };
}

const expectPreviousServes = (w: World) => {
  expect(w.serving(), 'the previous version serves').toBe(img('1'));
  expect([...w.containers.values()].some((b) => b.image === img('2')), 'the candidate is removed').toBe(false);
};

describe('the health gate says what it sees (issue 22)', () => {
  it('logs a line every few seconds that names the port and container-port; the failure names them too', async () => {
    const { w, c, log } = world({ detail: 'DOWN L4CON (Connection refused)' });
    const started = c.now();
    const e = (await runMachine(c, deployV2).catch((x: unknown) => x)) as DeployError;
    const waits = log.lines.filter((l) => l.startsWith(`${APP}: waiting for green`));
    const at = waits.map((l) => Number(/, (\d+) s of 60:/.exec(l)?.[1]));
    expect(at[0]).toBe(PROGRESS_FIRST_MS / 1000);
    // One line per PROGRESS_EVERY_MS (the gate polls every 200 ms: a line per poll would be 300).
    for (let i = 1; i < at.length; i++) expect(at[i] - at[i - 1]).toBe(PROGRESS_EVERY_MS / 1000);
    expect(waits.length).toBe(12);
    expect(waits[0]).toBe(`${APP}: waiting for green, 2 s of 60: GET :8080/healthz → connection refused on port 8080 (L4CON): is the app listening on \`container-port\` (8080)?`);
    expect(c.now() - started).toBeGreaterThanOrEqual(60_000);
    expect(e.phase).toBe('gated');
    expect(e.message).toMatch(
      /^deploy of shop: the new version did not pass its health check; the live version \(blue\) keeps serving: shop-green did not pass the health check GET \/healthz within 60 s: connection refused on port 8080 \(L4CON\): is the app listening on `container-port` \(8080\)\?/,
    );
    expectPreviousServes(w);
  });

  it('a gate that passes quickly logs no waiting line', async () => {
    const w = World.withLive();
    const { c, log } = context(w);
    await runMachine(c, deployV2);
    expect(log.lines.filter((l) => l.includes('waiting for'))).toEqual([]);
    expect(log.lines).toContain(`${APP}: soaking for 2 s (a probe every 200 ms; the first fault fails the deploy)`);
  });
});

describe('a candidate that exits or restart-loops ends the gate at once (issue 22)', () => {
  const tini = '[FATAL tini (7)] exec node failed: No such file or directory';

  it('exited with 127: the step fails within a poll, naming the exit code, the command and what to check', async () => {
    const { w, c } = world({ logs: [tini], candidate: (_n, b) => ({ ...b, running: false, status: 'exited', exitCode: 127 }) });
    const started = c.now();
    const e = (await runMachine(c, deployV2).catch((x: unknown) => x)) as DeployError;
    expect(c.now() - started, 'far less than the 60 s health timeout').toBeLessThan(1000);
    expect(e.phase).toBe('gated');
    expect(e.message).toContain('the container exited with code 127: `node`: not found — does the image have the command in `cmd` (or `entrypoint`)?');
    expect(e.message).toMatch(/last log lines:\n\[FATAL tini \(7\)\] exec node failed/);
    expect(e.result?.lastLogLines).toEqual([tini]);
    expectPreviousServes(w);
  });

  it('restart-looping (running again between crashes): ends at the first restart it sees, with the count', async () => {
    const { w, c } = world({
      logs: ['Error: Cannot find module /app/server.js'],
      // Running, then running again after one crash (the engine reset the exit code), then down between restarts.
      candidate: (n, b) => (n < 3 ? { ...b, status: 'running', restarts: 0 } : n < 5 ? { ...b, status: 'running', restarts: 1 } : { ...b, status: 'restarting', exitCode: 1, restarts: 1 }),
    });
    const started = c.now();
    const e = (await runMachine(c, deployV2).catch((x: unknown) => x)) as DeployError;
    expect(c.now() - started).toBeLessThan(2000);
    expect(e.message).toContain('the container exited with code 1 (restarted 1 time): the app stopped by itself — see its last log lines');
    expect(e.message).toContain('Cannot find module');
    expectPreviousServes(w);
  });

  it('crashed once and running again ever since: says it restarted, names no exit code it does not know', async () => {
    const { c } = world({ logs: ['/bin/sh: 1: gunicorn: not found'], candidate: (n, b) => ({ ...b, status: 'running', restarts: n < 2 ? 0 : 1 }) });
    const started = c.now();
    const e = (await runMachine(c, deployV2).catch((x: unknown) => x)) as DeployError;
    expect(c.now() - started).toBeLessThan(5000);
    expect(e.message).toContain('the container crashed and was restarted 1 time: `gunicorn`: not found');
    expect(e.message).not.toContain('exited with code');
  });

  it('restarted before the gate first looked: ends at the first look (a fresh candidate has no restarts)', async () => {
    const { c } = world({ candidate: (n, b) => (n === 0 ? { ...b, status: 'running' } : { ...b, status: 'running', restarts: 1 }) });
    const e = (await runMachine(c, deployV2).catch((x: unknown) => x)) as DeployError;
    expect(e.message).toContain('restarted 1 time');
    expect(e.result?.health?.attempts.length, 'one look').toBe(1);
  });

  it('a rollback counts only the restarts after its start, not the old container’s history', async () => {
    const w = World.withLive();
    const { c } = context(w, { kind: 'rollback' });
    const inspect = c.runtime.inspect;
    c.runtime = { ...c.runtime, inspect: async (name) => ((b) => b && { ...b, restarts: 5 })(await inspect(name)) };
    const r = await runMachine(c, { kind: 'rollback' });
    expect(r.to.digest).toBe(img('0'));
  });

  it('in the engine’s restart back-off (status restarting): ends at once', async () => {
    const { c } = world({ candidate: (_n, b) => ({ ...b, status: 'restarting', exitCode: 0, restarts: 0 }) });
    const e = (await runMachine(c, deployV2).catch((x: unknown) => x)) as DeployError;
    expect(e.message).toContain('its command ended instead of serving — does `cmd` run the server in the foreground?');
  });
});

describe('check and exit words', () => {
  const t = { path: '/healthz', port: 8080 };
  it('translates HAProxy check codes, with or without a transition count or a code', () => {
    expect(checkWords('DOWN 1/2 L4CON (Connection refused)', t, { hint: true })).toBe('connection refused on port 8080 (L4CON): is the app listening on `container-port` (8080)?');
    expect(checkWords('DOWN L7STS 404 (HTTP status check returned code <3C>404<3E>)', t, { hint: true })).toBe('GET /healthz answered 404 (L7STS): does the app serve `health-path` (/healthz)?');
    expect(checkWords('DOWN L7STS 500', t)).toBe('GET /healthz answered 500 (L7STS)');
    expect(checkWords('DOWN L4TOUT (Layer4 timeout)', t, { hint: true })).toMatch(/^no connection to port 8080 within the check's timeout \(L4TOUT\): .*0\.0\.0\.0/);
    expect(checkWords('DOWN L7TOUT (Layer7 timeout)', t)).toBe("GET /healthz did not answer within the check's timeout (L7TOUT)");
    expect(checkWords('no server row', t)).toBe('the proxy has no server for it yet');
    expect(checkWords('something else', t)).toBe('something else');
  });

  it('names the missing command from a shell or runc as well as tini', () => {
    const inst = { name: 'x', running: false, exitCode: 127 };
    expect(exitWords('x', inst, ['/bin/sh: 1: gunicorn: not found'])).toContain('`gunicorn`: not found');
    expect(exitWords('x', inst, ['exec: "bun": executable file not found in $PATH'])).toContain('`bun`: not found');
    expect(exitWords('x', inst, ['nothing useful'])).toContain('command not found —');
    expect(exitWords('x', { ...inst, exitCode: 137, oomKilled: true }, [])).toContain('more memory than its limit');
    expect(exitWords('x', undefined, [])).toContain('is gone');
  });
});
