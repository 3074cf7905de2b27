// The worker pool with real worker threads: results, back-pressure, crashes (retried once, then
// failed), hung jobs, and a worker that cannot start (replaced with back-off, reported unhealthy).
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing.js';
import { WorkerPool } from './pool.js';

const script = new URL('./fixtures/test-worker.mjs', import.meta.url);
type Job = { value?: number; crash?: 'once' | 'always'; marker?: string; hang?: boolean; fail?: boolean };
type Result = { echo: number };

let pool: WorkerPool<Job, Result> | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('WorkerPool', () => {
  it('runs jobs on its workers and answers each one', async () => {
    pool = new WorkerPool<Job, Result>({ script, size: 2, maxQueue: 10 });
    const results = await Promise.all([1, 2, 3, 4, 5].map((value) => pool!.submit({ value })!));
    expect(results.map((r) => r.echo)).toEqual([1, 2, 3, 4, 5]);
    expect(pool.stats).toMatchObject({ submitted: 5, completed: 5, failed: 0 });
  });

  it('refuses work beyond its queue instead of growing (back-pressure)', async () => {
    pool = new WorkerPool<Job, Result>({ script, size: 1, maxQueue: 2 });
    // One runs, two wait: the queue is full.
    const accepted = [pool.submit({ value: 1 }), pool.submit({ value: 2 }), pool.submit({ value: 3 })];
    expect(pool.queued).toBe(2);
    expect(pool.accepting).toBe(false);
    expect(pool.submit({ value: 4 })).toBeUndefined();
    expect(pool.stats.refused).toBe(1);
    await Promise.all(accepted);
    expect(pool.accepting).toBe(true);
  });

  it('replaces a crashed worker and retries its job once', async () => {
    const dir = tempDir();
    pool = new WorkerPool<Job, Result>({ script, size: 1 });
    const r = await pool.submit({ value: 7, crash: 'once', marker: join(dir.dir, 'm') })!;
    expect(r.echo).toBe(7);
    expect(pool.stats).toMatchObject({ replaced: 1, retried: 1, completed: 1 });
    // The replacement keeps serving.
    expect((await pool.submit({ value: 8 })!).echo).toBe(8);
    dir.remove();
  });

  it('records a job as failed when it crashes its worker twice, and goes on with the next', async () => {
    const errors: number[] = [];
    pool = new WorkerPool<Job, Result>({ script, size: 1, onWorkerError: (_e, attempt) => errors.push(attempt) });
    await expect(pool.submit({ crash: 'always' })!).rejects.toThrow(/failed twice.*code 3/);
    expect(errors).toEqual([1, 2]);
    expect((await pool.submit({ value: 9 })!).echo).toBe(9);
    expect(pool.stats).toMatchObject({ failed: 1, retried: 1, replaced: 2 });
  });

  it('treats a job past its time-out as a hung worker', async () => {
    pool = new WorkerPool<Job, Result>({ script, size: 1, jobTimeoutMs: 300 });
    await expect(pool.submit({ hang: true })!).rejects.toThrow(/ran over 300 ms/);
    expect((await pool.submit({ value: 1 })!).echo).toBe(1);
  });

  it('passes a worker’s own error reply through without replacing it', async () => {
    pool = new WorkerPool<Job, Result>({ script, size: 1 });
    await expect(pool.submit({ fail: true })!).rejects.toThrow('job said no');
    expect(pool.stats.replaced).toBe(0);
  });

  it('backs off replacing a worker that cannot start, and says it is unhealthy', async () => {
    const errors: string[] = [];
    pool = new WorkerPool<Job, Result>({ script, size: 1, workerOptions: { workerData: { failAtStart: true } }, onWorkerError: (e) => errors.push(e.message) });
    await expect.poll(() => pool!.healthy, { timeout: 5000 }).toBe(false);
    const replaced = pool.stats.replaced;
    expect(errors.some((m) => m.includes('cannot start'))).toBe(true);
    // With back-off, a second later it has not spun through dozens of workers.
    await new Promise((r) => setTimeout(r, 1000));
    expect(pool.stats.replaced - replaced).toBeLessThanOrEqual(3);
    expect(pool.lastError).toMatch(/cannot start|exited/);
  });
});
