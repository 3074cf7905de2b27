/** Token buckets keyed by token id or client address, with a bounded key set. */

export interface RateOptions {
  rps: number;
  burst: number;
}

/** Keys kept at most; the idlest are forgotten first (a forgotten key starts with a full bucket). */
const MAX_KEYS = 100_000;

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly opts: RateOptions, private readonly now: () => number = () => performance.now()) {}

  /** Take one token for `key`; returns 0 when allowed, else the seconds until one is available. */
  take(key: string): number {
    const t = this.now();
    let b = this.buckets.get(key);
    if (b) {
      this.buckets.delete(key);
      b.tokens = Math.min(this.opts.burst, b.tokens + ((t - b.at) / 1000) * this.opts.rps);
      b.at = t;
    } else {
      b = { tokens: this.opts.burst, at: t };
    }
    this.buckets.set(key, b);
    if (this.buckets.size > MAX_KEYS) this.buckets.delete(this.buckets.keys().next().value as string);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return (1 - b.tokens) / this.opts.rps;
  }
}
