/**
 * The on-disk spool of unacknowledged batches: one file per batch, written to a temporary name,
 * fsynced and renamed, so a crash (kill -9 included) never leaves a torn batch, only a stray
 * temporary file that the next start removes. Bounded in bytes: when full, the oldest batches go
 * first and the samples they held are counted as dropped. A disk that refuses writes (full,
 * read-only) does not stop shipping: the batch is kept in memory, within the same cap.
 *
 * Sequence numbers never go back across restarts: they are reserved in blocks recorded in
 * `instance.json` (beside the random instance id that scopes them on the server).
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { lockSpool, unlockSpool } from './spool-lock.js';

/** Sequence numbers reserved per write of instance.json (a database sequence cache): a restart skips the rest of the block; gaps are harmless. */
export const SEQ_BLOCK = 1000;
const NAME = /^(\d{12})-(\d+)\.json$/;
const INSTANCE_ID = /^[A-Za-z0-9-]{8,64}$/;

export interface SpoolOptions {
  dir: string;
  maxBytes: number;
  /** The cap pushed out the oldest batches. */
  onDrop?: (samples: number, batches: number) => void;
  /** The disk refused a write; the batch is kept in memory (lost only if the agent stops too). */
  onWriteError?: (err: Error) => void;
}

interface Entry {
  seq: number;
  samples: number;
  bytes: number;
  /** Set when the batch lives in memory only. */
  frame?: string;
}

