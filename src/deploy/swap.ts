import type { DeploySettings } from '../inputs.js';
import type { Logger } from '../log.js';
import { ipAddress } from '../validate.js';
import type { Docker } from './engine/docker.js';
import { addrCmd, checkedUp, describeStat, other, serverCmd, type Color, type ProxyControl } from './haproxy.js';
import { withHistory, type HistoryEntry, type HostState } from './host-state.js';
import { colorName, NETWORK, writeHostState, writeProxyConfig } from './proxy.js';
import { DeployError, type DeployProgress, type DeployResult, type HealthAttempt } from './types.js';

const POLL_MS = 200;
const DRAIN_LIMIT_MS = 15000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SwapContext {
  settings: DeploySettings;
  docker: Docker;
  proxy: ProxyControl;
  logger: Logger;
  now: () => number;
  owner: { id: string; runUrl?: string };
  progress: DeployProgress;
  save: () => void;
  /** Filled as the swap goes; becomes the DeployResult. */
  result: DeployResult;
}

/** How the idle color gets its container: a fresh one from an image, or the stopped previous one. */
export type Candidate = { kind: 'new'; image: string; platform: string; env: string[] } | { kind: 'previous'; image: string };

/** Whether `color` runs `image` and its proxy server passes its active check. */
export async function liveAndHealthy(c: SwapContext, state: HostState, image: string): Promise<boolean> {
  if (!state.live || state.colors[state.live]?.image !== image) return false;
  const info = await c.docker.inspect(colorName(c.settings.app, state.live));
  if (!info?.State.Running || info.Config.Labels?.['shipshape.image'] !== image) return false;
  return checkedUp((await c.proxy.stats())[state.live]);
}

/**
 * The swap: start the idle color → health gate (proxy's active check, no traffic) → atomic
 * switch through the runtime API → soak through the public route (switch back on failure) →
 * retire the old color (stopped, kept for rollback). Never leaves no color serving.
 */
export async function swap(c: SwapContext, candidate: Candidate, kind: HistoryEntry['kind'], hostState: HostState): Promise<DeployResult> {
  const s = c.settings;
  let state = hostState;
  const live = state.live;
  const target: Color = live ? other(live) : 'blue';
  const name = colorName(s.app, target);
  const r = c.result;
  r.color = target;
  r.to = { color: target, digest: candidate.image };
  if (live) {
    r.previousColor = live;
    const liveImage = state.colors[live]?.image;
    if (liveImage) r.from = { color: live, digest: liveImage };
  }
  const history = (outcome: HistoryEntry['outcome'], reason?: string): HistoryEntry => ({
    at: new Date(c.now()).toISOString(),
    kind,
    outcome,
    image: candidate.image,
    color: target,
    ...(r.from && { from: { color: r.from.color, image: r.from.digest } }),
    owner: c.owner.id,
    ...(c.owner.runUrl && { runUrl: c.owner.runUrl }),
    ...(reason && { reason }),
  });
  const record = async (outcome: HistoryEntry['outcome'], reason?: string) => {
    state = withHistory(state, history(outcome, reason), s.historyLimit);
    await writeHostState(c.docker, s.app, state);
  };

  // A new candidate that did not make it is removed; a rollback's (the previous color's own) is stopped again.
  const dropCandidate = () => (candidate.kind === 'new' ? c.docker.remove(name) : c.docker.stop(name, 5)).catch(() => {});

  // Start the idle color (its server is in maintenance: disabled in the config, or set so on retire/failure).
  if (candidate.kind === 'new') {
    await c.docker.remove(name);
    const created = await c.docker.create(
      name,
      {
        Image: candidate.image,
        Env: candidate.env,
        Labels: {
          'shipshape.app': s.app,
          'shipshape.role': 'app',
          'shipshape.color': target,
          'shipshape.image': candidate.image,
          'shipshape.deployed-by': c.owner.id,
          ...(c.owner.runUrl && { 'shipshape.run-url': c.owner.runUrl }),
        },
        // Init: an init process as PID 1 forwards SIGTERM, so apps that never expected to be PID 1 (busybox
        // httpd, node) stop when retired instead of after the whole stop timeout, and zombies are reaped.
        HostConfig: { RestartPolicy: { Name: 'unless-stopped' }, NetworkMode: NETWORK, Init: true },
      },
      candidate.platform,
    );
    if (!created) throw new DeployError(`container ${name} already exists and could not be replaced`, r);
    // Only a new container is a candidate the post step may remove (a rollback's is the previous color's own).
    c.progress.candidate = name;
    c.save();
  }
  let switchStart = 0;
  try {
    await c.docker.start(name);
    const healthStart = c.now();
    await gate(c, target, name);
    r.timings.health = c.now() - healthStart;
    // Atomic switch: the new server takes new requests, the old one drains.
    switchStart = c.now();
    await c.proxy.apply(live ? [serverCmd(target, 'ready'), serverCmd(live, 'drain')] : [serverCmd(target, 'ready')]);
  } catch (e) {
    // Also undoes a switch command that failed half-way: the live color takes all traffic again.
    await c.proxy.apply([...(live ? [serverCmd(live, 'ready')] : []), serverCmd(target, 'maint')]).catch(() => {});
    await dropCandidate();
    c.progress.candidate = undefined;
    c.save();
    await record('failed', (e as Error).message).catch(() => {});
    const failure = e instanceof DeployError ? e : new DeployError((e as Error).message, r);
    // The live color did not change: that is what the record and outputs must say.
    if (failure.result && live) failure.result.color = live;
    throw failure;
  }

  r.switchMs = c.now() - switchStart;
  r.timings.switch = r.switchMs;
  c.progress.switched = true;
  c.progress.candidate = undefined;
  c.save();
  c.logger.info(`Switched ${s.app} to ${target} in ${r.switchMs} ms${live ? ` (${live} draining)` : ''}`);
  const previousState = state;
  state = { ...state, live: target, colors: { ...state.colors, [target]: { image: candidate.image, since: new Date(c.now()).toISOString() } } };

  try {
    await Promise.all([writeProxyConfig(c.docker, s, target), writeHostState(c.docker, s.app, state)]);
    const soakStart = c.now();
    const failure = await soak(c, target);
    r.timings.soak = c.now() - soakStart;
    if (failure) throw new Error(failure);
  } catch (e) {
    const reason = (e as Error).message;
    r.rollbackReason = reason;
    if (!live) throw new DeployError(`${target} failed after the switch and there is no previous color to return to: ${reason}`, r);
    await c.proxy.apply([serverCmd(live, 'ready'), serverCmd(target, 'drain')]);
    c.logger.warning(`Switched ${s.app} back to ${live}: ${reason}`);
    await waitDrained(c, target);
    await c.proxy.apply([serverCmd(target, 'maint')]);
    await dropCandidate();
    state = previousState;
    if (candidate.kind === 'new') state = { ...state, colors: { ...state.colors, [target]: undefined } };
    await writeProxyConfig(c.docker, s, live);
    await record('reverted', reason);
    throw new DeployError(`${kind} of ${candidate.image} reverted to ${live}: ${reason}`, { ...r, color: live });
  }

  // Retire: the old color stops taking in-flight requests, then is stopped (kept for rollback).
  if (live) {
    await waitDrained(c, live);
    await c.proxy.apply([serverCmd(live, 'maint')]);
    await c.docker.stop(colorName(s.app, live), 10);
  }
  await record('live');
  return r;
}

