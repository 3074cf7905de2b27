/**
 * A pool of worker threads with a bounded queue. `submit` refuses work when the queue is full
 * (back-pressure: the caller keeps the work and retries later, nothing grows without bound). A
 * worker that crashes, exits or hangs is replaced; its job is retried once on a fresh worker,
 * then failed. A worker that keeps crashing is replaced with a growing delay, not in a tight loop.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export interface PoolOptions {
  /** Worker script (a file URL or path) and its options (workerData, execArgv). */
  script: URL | string;
  workerOptions?: WorkerOptions;
  size: number;
  /** Jobs waiting for a worker beyond those running (default 2 × size). */
  maxQueue?: number;
  /** A job running longer is treated as a hung worker: it is terminated and the job retried (default 60 s). */
  jobTimeoutMs?: number;
  onWorkerError?: (err: Error, attempt: number) => void;
}

export interface PoolStats {
  submitted: number;
  completed: number;
  /** Jobs that failed twice (or whose worker answered with an error). */
  failed: number;
  retried: number;
  /** Workers that crashed, exited or hung and were replaced. */
  replaced: number;
  refused: number;
  /** Wall time of completed jobs, for /metrics. */
  busyMs: number;
}

/** The worker's side: one reply per job. */
export type WorkerReply<R> = { ok: true; result: R } | { ok: false; error: string };

interface Pending<J, R> {
  job: J;
  attempts: number;
  resolve: (r: R) => void;
  reject: (e: Error) => void;
}

interface Running<J, R> extends Pending<J, R> {
  started: number;
  timer: NodeJS.Timeout;
}

interface Slot<J, R> {
  /** Undefined while a replacement waits out its back-off. */
  worker: Worker | undefined;
  current: Running<J, R> | undefined;
  respawn?: NodeJS.Timeout;
}

/** Crashes in a row (no job completed between them) before replacements are delayed. */
const CRASHES_BEFORE_BACKOFF = 3;

export class WorkerPool<J, R> {
  readonly stats: PoolStats = { submitted: 0, completed: 0, failed: 0, retried: 0, replaced: 0, refused: 0, busyMs: 0 };
  /** The last worker error, for /readyz. */
  lastError: string | undefined;
  private readonly slots: Array<Slot<J, R>> = [];
  private readonly queue: Array<Pending<J, R>> = [];
  private readonly maxQueue: number;
  private readonly timeoutMs: number;
  private crashRun = 0;
  private closed = false;

  constructor(private readonly opts: PoolOptions) {
    if (!(opts.size >= 1)) throw new RangeError(`pool size must be at least 1, got ${opts.size}`);
    this.maxQueue = opts.maxQueue ?? 2 * opts.size;
    this.timeoutMs = opts.jobTimeoutMs ?? 60_000;
    for (let i = 0; i < opts.size; i++) {
      const slot: Slot<J, R> = { worker: undefined, current: undefined };
      this.slots.push(slot);
      this.start(slot);
    }
  }

  get size(): number {
    return this.slots.length;
  }

  /** Jobs waiting for a worker. */
  get queued(): number {
    return this.queue.length;
  }

  get running(): number {
    return this.slots.filter((s) => s.current).length;
  }

  /** False while workers keep crashing without completing a job. */
  get healthy(): boolean {
    return this.crashRun <= CRASHES_BEFORE_BACKOFF;
  }

  /** Whether a submit now would be accepted. */
  get accepting(): boolean {
    return !this.closed && this.queue.length < this.maxQueue;
  }

  /** Run a job; undefined when the pool is full (try again after a job completes). */
  submit(job: J): Promise<R> | undefined {
    if (!this.accepting) {
      this.stats.refused++;
      return undefined;
    }
    this.stats.submitted++;
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ job, attempts: 0, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('analysis pool closed'));
    await Promise.all(
      this.slots.map(async (s) => {
        clearTimeout(s.respawn);
        if (s.current) {
          clearTimeout(s.current.timer);
          s.current.reject(new Error('analysis pool closed'));
          s.current = undefined;
        }
        await s.worker?.terminate();
      }),
    );
  }

  private start(slot: Slot<J, R>): void {
    const worker = new Worker(this.opts.script, this.opts.workerOptions);
    slot.worker = worker;
    worker.on('message', (msg: WorkerReply<R>) => this.onReply(slot, msg));
    worker.on('error', (err) => this.onCrash(slot, worker, err));
    worker.on('exit', (code) => this.onCrash(slot, worker, new Error(`analysis worker exited with code ${code}`)));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.worker || slot.current || this.queue.length === 0) continue;
      const p = this.queue.shift()!;
      p.attempts++;
      const worker = slot.worker;
      const timer = setTimeout(() => this.onCrash(slot, worker, new Error(`analysis job ran over ${this.timeoutMs} ms`)), this.timeoutMs);
      timer.unref();
      slot.current = { ...p, started: performance.now(), timer };
      worker.postMessage(p.job);
    }
  }

  private onReply(slot: Slot<J, R>, msg: WorkerReply<R>): void {
    const p = slot.current;
    if (!p) return;
    clearTimeout(p.timer);
    slot.current = undefined;
    this.crashRun = 0;
    this.stats.busyMs += performance.now() - p.started;
    if (msg.ok) {
      this.stats.completed++;
      p.resolve(msg.result);
    } else {
      this.stats.failed++;
      p.reject(new Error(msg.error));
    }
    this.dispatch();
  }

  private onCrash(slot: Slot<J, R>, worker: Worker, err: Error): void {
    // Several events can report one death (error, then exit); act on the first only.
    if (slot.worker !== worker || this.closed) return;
    worker.removeAllListeners();
    worker.on('error', () => undefined);
    void worker.terminate();
    slot.worker = undefined;
    this.stats.replaced++;
    this.crashRun++;
    this.lastError = err.message;
    const p = slot.current;
    slot.current = undefined;
    if (p) {
      clearTimeout(p.timer);
      this.opts.onWorkerError?.(err, p.attempts);
      if (p.attempts < 2) {
        this.stats.retried++;
        this.queue.unshift({ job: p.job, attempts: p.attempts, resolve: p.resolve, reject: p.reject });
      } else {
        this.stats.failed++;
        p.reject(new Error(`job failed twice: ${err.message}`));
      }
    } else {
      this.opts.onWorkerError?.(err, 0);
    }
    // Replace at once the first times; then back off (250 ms doubling, at most 10 s).
    const delay = this.crashRun <= CRASHES_BEFORE_BACKOFF ? 0 : Math.min(10_000, 250 * 2 ** (this.crashRun - CRASHES_BEFORE_BACKOFF - 1));
    const respawn = () => {
      slot.respawn = undefined;
      if (this.closed) return;
      this.start(slot);
      this.dispatch();
    };
    if (delay === 0) respawn();
    else {
      slot.respawn = setTimeout(respawn, delay);
      slot.respawn.unref();
    }
  }
}
