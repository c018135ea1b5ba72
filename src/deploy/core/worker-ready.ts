import { peerText } from '../../log.js';
import type { MachineContext } from './context.js';
import { DeployError } from './errors.js';
import { appOptions } from './spec.js';
import { soakLoop } from './waits.js';

const POLL_MS = 250;

/**
 * A worker's gate (it has no HTTP): ready when its Docker HEALTHCHECK (the image's or `health-cmd`)
 * says healthy; without one, when it has kept running, unrestarted, for `ready-seconds`.
 */
export async function workerReady(c: MachineContext, name: string): Promise<void> {
  const s = c.settings;
  const readyMs = appOptions(s).readySeconds * 1000;
  const start = c.now();
  const deadline = start + (s.healthTimeoutSeconds * 1000 + readyMs);
  const attempts = c.result.health.attempts;
  let first: { startedAt?: string; restarts?: number; at: number } | undefined;
  for (;;) {
    const inst = await c.runtime.inspect(name);
    let fault = !inst ? `container ${name} is gone` : !inst.running ? `container ${name} exited (code ${inst.exitCode})` : undefined;
    if (inst && !fault && inst.health === 'unhealthy') fault = `container ${name} is unhealthy (its HEALTHCHECK failed)`;
    if (inst && !fault && first && (inst.startedAt !== first.startedAt || inst.restarts !== first.restarts)) fault = `container ${name} restarted`;
    first ??= inst && { startedAt: inst.startedAt, restarts: inst.restarts, at: c.now() };
    const ready = !fault && !!inst && (inst.health ? inst.health === 'healthy' : c.now() - first!.at >= readyMs);
    const detail = fault ?? (inst?.health ? `health ${inst.health}` : `running ${c.now() - (first?.at ?? start)} ms of ${readyMs}`);
    attempts.push({ at: new Date(c.now()).toISOString(), ms: c.now() - start, ok: ready, detail });
    if (attempts.length > 40) attempts.splice(0, attempts.length - 40);
    if (ready) {
      c.result.ready = { by: inst!.health ? 'healthcheck' : 'running', ms: c.now() - start };
      return;
    }
    if (fault || c.now() >= deadline) {
      const logs = await c.runtime.logs(name, 20).catch((e: Error) => [`(its logs could not be read: ${e.message})`]);
      throw new DeployError(
        `${name} did not become ready (${fault ?? `not healthy within ${s.healthTimeoutSeconds} s`})${logs.length ? `; last log lines:\n${logs.map((l) => peerText(l, 500)).join('\n')}` : ''}`,
        { ...c.result, lastLogLines: logs },
        { phase: 'gated' },
      );
    }
    await c.sleep(POLL_MS);
  }
}

/** A worker's soak: it keeps running (and healthy) for `soak-seconds`; returns a failure reason or undefined. */
export function workerSoak(c: MachineContext, name: string): Promise<string | undefined> {
  return soakLoop(c, 'check', POLL_MS, async () => {
    const inst = await c.runtime.inspect(name);
    return !inst?.running ? `${name} stopped (code ${inst?.exitCode ?? 'gone'})` : inst.health === 'unhealthy' ? `${name} became unhealthy` : undefined;
  });
}
