import { peerBounds, seconds } from '../bounds.js';
import { peerText } from '../log.js';

/** Retries with exponential backoff and jitter, honouring Retry-After (bounded). */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  /** Upper bound for any single wait, including a registry's Retry-After. */
  maxDelayMs?: number;
  /**
   * All attempts together, while no bytes flow: no attempt starts that could not end (one peer wait,
   * `attemptMs`) within it. An attempt that outlived two peer waits was moving bytes, so the budget restarts.
   */
  budgetMs?: number;
  attemptMs?: number;
}

export function defaultRetry(): RetryPolicy {
  const { waitMs, registryTotalMs } = peerBounds();
  return { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, budgetMs: registryTotalMs, attemptMs: waitMs };
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

/** What a give-up says: how many attempts over how long. */
export interface RetryOutcome {
  attempts: number;
  elapsedMs: number;
}
export const retryOutcome = (err: unknown): RetryOutcome | undefined => (err as { retry?: RetryOutcome } | null)?.retry;
export const describeOutcome = (o: RetryOutcome) => `${o.attempts} attempt${o.attempts === 1 ? '' : 's'} over ${seconds(o.elapsedMs)}`;

/** A failure worth another attempt; `retryAfterMs` carries the registry's Retry-After when it sent one. */
export class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RetryableError';
  }
}

const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
]);

/** Network errors that a retry can fix (connection refused/reset, timeouts, hang-ups). */
export function isRetryableNetworkError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  if (code && RETRYABLE_NETWORK_CODES.has(code)) return true;
  return /socket hang up|aborted|premature close/i.test(err.message);
}

/** Status codes that a retry can fix. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** Parses Retry-After (delta-seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Wait before attempt `attempt+1` (attempt counts from 1): a random point in the upper half of base·2^(attempt-1), or Retry-After. */
export function backoffDelay(policy: RetryPolicy, attempt: number, retryAfterMs?: number, random = Math.random): number {
  const max = policy.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs!;
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, max);
  const ceiling = Math.min(max, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Runs `fn` until it succeeds, it throws something that is neither a RetryableError nor a retryable
 * network error, or the attempts run out (then the last error is thrown).
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  fn: (attempt: number) => Promise<T>,
  onRetry?: (err: Error, attempt: number, delayMs: number) => void,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  now: () => number = Date.now,
): Promise<T> {
  const start = now();
  let budgetStart = start;
  for (let attempt = 1; ; attempt++) {
    const attemptStart = now();
    try {
      return await fn(attempt);
    } catch (err) {
      const t = now();
      if (policy.attemptMs && t - attemptStart > 2 * policy.attemptMs) budgetStart = t;
      const retryable = err instanceof RetryableError || isRetryableNetworkError(err);
      const delay = backoffDelay(policy, attempt, err instanceof RetryableError ? err.retryAfterMs : undefined);
      const overBudget = policy.budgetMs !== undefined && t - budgetStart + delay + (policy.attemptMs ?? 0) > policy.budgetMs;
      if (!retryable || attempt >= policy.attempts || overBudget) {
        if (err && typeof err === 'object' && retryable) Object.assign(err, { retry: { attempts: attempt, elapsedMs: t - start } satisfies RetryOutcome });
        throw err;
      }
      onRetry?.(err as Error, attempt, delay);
      await sleep(delay);
    }
  }
}

/** A give-up's message: the peer's error, then how many attempts over how long, and what to check. */
export function gaveUp(err: unknown, peer = 'the registry'): string {
  const outcome = retryOutcome(err);
  const message = peerText((err as Error)?.message ?? String(err), 500);
  return outcome ? `${message} (gave up after ${describeOutcome(outcome)}; check that ${peer} is up and reachable)` : message;
}
