/**
 * Step 2 of a sample's flow: samples wait in an open batch until it holds `max` of them or its
 * oldest has waited `delayMs`, then leave as one delta-encoded batch frame (protocol codec).
 */
import { encodeSamples, type BatchFrame, type Sample } from '@aura/protocol';

export interface EncodedBatch {
  /** The frame as sent on the wire and stored in the spool. */
  frame: string;
  samples: number;
  /** Timestamps of the samples it holds (unix ms), for logs. */
  firstTs: number;
  lastTs: number;
}

export class Batcher {
  private samples: Sample[] = [];
  private firstAt = 0;

  constructor(
    private readonly max: number,
    private readonly delayMs: number,
  ) {}

  /**
   * Add a sample. Within a batch time must increase (the codec sends time deltas), so after the
   * clock stepped back this returns false: take the open batch, then add again.
   */
  add(s: Sample, nowMs: number): boolean {
    const last = this.samples.at(-1);
    if (last && s.ts <= last.ts) return false;
    if (this.samples.length === 0) this.firstAt = nowMs;
    this.samples.push(s);
    return true;
  }

  /** When the open batch must leave at the latest (unix ms), or undefined when it is empty. */
  deadline(): number | undefined {
    return this.samples.length ? this.firstAt + this.delayMs : undefined;
  }

  due(nowMs: number): boolean {
    return this.samples.length >= this.max || (this.samples.length > 0 && nowMs >= this.firstAt + this.delayMs);
  }

  get size(): number {
    return this.samples.length;
  }

  /**
   * Close the open batch as a frame with this sequence number and drop count.
   * @example batcher.take(7, 0)?.frame // '{"type":"batch","seq":7,"samples":[{"t":…}]}'
   */
  take(seq: number, dropped: number): EncodedBatch | undefined {
    if (this.samples.length === 0) return undefined;
    const samples = this.samples;
    this.samples = [];
    const frame: BatchFrame = { type: 'batch', seq, samples: encodeSamples(samples) };
    if (dropped > 0) frame.dropped = dropped;
    return { frame: JSON.stringify(frame), samples: samples.length, firstTs: samples[0]!.ts, lastTs: samples.at(-1)!.ts };
  }
}
