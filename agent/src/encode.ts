/** Collects samples into a batch until it holds `max` samples or its oldest waited `delayMs`. */
import { encodeSamples, type Sample } from '@aura/protocol';

export class Batcher {
  private samples: Sample[] = [];
  private firstAt = 0;

  constructor(private readonly max: number, private readonly delayMs: number) {}

  add(s: Sample, nowMs: number): void {
    if (this.samples.length === 0) this.firstAt = nowMs;
    this.samples.push(s);
  }

  due(nowMs: number): boolean {
    return this.samples.length >= this.max || (this.samples.length > 0 && nowMs - this.firstAt >= this.delayMs);
  }

  get size(): number {
    return this.samples.length;
  }

  /** Take the open batch as a frame body: `{ type, seq, samples, dropped? }` text. */
  take(seq: number, dropped: number): { frame: string; samples: number } | undefined {
    if (this.samples.length === 0) return undefined;
    const samples = this.samples;
    this.samples = [];
    const body: Record<string, unknown> = { type: 'batch', seq, samples: encodeSamples(samples) };
    if (dropped > 0) body.dropped = dropped;
    return { frame: JSON.stringify(body), samples: samples.length };
  }
}
