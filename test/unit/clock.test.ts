import { describe, expect, it } from 'vitest';
import { now } from '../../src/clock.js';

describe('now (the clock of the renewal decision)', () => {
  it('is the real time without SHIPSHAPE_CLOCK_OFFSET_MS', () => {
    const before = Date.now();
    const t = now({}).getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });

  it('moves by the offset given in milliseconds, either way', () => {
    const before = Date.now();
    expect(now({ SHIPSHAPE_CLOCK_OFFSET_MS: '86400000' }).getTime() - before).toBeGreaterThanOrEqual(86_400_000);
    expect(now({ SHIPSHAPE_CLOCK_OFFSET_MS: ' -5000 ' }).getTime()).toBeLessThanOrEqual(Date.now() - 5000);
  });

  it('refuses an offset that is not an integer', () => {
    for (const bad of ['1.5', '10s', 'soon']) expect(() => now({ SHIPSHAPE_CLOCK_OFFSET_MS: bad })).toThrow(/SHIPSHAPE_CLOCK_OFFSET_MS must be an integer/);
  });
});
