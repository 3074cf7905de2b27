import { describe, expect, it } from 'vitest';
import { RateLimiter } from './buckets.js';

/** A limiter on a clock the test moves by hand (milliseconds). */
function limiter(rps: number, burst: number) {
  let now = 0;
  const l = new RateLimiter({ rps, burst }, () => now);
  return { take: (k = 'a') => l.take(k), advance: (ms: number) => (now += ms) };
}

describe('RateLimiter', () => {
  it('allows a burst, then answers with the seconds until the next token', () => {
    const l = limiter(2, 3);
    expect([l.take(), l.take(), l.take()]).toEqual([0, 0, 0]);
    expect(l.take()).toBeCloseTo(0.5, 9);
    l.advance(250);
    expect(l.take()).toBeCloseTo(0.25, 9);
    l.advance(250);
    expect(l.take()).toBe(0);
    expect(l.take()).toBeCloseTo(0.5, 9);
  });

  it('refills at rps up to the burst, never beyond', () => {
    const l = limiter(1, 2);
    l.take();
    l.take();
    l.advance(3_600_000);
    expect([l.take(), l.take()]).toEqual([0, 0]);
    expect(l.take()).toBeGreaterThan(0);
  });

  it('keys are independent', () => {
    const l = limiter(1, 1);
    expect(l.take('x')).toBe(0);
    expect(l.take('x')).toBeGreaterThan(0);
    expect(l.take('y')).toBe(0);
  });

  it('keeps a bounded number of keys; a forgotten key starts with a full bucket', () => {
    const l = limiter(0.001, 1);
    expect(l.take('first')).toBe(0);
    expect(l.take('first')).toBeGreaterThan(0);
    for (let i = 0; i < 100_000; i++) l.take(`k${i}`);
    expect(l.take('first')).toBe(0);
  });
});
