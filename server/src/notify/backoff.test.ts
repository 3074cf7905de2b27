// Retry timing and the circuit breaker, on given clocks and random draws.
import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from './backoff.js';
import { CircuitBreaker } from './breaker.js';

describe('backoff', () => {
  it('doubles from the initial delay up to the cap, jittered between half and all of it', () => {
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, 1000, 5000, () => 1))).toEqual([1000, 2000, 4000, 5000]);
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, 1000, 5000, () => 0))).toEqual([500, 1000, 2000, 2500]);
    expect(backoffDelay(60, 1000, 300_000, () => 0.5)).toBe(225_000);
  });

  it('reads Retry-After as seconds or an HTTP date, capped at an hour', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(['3', '9'], now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('999999', now)).toBe(3_600_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('circuit breaker', () => {
  it('opens after N failures in a row, probes once after the cooldown, doubles it when the probe fails', () => {
    const b = new CircuitBreaker({ failures: 3, cooldown: 1000, maxCooldown: 3000 });
    b.failure(0);
    b.failure(0);
    expect(b.allow(0)).toBe(true);
    b.failure(10);
    expect(b.state).toBe('open');
    expect(b.allow(500)).toBe(false);
    expect(b.blockedUntil(500)).toBe(1010);
    expect(b.allow(1010)).toBe(true);
    expect(b.state).toBe('half-open');
    expect(b.allow(1011)).toBe(false);
    b.failure(1020);
    expect(b.openUntil).toBe(3020);
    expect(b.allow(3020)).toBe(true);
    b.failure(3020);
    expect(b.openUntil).toBe(6020);
    expect(b.allow(6020)).toBe(true);
    b.success();
    expect(b.state).toBe('closed');
    // The cooldown starts from the beginning again.
    for (let i = 0; i < 3; i++) b.failure(7000);
    expect(b.openUntil).toBe(8000);
  });

  it('a success in between resets the count', () => {
    const b = new CircuitBreaker({ failures: 2, cooldown: 1000, maxCooldown: 1000 });
    b.failure(0);
    b.success();
    b.failure(0);
    expect(b.state).toBe('closed');
  });
});
