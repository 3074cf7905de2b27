/**
 * The running agent: sample on the interval grid → batch → spool → ship, and a clean stop on
 * SIGTERM/SIGINT (flush the open batch into the spool, give the server ~3 s to acknowledge it).
 */
import { createCollectors } from './collectors/index.js';
import type { AgentConfig } from './config.js';
import { Batcher } from './encode.js';
import { readHostFacts } from './facts.js';
import type { Logger } from './log.js';
import { Sampler } from './sampler.js';
import { Ship } from './ship.js';
import { Spool } from './spool.js';
import { SpoolLockedError } from './spool-lock.js';

/** On SIGTERM, how long the server gets to acknowledge what is spooled; systemd's stop timeout is 90 s. */
export const DRAIN_ON_STOP_MS = 3000;

export interface RunningAgent {
  /** Resolves with the process exit code once the agent stopped (by stop() or a fatal refusal). */
  done: Promise<number>;
  /** Stop sampling, flush the open batch into the spool, give the server DRAIN_ON_STOP_MS to acknowledge, close. */
  stop(reason: string): Promise<number>;
}

/** The spool could not be opened (locked by another agent, or not writable at all). */
export class AgentStartError extends Error {
  override name = 'AgentStartError';
}

/** Start sampling and shipping. Throws AgentStartError when the spool cannot be opened. */
export async function startAgent(config: AgentConfig, log: Logger, version: string): Promise<RunningAgent> {
  const paths = { proc: config.procPath, sys: config.sysPath };
  let spool: Spool;
  try {
    spool = new Spool({
      dir: config.spool,
      maxBytes: config.spoolMax,
      onDrop: (samples, batches) => log.warn('spool full: dropped the oldest batches', { droppedSamples: samples, droppedBatches: batches, spoolMaxBytes: config.spoolMax }),
      onWriteError: (err) => log.error('cannot write the spool; keeping batches in memory until it works again', { spool: config.spool, err: err.message }),
    });
  } catch (err) {
    throw new AgentStartError(err instanceof SpoolLockedError ? err.message : `cannot open the spool ${config.spool}: ${(err as Error).message} (choose another with --spool)`);
  }

  let intervalMs = config.interval;
  const sampler = new Sampler({
    collectors: createCollectors(paths),
    slowEvery: config.slowEvery,
    log,
    extra: () => ({ gauges: { 'agent.spool_bytes': spool.sizeBytes }, counters: { 'agent.spool_dropped_total': spool.droppedSamples } }),
  });
  const facts = await readHostFacts(paths, config.hostId);
  const batcher = new Batcher(config.batchMax, config.batchDelay);
  let sampleTimer: NodeJS.Timeout | undefined;
  let batchTimer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> = Promise.resolve();
  let stopping = false;
  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (finish = resolve));

  const ship = new Ship({
    server: config.server,
    token: config.token,
    agentVersion: version,
    facts,
    intervalMs: () => intervalMs,
    spool,
    log,
    onConfig: (c) => {
      if (!c.intervalMs || c.intervalMs === intervalMs) return;
      if (config.intervalExplicit) return log.debug('kept the configured interval over the server suggestion', { intervalMs, suggested: c.intervalMs });
      log.info('interval changed by the server', { from: intervalMs, to: c.intervalMs });
      intervalMs = c.intervalMs;
      schedule(Date.now());
    },
    onFatal: (code) => void stop('refused by the server', code),
  });

  const flush = () => {
    clearTimeout(batchTimer);
    if (batcher.size === 0) return;
    const { seq, dropped } = spool.nextBatch();
    const b = batcher.take(seq, dropped)!;
    spool.append(seq, b.samples, b.frame);
    log.debug('spooled', { seq, samples: b.samples, firstTs: b.firstTs, lastTs: b.lastTs });
    ship.pump();
  };

  /** Next tick on the interval grid, so samples stay evenly spaced whatever sampling took. */
  function schedule(lastStart: number): void {
    clearTimeout(sampleTimer);
    if (stopping) return;
    // Round, not floor: a timer that fired a hair early must not sample the same slot twice.
    const nextAt = (Math.round(lastStart / intervalMs) + 1) * intervalMs;
    sampleTimer = setTimeout(() => (ticking = tick()), Math.max(0, nextAt - Date.now()));
  }

  async function tick(): Promise<void> {
    const started = Date.now();
    try {
      const s = await sampler.sample(started);
      log.debug('sampled', { ts: s.ts });
      if (!batcher.add(s, Date.now())) {
        flush();
        batcher.add(s, Date.now());
      }
      if (batcher.due(Date.now())) flush();
      else if (batcher.size === 1) batchTimer = setTimeout(flush, Math.max(0, batcher.deadline()! - Date.now()));
    } catch (err) {
      log.error('sampling failed', { err: (err as Error).message });
    }
    schedule(started);
  }

  async function stop(reason: string, code: number): Promise<number> {
    if (stopping) return finished;
    stopping = true;
    clearTimeout(sampleTimer);
    await ticking;
    log.info('stopping: flushing the open batch', { reason, pending: batcher.size });
    flush();
    const drained = code === 0 ? await ship.drained(DRAIN_ON_STOP_MS) : false;
    log.info('stopped', { drained, spooled: spool.batchCount });
    await ship.close();
    spool.close();
    finish(code);
    return code;
  }

  log.info('agent starting', { version, server: config.server, intervalMs, spool: config.spool, spooled: spool.batchCount, instanceId: spool.instanceId });
  ship.start();
  ticking = tick();
  return { done: finished, stop: (reason) => stop(reason, 0) };
}
