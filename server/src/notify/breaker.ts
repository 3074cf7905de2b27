/**
 * A circuit breaker per channel: after `failures` failed deliveries in a row the channel opens
 * (no requests) for a cooldown that doubles each time it trips again, up to `maxCooldown`; then
 * one probe is let through (half-open) and its outcome closes or reopens it. A receiver that is
 * down is not hammered by every queued notification at once.
 */
import type { BreakerState } from '@aura/protocol';

export interface BreakerOptions {
  failures: number;
  cooldown: number;
  maxCooldown: number;
}

export class CircuitBreaker {
  state: BreakerState = 'closed';
  failures = 0;
  openUntil: number | null = null;
  private cooldown: number;
  private probing = false;

  constructor(private readonly o: BreakerOptions) {
    this.cooldown = o.cooldown;
  }

  /** May a request go now? In half-open only one probe at a time. */
  allow(nowMs: number): boolean {
    if (this.state === 'open' && this.openUntil !== null && nowMs >= this.openUntil) {
      this.state = 'half-open';
      this.probing = false;
    }
    if (this.state === 'closed') return true;
    if (this.state === 'half-open' && !this.probing) {
      this.probing = true;
      return true;
    }
    return false;
  }

  /** When requests may go again (unix ms), or null when they may now. */
  blockedUntil(nowMs: number): number | null {
    if (this.state === 'open' && this.openUntil !== null && this.openUntil > nowMs) return this.openUntil;
    return null;
  }

  success(): void {
    this.state = 'closed';
    this.failures = 0;
    this.openUntil = null;
    this.probing = false;
    this.cooldown = this.o.cooldown;
  }

  failure(nowMs: number): void {
    this.failures++;
    if (this.state === 'half-open') {
      this.cooldown = Math.min(this.o.maxCooldown, this.cooldown * 2);
      this.trip(nowMs);
    } else if (this.state === 'closed' && this.failures >= this.o.failures) this.trip(nowMs);
  }

  /** A request that ended without a verdict (e.g. the server is stopping): free the probe. */
  release(): void {
    this.probing = false;
  }

  private trip(nowMs: number): void {
    this.state = 'open';
    this.openUntil = nowMs + this.cooldown;
    this.probing = false;
  }
}
