import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEQ_BLOCK, Spool, type SpoolOptions } from './spool.js';
import { SpoolLockedError } from './spool-lock.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'aura-spool-'));
const frame = (seq: number, pad = 0) => JSON.stringify({ type: 'batch', seq, samples: [{ t: seq }], pad: 'x'.repeat(pad) });
const open = (dir: string, maxBytes = 1 << 20, extra: Partial<SpoolOptions> = {}) => new Spool({ dir, maxBytes, ...extra });

function add(s: Spool, samples = 1, pad = 0): number {
  const { seq } = s.nextBatch();
  s.append(seq, samples, frame(seq, pad));
  return seq;
}

describe('Spool', () => {
  it('keeps batches and the instance across a restart; numbers keep increasing', () => {
    const d = tempDir();
    const a = open(d);
    expect([add(a, 2), add(a, 2), add(a, 2)]).toEqual([1, 2, 3]);
    const b = open(d);
    expect(b.instanceId).toBe(a.instanceId);
    expect(b.pendingAfter(0)).toEqual([1, 2, 3]);
    expect(b.sampleCount).toBe(6);
    expect(JSON.parse(b.read(2)!)).toMatchObject({ seq: 2 });
    expect(b.nextBatch().seq).toBeGreaterThan(3);
  });

  it('deletes acknowledged batches and never reuses their numbers, even with an empty spool after a restart', () => {
    const d = tempDir();
    const a = open(d);
    for (let i = 0; i < 3; i++) add(a);
    a.ack(3);
    expect(a.batchCount).toBe(0);
    expect(readdirSync(join(d, 'batches'))).toEqual([]);
    const next = open(d).nextBatch().seq;
    expect(next).toBeGreaterThan(3);
    expect(next).toBeLessThanOrEqual(4 + SEQ_BLOCK);
  });

  it('takes a higher number from the server (a spool restored from a backup) and does not reuse it', () => {
    const a = open(tempDir());
    add(a);
    a.ack(500);
    expect(a.nextBatch().seq).toBe(501);
  });

  it('when full, drops the oldest batches first, counts their samples and reports them once', () => {
    const drops: number[] = [];
    const s = open(tempDir(), 1000, { onDrop: (samples) => drops.push(samples) });
    let reported = 0;
    for (let i = 0; i < 10; i++) {
      const { seq, dropped } = s.nextBatch();
      reported += dropped;
      s.append(seq, 5, frame(seq, 200));
    }
    expect(s.sizeBytes).toBeLessThanOrEqual(1000);
    const left = s.pendingAfter(0);
    expect(left.at(-1)).toBe(10);
    expect(left).toEqual(Array.from({ length: left.length }, (_, i) => 11 - left.length + i));
    expect(s.droppedSamples).toBe((10 - left.length) * 5);
    expect(drops.reduce((x, y) => x + y, 0)).toBe(s.droppedSamples);
    expect(reported + s.nextBatch().dropped).toBe(s.droppedSamples);
    expect(s.nextBatch().dropped).toBe(0);
  });

  it('ignores and removes a torn temporary file left by kill -9 in the middle of a write', () => {
    const d = tempDir();
    const a = open(d);
    add(a);
    writeFileSync(join(d, 'batches', '000000000002-1.json.tmp'), '{"type":"bat');
    writeFileSync(join(d, 'instance.json.tmp'), '{"inst');
    const b = open(d);
    expect(b.instanceId).toBe(a.instanceId);
    expect(b.pendingAfter(0)).toEqual([1]);
    expect(readdirSync(join(d, 'batches')).some((n) => n.endsWith('.tmp'))).toBe(false);
  });

  it('drops a damaged batch file on read instead of sending it to be refused forever', () => {
    const d = tempDir();
    const s = open(d);
    add(s);
    add(s);
    writeFileSync(join(d, 'batches', readdirSync(join(d, 'batches'))[0]!), '\0\0\0');
    expect(s.read(1)).toBeUndefined();
    expect(s.pendingAfter(0)).toEqual([2]);
    expect(s.droppedSamples).toBe(1);
    expect(s.nextBatch().dropped).toBe(1);
    expect(s.read(2)).toBe(frame(2));
  });

  it('keeps batches in memory when the disk refuses writes, within the same cap', () => {
    const d = tempDir();
    const errors: string[] = [];
    const s = open(d, 1 << 20, { onWriteError: (e) => errors.push(e.message) });
    add(s);
    // The batches directory replaced by a file: every write fails (ENOTDIR), even as root.
    rmSync(join(d, 'batches'), { recursive: true });
    writeFileSync(join(d, 'batches'), '');
    const seq = add(s, 3);
    expect(errors.length).toBeGreaterThan(0);
    expect(s.pendingAfter(0)).toEqual([1, seq]);
    expect(s.read(seq)).toBe(frame(seq));
    s.ack(seq);
    expect(s.batchCount).toBe(0);
    expect(s.sizeBytes).toBe(0);
  });

  it('refuses a spool another running agent holds, takes over one whose agent is gone', async () => {
    const d = tempDir();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', 'aura-agent'], { stdio: 'ignore' });
    try {
      await new Promise((r) => holder.once('spawn', r));
      writeFileSync(join(d, 'agent.pid'), `${holder.pid}\n`);
      expect(() => open(d)).toThrow(SpoolLockedError);
      expect(() => open(d)).toThrow(new RegExp(`pid ${holder.pid}`));
    } finally {
      holder.kill('SIGKILL');
      await new Promise((r) => holder.once('exit', r));
    }
    const s = open(d);
    expect(readFileSync(join(d, 'agent.pid'), 'utf8').trim()).toBe(String(process.pid));
    s.close();
    expect(readdirSync(d)).not.toContain('agent.pid');
  });

  it('property: through appends, acks and restarts, pending batches are the newest unacked ones, in order, within the cap', () => {
    const op = fc.oneof(
      fc.record({ add: fc.integer({ min: 0, max: 300 }), samples: fc.integer({ min: 1, max: 12 }) }),
      fc.record({ ack: fc.nat(60) }),
      fc.constant({ restart: true as const }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 50 }), (ops) => {
        const dir = tempDir();
        const cap = 2000;
        let dropped = 0;
        const opts = { onDrop: (n: number) => (dropped += n) };
        let s = open(dir, cap, opts);
        const allocated: number[] = [];
        let acked = 0;
        let ackedSamples = 0;
        let appendedSamples = 0;
        for (const o of ops) {
          if ('add' in o) {
            const seq = s.nextBatch().seq;
            s.append(seq, o.samples, frame(seq, o.add));
            allocated.push(seq);
            appendedSamples += o.samples;
          } else if ('ack' in o) {
            const before = s.sampleCount;
            s.ack(o.ack);
            ackedSamples += before - s.sampleCount;
            acked = Math.max(acked, o.ack);
          } else {
            s = open(dir, cap, opts);
          }
        }
        // Numbers only ever increase, restarts included.
        expect(allocated).toEqual([...allocated].sort((x, y) => x - y));
        expect(new Set(allocated).size).toBe(allocated.length);
        const pending = s.pendingAfter(0);
        expect(pending).toEqual([...pending].sort((x, y) => x - y));
        expect(pending.every((p) => p > acked && allocated.includes(p))).toBe(true);
        const newest = allocated.at(-1);
        if (newest !== undefined && newest > acked) expect(pending.at(-1)).toBe(newest);
        expect(s.sizeBytes).toBeLessThanOrEqual(cap);
        // Every sample is pending, acknowledged or counted as dropped.
        expect(s.sampleCount + ackedSamples + dropped).toBe(appendedSamples);
      }),
      { numRuns: 60 },
    );
  });
});
