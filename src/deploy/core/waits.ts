import { peerText } from '../../log.js';
import type { MachineContext } from './context.js';
import { DeployError } from './errors.js';
import type { Color } from './color.js';
import type { HealthAttempt } from './model.js';
import { checkWords } from './check-words.js';
import { candidateDown, exitWords } from './exit-words.js';

const POLL_MS = 200;
const DRAIN_POLL_MS = 100;
export const DRAIN_LIMIT_MS = 15000;

/** When the gate says what it sees: first after PROGRESS_FIRST_MS, then every PROGRESS_EVERY_MS. */
export const PROGRESS_FIRST_MS = 2000;
export const PROGRESS_EVERY_MS = 5000;

const secs = (ms: number) => Math.floor(ms / 1000);

/**
 * The health gate: the router's active check of `color` (no traffic yet) until it passes, the
 * instance exits or restarts (at once; `restartsBefore`: its engine restart count before it was started), or the timeout. It logs what the check sees every few seconds.
 */
export async function gate(c: MachineContext, color: Color, name: string, restartsBefore = 0): Promise<void> {
  const s = c.settings;
  const start = c.now();
  const deadline = start + s.healthTimeoutSeconds * 1000;
  const target = { path: s.healthPath, port: s.containerPort };
  const attempts: HealthAttempt[] = c.result.health.attempts;
  let nextProgress = start + PROGRESS_FIRST_MS;
  for (;;) {
    const row = (await c.router.health(s.app))[color];
    const ok = !!row?.up;
    const detail = row ? peerText(row.detail, 200) : 'no server row';
    attempts.push({ at: new Date(c.now()).toISOString(), ms: c.now() - start, ok, detail });
    if (attempts.length > 40) attempts.splice(0, attempts.length - 40);
    if (ok) return;
    let inst = await c.runtime.inspect(name);
    const down = candidateDown(inst, restartsBefore);
    if (down || c.now() >= deadline) {
      // Seen running again after a crash: its exit code shows while it is down between restarts.
      for (let i = 0; down && i < 10 && inst?.running && inst.status !== 'restarting'; i++) {
        await c.sleep(POLL_MS);
        inst = await c.runtime.inspect(name);
      }
      const logs = await c.runtime.logs(name, 20).catch((e: Error) => [`(its logs could not be read: ${e.message})`]);
      const last = attempts
        .slice(-3)
        .map((a) => a.detail)
        .join('; ');
      const why = down ? `: ${exitWords(name, inst, logs)}` : ` within ${s.healthTimeoutSeconds} s: ${checkWords(detail, target, { hint: true })}; last checks: ${last}`;
      throw new DeployError(
        `${name} did not pass the health check GET ${s.healthPath}${why}${logs.length ? `; last log lines:\n${logs.map((l) => peerText(l, 500)).join('\n')}` : ''}`,
        { ...c.result, lastLogLines: logs },
        { phase: 'gated' },
      );
    }
    if (c.now() >= nextProgress) {
      c.logger.info(`${s.app}: waiting for ${color}, ${secs(c.now() - start)} s of ${s.healthTimeoutSeconds}: GET :${s.containerPort}${s.healthPath} → ${checkWords(detail, target, { hint: true })}`);
      nextProgress = c.now() + PROGRESS_EVERY_MS;
    }
    await c.sleep(POLL_MS);
  }
}

/**
 * Runs `probe` every `pollMs` for `soak-seconds` and records it in the result; the first fault
 * ends the soak and comes back as the failure reason (`what`: the word for one probe in it).
 */
export async function soakLoop(c: MachineContext, what: string, pollMs: number, probe: () => Promise<string | undefined>): Promise<string | undefined> {
  const out = { seconds: c.settings.soakSeconds, probes: 0, failures: 0, ok: true };
  c.result.soak = out;
  const end = c.now() + c.settings.soakSeconds * 1000;
  if (c.settings.soakSeconds > 0) c.logger.info(`${c.settings.app}: soaking for ${c.settings.soakSeconds} s (a ${what} every ${pollMs} ms; the first fault fails the deploy)`);
  while (c.now() < end) {
    const fault = await probe();
    out.probes++;
    if (fault) {
      out.failures++;
      out.ok = false;
      return `soak failed after ${out.probes} ${what}(s): ${fault}`;
    }
    await c.sleep(pollMs);
  }
  return undefined;
}

/** Probes the public route and the new color's check for `soak-seconds`; returns a failure reason or undefined. */
export function soak(c: MachineContext, color: Color): Promise<string | undefined> {
  const s = c.settings;
  return soakLoop(c, 'probe', POLL_MS, async () => {
    const { health, status } = await c.router.probe(s.app, s.healthPath);
    const target = health[color];
    const code = /^HTTP\/\d\.\d (\d{3})/.exec(status)?.[1];
    return !target?.up
      ? `proxy check of ${color}: ${target ? peerText(target.detail, 200) : 'no server row'}`
      : !code || !code.startsWith('2')
        ? `GET ${s.healthPath} through the proxy answered "${peerText(status, 200)}"`
        : undefined;
  });
}

/** Waits until `color` has no requests in flight (bounded); says so when it gives up. */
export async function waitDrained(c: MachineContext, color: Color): Promise<void> {
  const end = c.now() + DRAIN_LIMIT_MS;
  while (c.now() < end) {
    if (((await c.router.health(c.settings.app))[color]?.sessions ?? 0) === 0) return;
    await c.sleep(DRAIN_POLL_MS);
  }
  c.logger.warning(`${color} still had requests in flight after ${DRAIN_LIMIT_MS / 1000} s of draining`);
}