async function gate(c: SwapContext, color: Color, name: string): Promise<void> {
  const info = await c.docker.inspect(name);
  const found = info?.NetworkSettings.Networks[NETWORK]?.IPAddress;
  // Read back from the engine and put into a runtime API line: it must be an address and nothing more.
  const ip = found ? ipAddress(`the engine's inspect of ${name}`, found) : undefined;
  // Point the server at the container now rather than waiting for the next DNS resolution.
  await c.proxy.apply([...(ip ? [addrCmd(color, ip, c.settings.containerPort)] : []), serverCmd(color, 'drain')]);
  const start = c.now();
  const deadline = start + c.settings.healthTimeoutSeconds * 1000;
  const attempts: HealthAttempt[] = c.result.health.attempts;
  for (;;) {
    const stat = (await c.proxy.stats())[color];
    const ok = checkedUp(stat);
    attempts.push({ at: new Date(c.now()).toISOString(), ms: c.now() - start, ok, detail: describeStat(stat) });
    if (attempts.length > 40) attempts.splice(0, attempts.length - 40);
    if (ok) return;
    const running = (await c.docker.inspect(name))?.State;
    const exited = running && !running.Running ? `container ${name} exited (code ${running.ExitCode})` : undefined;
    if (exited || c.now() >= deadline) {
      const logs = await c.docker.logs(name, 20).catch(() => []);
      const last = attempts.slice(-3).map((a) => a.detail).join('; ');
      throw new DeployError(
        `${name} did not pass the health check GET ${c.settings.healthPath} ${exited ? `(${exited})` : `within ${c.settings.healthTimeoutSeconds} s`}; last checks: ${last}${logs.length ? `; last log lines:\n${logs.join('\n')}` : ''}`,
        { ...c.result, lastLogLines: logs },
      );
    }
    await sleep(POLL_MS);
  }
}

/** Probes the public route (inside the proxy) and the new server's check; returns a failure reason or undefined. */
async function soak(c: SwapContext, color: Color): Promise<string | undefined> {
  const seconds = c.settings.soakSeconds;
  const out = { seconds, probes: 0, failures: 0, ok: true };
  c.result.soak = out;
  const end = c.now() + seconds * 1000;
  while (c.now() < end) {
    const { stats, status } = await c.proxy.probeWithStats(c.settings.healthPath);
    const stat = stats[color];
    out.probes++;
    const code = /^HTTP\/\d\.\d (\d{3})/.exec(status)?.[1];
    const fault = !checkedUp(stat)
      ? `proxy check of ${color}: ${describeStat(stat)}`
      : !code || !code.startsWith('2')
        ? `GET ${c.settings.healthPath} through the proxy answered "${status}"`
        : undefined;
    if (fault) {
      out.failures++;
      out.ok = false;
      return `soak failed after ${out.probes} probe(s): ${fault}`;
    }
    await sleep(POLL_MS);
  }
  return undefined;
}

async function waitDrained(c: SwapContext, color: Color): Promise<void> {
  const end = c.now() + DRAIN_LIMIT_MS;
  while (c.now() < end) {
    if (((await c.proxy.stats())[color]?.sessions ?? 0) === 0) return;
    await sleep(100);
  }
  c.logger.warning(`${color} still had sessions after ${DRAIN_LIMIT_MS / 1000} s of draining`);
}
