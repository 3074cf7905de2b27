import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Spool } from './spool.js';

const dir = () => mkdtempSync(join(tmpdir(), 'aura-spool-'));
const frame = (seq: number, pad = 0) => JSON.stringify({ type: 'batch', seq, samples: [{ t: seq }], pad: 'x'.repeat(pad) });

describe('Spool', () => {
  it('keeps batches across a restart, with the same instance and increasing seqs', () => {
    const d = dir();
    const a = new Spool(d, 1 << 20);
    for (let i = 0; i < 3; i++) {
      const { seq } = a.nextBatch();
      a.append(seq, 2, frame(seq));
    }
    const b = new Spool(d, 1 << 20);
    expect(b.instanceId).toBe(a.instanceId);
    expect(b.pendingAfter(0)).toEqual([1, 2, 3]);
    expect(JSON.parse(b.read(2)!).seq).toBe(2);
    expect(b.nextBatch().seq).toBe(4);
  });

  it('acked batches are deleted and their numbers never reused, even once the spool is empty', () => {
    const d = dir();
    const a = new Spool(d, 1 << 20);
    for (let i = 0; i < 3; i++) {
      const { seq } = a.nextBatch();
      a.append(seq, 1, frame(seq));
    }
    a.ack(3);
    expect(a.batchCount).toBe(0);
    expect(readdirSync(join(d, 'batches'))).toEqual([]);
    expect(new Spool(d, 1 << 20).nextBatch().seq).toBe(4);
  });

  it('when full, drops the oldest batches first and reports their samples', () => {
    const d = dir();
    const drops: number[] = [];
    const s = new Spool(d, 1000, (samples) => drops.push(samples));
    let reported = 0;
    for (let i = 0; i < 10; i++) {
      const { seq, dropped } = s.nextBatch();
      reported += dropped;
      s.append(seq, 5, frame(seq, 200));
    }
    expect(s.sizeBytes).toBeLessThanOrEqual(1000);
    const left = s.pendingAfter(0);
    expect(left.at(-1)).toBe(10);
    expect(left[0]).toBeGreaterThan(1);
    expect(s.droppedSamples).toBe((10 - left.length) * 5);
    expect(drops.reduce((x, y) => x + y, 0)).toBe(s.droppedSamples);
    expect(reported + s.nextBatch().dropped).toBe(s.droppedSamples);
    expect(s.nextBatch().dropped).toBe(0);
  });

  it('ignores and removes a torn temporary file left by a crash', () => {
    const d = dir();
    const a = new Spool(d, 1 << 20);
    a.append(a.nextBatch().seq, 1, frame(1));
    writeFileSync(join(d, 'batches', '000000000002-1.json.tmp'), '{"type":"bat');
    const b = new Spool(d, 1 << 20);
    expect(b.pendingAfter(0)).toEqual([1]);
    expect(readdirSync(join(d, 'batches')).some((n) => n.endsWith('.tmp'))).toBe(false);
  });

  it('property: pending batches are always the newest unacked ones, in order, within the cap', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.record({ add: fc.integer({ min: 0, max: 300 }) }), fc.record({ ack: fc.nat(40) })), { maxLength: 40 }), (ops) => {
        const s = new Spool(dir(), 2000);
        const appended: number[] = [];
        let acked = 0;
        for (const op of ops) {
          if ('add' in op) {
            const { seq } = s.nextBatch();
            s.append(seq, 1, frame(seq, op.add));
            appended.push(seq);
          } else {
            s.ack(op.ack);
            acked = Math.max(acked, op.ack);
          }
        }
        const pending = s.pendingAfter(0);
        expect(pending).toEqual([...pending].sort((x, y) => x - y));
        expect(pending.every((p) => p > acked && appended.includes(p))).toBe(true);
        if (appended.length && appended.at(-1)! > acked) expect(pending.at(-1)).toBe(appended.at(-1));
        expect(s.sizeBytes).toBeLessThanOrEqual(2000);
      }),
      { numRuns: 40 },
    );
  });
});
