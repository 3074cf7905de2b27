import { batchFrameSchema, decodeSamples, type Sample } from '@aura/protocol';
import { describe, expect, it } from 'vitest';
import { Batcher } from './encode.js';

const sample = (ts: number, v = ts): Sample => ({ ts, gauges: { 'load.1': v % 7 }, counters: { 'cpu.user_ticks': v } });

describe('Batcher', () => {
  it('is due at N samples and closes a valid, decodable batch frame', () => {
    const b = new Batcher(3, 10_000);
    const samples = [sample(1000), sample(2000), sample(3000)];
    b.add(samples[0]!, 0);
    b.add(samples[1]!, 1);
    expect(b.due(2)).toBe(false);
    b.add(samples[2]!, 2);
    expect(b.due(2)).toBe(true);
    const out = b.take(7, 0)!;
    expect(out).toMatchObject({ samples: 3, firstTs: 1000, lastTs: 3000 });
    const frame = batchFrameSchema.parse(JSON.parse(out.frame));
    expect(frame.seq).toBe(7);
    expect(frame.dropped).toBeUndefined();
    expect(decodeSamples(frame.samples)).toEqual(samples);
    expect(b.size).toBe(0);
    expect(b.take(8, 0)).toBeUndefined();
  });

  it('is due when the oldest sample has waited the delay, and reports its deadline', () => {
    const b = new Batcher(12, 10_000);
    expect(b.deadline()).toBeUndefined();
    b.add(sample(1000), 50_000);
    b.add(sample(6000), 55_000);
    expect(b.deadline()).toBe(60_000);
    expect(b.due(59_999)).toBe(false);
    expect(b.due(60_000)).toBe(true);
  });

  it('reports dropped samples in the frame', () => {
    const b = new Batcher(12, 10_000);
    b.add(sample(1000), 0);
    expect(JSON.parse(b.take(3, 25)!.frame)).toMatchObject({ type: 'batch', seq: 3, dropped: 25 });
  });

  it('refuses a sample from before the last one (clock stepped back): the caller closes the batch first', () => {
    const b = new Batcher(12, 10_000);
    expect(b.add(sample(5000), 0)).toBe(true);
    expect(b.add(sample(5000), 1)).toBe(false);
    expect(b.add(sample(4000), 1)).toBe(false);
    expect(b.size).toBe(1);
    b.take(1, 0);
    expect(b.add(sample(4000), 2)).toBe(true);
  });
});
