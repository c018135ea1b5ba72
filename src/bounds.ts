/**
 * How long shipshape waits on a peer (registry, token server, SSH server, Docker engine, HAProxy).
 * One knob, `SHIPSHAPE_PEER_TIMEOUT_SECONDS` (default 20): the longest silence accepted from a peer in
 * any single wait — a dial with its handshake, a response head, a gap between bytes. Everything else is
 * derived from it, so a dead peer always ends the step in bounded time (docs/security.md).
 */
export interface PeerBounds {
  /** One wait: dial + handshake (TCP, TLS, SSH, channel open), a response head, a gap between bytes. */
  waitMs: number;
  /** All attempts of one registry operation together, while no bytes flow (4.5 × wait: 90 s by default). */
  registryTotalMs: number;
  /** One Engine API call, dial included (3 × wait, at least 10 s: 60 s by default); pull and stop have their own. */
  engineCallMs: number;
  /** One HAProxy runtime API command inside the proxy container (wait / 2, at least 3 s: 10 s by default). */
  runtimeMs: number;
}

export const DEFAULT_PEER_WAIT_SECONDS = 20;
/** A day: every derived bound (4.5 × at most) stays below Node's longest timer (2^31 − 1 ms, ~24.8 days), which fires at once when exceeded. */
export const MAX_PEER_WAIT_SECONDS = 86_400;

export function peerBounds(env: NodeJS.ProcessEnv = process.env): PeerBounds {
  const seconds = Number(env.SHIPSHAPE_PEER_TIMEOUT_SECONDS);
  const waitMs = Number.isFinite(seconds) && seconds > 0 ? Math.round(Math.min(seconds, MAX_PEER_WAIT_SECONDS) * 1000) : DEFAULT_PEER_WAIT_SECONDS * 1000;
  return {
    waitMs,
    registryTotalMs: Math.round(waitMs * 4.5),
    engineCallMs: Math.max(waitMs * 3, 10_000),
    runtimeMs: Math.max(Math.round(waitMs / 2), 3_000),
  };
}

/** `fn`'s promise, or a rejection with `message()` once `ms` pass (then `onTimeout` tears the attempt down). */
export function withDeadline<T>(ms: number, message: () => string, fn: () => Promise<T>, onTimeout?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout?.();
      reject(Object.assign(new Error(message()), { code: 'ETIMEDOUT' }));
    }, ms);
    fn().then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

export const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