/** Write a file so that after a crash it is either complete or absent. */
export function writeDurably(path: string, text: string): void {
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

/** Remove a file whose loss only costs disk space; a broken disk must not stop acks or sends. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Left behind: on the next start it is a batch the server already has, deleted at the welcome.
  }
}

export class Spool {
  readonly instanceId: string;
  /** Samples dropped because the spool was full, since start (the agent.spool_dropped_total counter). */
  droppedSamples = 0;
  private nextSeq: number;
  /** Every sequence number below this one may have been used already. */
  private ceiling: number;
  private readonly entries: Entry[] = [];
  private bytes = 0;
  /** Dropped since the last batch was numbered: reported in that batch's `dropped`. */
  private droppedUnreported = 0;
  private readonly batches: string;

  constructor(private readonly opts: SpoolOptions) {
    this.batches = join(opts.dir, 'batches');
    mkdirSync(this.batches, { recursive: true, mode: 0o700 });
    const lockError = lockSpool(opts.dir);
    if (lockError) opts.onWriteError?.(lockError);
    const state = this.readState();
    this.instanceId = state.instanceId;
    for (const name of readdirSync(this.batches)) {
      const m = NAME.exec(name);
      // A temporary file is a write a crash interrupted: that batch never counted; remove the debris.
      if (!m) {
        if (name.endsWith('.tmp')) removeQuietly(join(this.batches, name));
        continue;
      }
      const bytes = statSync(join(this.batches, name)).size;
      this.entries.push({ seq: Number(m[1]), samples: Number(m[2]), bytes });
      this.bytes += bytes;
    }
    this.entries.sort((a, b) => a.seq - b.seq);
    this.nextSeq = Math.max(state.ceiling, (this.entries.at(-1)?.seq ?? 0) + 1);
    this.ceiling = this.nextSeq;
    this.reserve();
  }

  private readState(): { instanceId: string; ceiling: number } {
    try {
      const s = JSON.parse(readFileSync(join(this.opts.dir, 'instance.json'), 'utf8')) as { instanceId?: unknown; seqCeiling?: unknown };
      if (typeof s.instanceId === 'string' && INSTANCE_ID.test(s.instanceId) && Number.isSafeInteger(s.seqCeiling)) {
        return { instanceId: s.instanceId, ceiling: s.seqCeiling as number };
      }
    } catch {
      // First start, or an unreadable file: a new instance (the server scopes sequence numbers to it).
    }
    return { instanceId: randomUUID(), ceiling: 1 };
  }

  /** Record that numbers up to nextSeq + SEQ_BLOCK may be used, before using them. */
  private reserve(): void {
    const ceiling = this.nextSeq + SEQ_BLOCK;
    try {
      writeDurably(join(this.opts.dir, 'instance.json'), JSON.stringify({ instanceId: this.instanceId, seqCeiling: ceiling }));
      this.ceiling = ceiling;
    } catch (err) {
      // Carry on: within this run numbers still increase; the server's lastSeq guards the next one.
      this.opts.onWriteError?.(err as Error);
    }
  }

  private file(e: Pick<Entry, 'seq' | 'samples'>): string {
    return join(this.batches, `${String(e.seq).padStart(12, '0')}-${e.samples}.json`);
  }

  /** Number the next batch, and take the drop count it must report. */
  nextBatch(): { seq: number; dropped: number } {
    if (this.nextSeq >= this.ceiling) this.reserve();
    const dropped = this.droppedUnreported;
    this.droppedUnreported = 0;
    return { seq: this.nextSeq++, dropped };
  }

  /** Store a batch frame; when the cap would be exceeded, the oldest batches go first. */
  append(seq: number, samples: number, frame: string): void {
    const bytes = Buffer.byteLength(frame);
    let droppedSamples = 0;
    let droppedBatches = 0;
    while (this.entries.length > 0 && this.bytes + bytes > this.opts.maxBytes) {
      droppedSamples += this.remove(0).samples;
      droppedBatches++;
    }
    if (droppedBatches > 0) {
      this.droppedSamples += droppedSamples;
      this.droppedUnreported += droppedSamples;
      this.opts.onDrop?.(droppedSamples, droppedBatches);
    }
    const entry: Entry = { seq, samples, bytes };
    try {
      writeDurably(this.file(entry), frame);
    } catch (err) {
      entry.frame = frame;
      removeQuietly(`${this.file(entry)}.tmp`);
      this.opts.onWriteError?.(err as Error);
    }
    this.entries.push(entry);
    this.bytes += bytes;
  }

  private remove(index: number): Entry {
    const e = this.entries.splice(index, 1)[0]!;
    if (!e.frame) removeQuietly(this.file(e));
    this.bytes -= e.bytes;
    return e;
  }

  /** Forget every batch with seq ≤ upTo: the server committed them. */
  ack(upTo: number): void {
    // The server may know a higher number than we do (instance.json restored from a backup): never reuse it.
    if (upTo >= this.nextSeq) {
      this.nextSeq = upTo + 1;
      this.reserve();
    }
    while (this.entries.length && this.entries[0]!.seq <= upTo) this.remove(0);
  }

  /** Drop one batch that cannot be delivered (damaged, or refused by the server again and again); its samples count as dropped. */
  discard(seq: number): boolean {
    const i = this.lowerBound(seq);
    if (this.entries[i]?.seq !== seq) return false;
    const { samples } = this.remove(i);
    this.droppedSamples += samples;
    this.droppedUnreported += samples;
    return true;
  }

  /** Index of the first entry with seq ≥ `seq` (entries are sorted: a replay of 20,000 batches stays linear). */
  private lowerBound(seq: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Spooled sequence numbers above `after`, oldest first, at most `limit` of them. */
  pendingAfter(after: number, limit = Infinity): number[] {
    const out: number[] = [];
    for (let i = this.lowerBound(after + 1); i < this.entries.length && out.length < limit; i++) out.push(this.entries[i]!.seq);
    return out;
  }

  /** The frame of a spooled batch; undefined (and the batch dropped) when its file is unreadable or damaged. */
  read(seq: number): string | undefined {
    const e = this.entries[this.lowerBound(seq)];
    if (!e || e.seq !== seq) return undefined;
    if (e.frame) return e.frame;
    try {
      const text = readFileSync(this.file(e), 'utf8');
      if ((JSON.parse(text) as { seq?: unknown }).seq === seq) return text;
    } catch {
      // Unreadable or not JSON: a damaged disk. Dropped below rather than sent to be refused forever.
    }
    this.discard(seq);
    return undefined;
  }

  get sizeBytes(): number {
    return this.bytes;
  }

  get batchCount(): number {
    return this.entries.length;
  }

  /** Release the spool's lock (clean exit). */
  close(): void {
    unlockSpool(this.opts.dir);
  }

  /** Samples waiting in the spool. */
  get sampleCount(): number {
    let n = 0;
    for (const e of this.entries) n += e.samples;
    return n;
  }
}
