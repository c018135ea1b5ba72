import { describe, expect, it } from 'vitest';
import { RetryableError, backoffDelay, isRetryableNetworkError, isRetryableStatus, parseRetryAfter, withRetry } from '../../src/registry/retry.js';

describe('retry policy', () => {
  it('classifies statuses: 429, 408 and 5xx retry; 4xx, 501 and 505 do not', () => {
    expect([429, 408, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 501, 505].some(isRetryableStatus)).toBe(false);
  });

  it('classifies network errors', () => {
    expect(isRetryableNetworkError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryableNetworkError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isRetryableNetworkError(new Error('socket hang up'))).toBe(true);
    expect(isRetryableNetworkError(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe(false);
    expect(isRetryableNetworkError('nope')).toBe(false);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('backs off exponentially with jitter in the upper half, bounded, and honours Retry-After up to the bound', () => {
    const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(policy, 1, undefined, () => 0)).toBe(50);
    expect(backoffDelay(policy, 1, undefined, () => 1)).toBe(100);
    expect(backoffDelay(policy, 3, undefined, () => 1)).toBe(400);
    expect(backoffDelay(policy, 10, undefined, () => 1)).toBe(1000);
    expect(backoffDelay(policy, 1, 700)).toBe(700);
    expect(backoffDelay(policy, 1, 60_000)).toBe(1000);
  });

  it('retries retryable failures until success, with the waits it announced', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(
      { attempts: 4, baseDelayMs: 10 },
      async () => {
        calls++;
        if (calls === 1) throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
        if (calls === 2) throw new RetryableError('answered 503', 25);
        return 'ok';
      },
      undefined,
      async (ms) => void waits.push(ms),
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(waits[1]).toBe(25);
  });

  it('gives up after the attempts and does not retry other errors', async () => {
    let calls = 0;
    const sleep = async () => {};
    await expect(withRetry({ attempts: 3, baseDelayMs: 1 }, async () => { calls++; throw new RetryableError('503'); }, undefined, sleep)).rejects.toThrow('503');
    expect(calls).toBe(3);
    calls = 0;
    await expect(withRetry({ attempts: 3, baseDelayMs: 1 }, async () => { calls++; throw new Error('bad request'); }, undefined, sleep)).rejects.toThrow('bad request');
    expect(calls).toBe(1);
  });
});
