/**
 * The on-disk spool of unacknowledged batches: one file per batch, written to a temporary name,
 * fsynced and renamed, so a crash never leaves a torn batch. Bounded in bytes: when full, the
 * oldest batches go first and the samples they held are counted as dropped.
 *
 * Sequence numbers never go back: the next one is max(high-water mark, newest spooled + 1), and
 * the mark is written before acked files are deleted.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

interface Entry {
  seq: number;
  samples: number;
  bytes: number;
}

const NAME = /^(\d{12})-(\d+)\.json$/;

function writeDurably(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export class Spool {
  readonly instanceId: string;
  private nextSeq: number;
  private readonly entries: Entry[] = [];
  private bytes = 0;
  /** Samples dropped because the spool was full, since start (reported in every sample). */
  droppedSamples = 0;
  /** Dropped since the last batch was created (reported in that batch's `dropped`). */
  private droppedUnreported = 0;
  private readonly dir: string;

  constructor(private readonly root: string, private readonly maxBytes: number, private readonly onDrop: (samples: number, batches: number) => void = () => {}) {
    this.dir = join(root, 'batches');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const state = this.readState();
    this.instanceId = state.instanceId;
    for (const name of readdirSync(this.dir)) {
      const m = NAME.exec(name);
      if (!m) {
        // A temporary file from a crash mid-write: the batch never made it, remove the debris.
        if (name.endsWith('.tmp')) rmSync(join(this.dir, name), { force: true });
        continue;
      }
      const bytes = statSync(join(this.dir, name)).size;
      this.entries.push({ seq: Number(m[1]), samples: Number(m[2]), bytes });
      this.bytes += bytes;
    }
    this.entries.sort((a, b) => a.seq - b.seq);
    this.nextSeq = Math.max(state.nextSeq, (this.entries.at(-1)?.seq ?? 0) + 1);
  }

  private readState(): { instanceId: string; nextSeq: number } {
    const path = join(this.root, 'instance.json');
    try {
      const s = JSON.parse(readFileSync(path, 'utf8')) as { instanceId?: unknown; nextSeq?: unknown };
      if (typeof s.instanceId === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(s.instanceId) && typeof s.nextSeq === 'number') {
        return { instanceId: s.instanceId, nextSeq: s.nextSeq };
      }
    } catch {
      // First start, or an unreadable file: a new instance (the server scopes sequence numbers to it).
    }
    const fresh = { instanceId: randomUUID(), nextSeq: 1 };
    writeDurably(path, JSON.stringify(fresh));
    return fresh;
  }

  private writeState(): void {
    writeDurably(join(this.root, 'instance.json'), JSON.stringify({ instanceId: this.instanceId, nextSeq: this.nextSeq }));
  }

  private file(e: Pick<Entry, 'seq' | 'samples'>): string {
    return join(this.dir, `${String(e.seq).padStart(12, '0')}-${e.samples}.json`);
  }

  /** Allocate the next sequence number and the drop count to report with it. */
  nextBatch(): { seq: number; dropped: number } {
    const dropped = this.droppedUnreported;
    this.droppedUnreported = 0;
    return { seq: this.nextSeq++, dropped };
  }

  /** Store a batch frame durably; drops the oldest batches first when the cap would be exceeded. */
  append(seq: number, samples: number, frame: string): void {
    const bytes = Buffer.byteLength(frame);
    let droppedSamples = 0;
    let droppedBatches = 0;
    while (this.entries.length > 0 && this.bytes + bytes > this.maxBytes) {
      const old = this.entries.shift()!;
      rmSync(this.file(old), { force: true });
      this.bytes -= old.bytes;
      droppedSamples += old.samples;
      droppedBatches++;
    }
    if (droppedBatches > 0) {
      this.droppedSamples += droppedSamples;
      this.droppedUnreported += droppedSamples;
      this.onDrop(droppedSamples, droppedBatches);
    }
    writeDurably(this.file({ seq, samples }), frame);
    this.entries.push({ seq, samples, bytes });
    this.bytes += bytes;
  }

  /** Forget every batch with seq ≤ upTo (acknowledged by the server). */
  ack(upTo: number): void {
    // The server may know a higher number than we do (a spool emptied by hand): never reuse it.
    const bumped = this.nextSeq <= upTo;
    if (bumped) this.nextSeq = upTo + 1;
    if (!bumped && (!this.entries.length || this.entries[0]!.seq > upTo)) return;
    this.writeState();
    while (this.entries.length && this.entries[0]!.seq <= upTo) {
      const e = this.entries.shift()!;
      rmSync(this.file(e), { force: true });
      this.bytes -= e.bytes;
    }
  }

  /** Spooled sequence numbers above `after`, oldest first. */
  pendingAfter(after: number): number[] {
    return this.entries.filter((e) => e.seq > after).map((e) => e.seq);
  }

  read(seq: number): string | undefined {
    const e = this.entries.find((x) => x.seq === seq);
    if (!e) return undefined;
    try {
      return readFileSync(this.file(e), 'utf8');
    } catch {
      return undefined;
    }
  }

  get sizeBytes(): number {
    return this.bytes;
  }

  get batchCount(): number {
    return this.entries.length;
  }
}
