/** The agent's entry point: configuration, the sampling loop, batching, spooling, shipping, shutdown. */
import { deriveMetrics } from '@aura/protocol';
import { createCollectors } from './collectors/index.js';
import { AgentConfigError, HELP, loadAgentConfig, type AgentConfig } from './config.js';
import { readHostFacts } from './facts.js';
import { Batcher } from './batcher.js';
import { createLogger, type Logger } from './log.js';
import { Sampler } from './sampler.js';
import { Ship } from './ship.js';
import { Spool } from './spool.js';

declare const __AGENT_VERSION__: string;
export const AGENT_VERSION = typeof __AGENT_VERSION__ === 'string' ? __AGENT_VERSION__ : '0.0.0-dev';

/** On SIGTERM: how long to wait for the server to acknowledge what is spooled before exiting. */
const DRAIN_ON_STOP_MS = 3000;

async function once(config: AgentConfig): Promise<void> {
  const paths = { proc: config.procPath, sys: config.sysPath };
  const sampler = new Sampler({ collectors: createCollectors(paths), slowEvery: 1, log: createLogger('warn') });
  const facts = await readHostFacts(paths, config.hostId);
  const first = await sampler.sample();
  // Rates and CPU percentages need two readings.
  await new Promise((r) => setTimeout(r, 1000));
  const second = await sampler.sample();
  process.stdout.write(
    `${JSON.stringify({ ts: second.ts / 1000, host: facts, metrics: deriveMetrics(first, second), gauges: second.gauges, counters: second.counters, conns: second.conns ?? null }, null, 2)}\n`,
  );
}

async function run(config: AgentConfig, log: Logger): Promise<void> {
  const paths = { proc: config.procPath, sys: config.sysPath };
  const spool = new Spool(config.spool, config.spoolMax, (samples, batches) =>
    log.warn('spool full: dropped the oldest batches', { droppedSamples: samples, droppedBatches: batches, spoolMaxBytes: config.spoolMax }),
  );
  let intervalMs = config.interval;
  const sampler = new Sampler({
    collectors: createCollectors(paths),
    slowEvery: config.slowEvery,
    log,
    extra: () => ({ gauges: { 'agent.spool_bytes': spool.sizeBytes }, counters: { 'agent.spool_dropped_total': spool.droppedSamples } }),
  });
  const facts = await readHostFacts(paths, config.hostId);
  const batcher = new Batcher(config.batchMax, config.batchDelay);
  const ship = new Ship({
    server: config.server,
    token: config.token,
    agentVersion: AGENT_VERSION,
    facts,
    intervalMs: () => intervalMs,
    spool,
    log,
    onConfig: (c) => {
      if (c.intervalMs && c.intervalMs !== intervalMs && !config.intervalExplicit) {
        log.info('interval changed by the server', { from: intervalMs, to: c.intervalMs });
        intervalMs = c.intervalMs;
      }
    },
  });
  log.info('agent starting', { version: AGENT_VERSION, server: config.server, intervalMs, spool: config.spool, spooled: spool.batchCount, instanceId: spool.instanceId });

  const flush = () => {
    const { seq, dropped } = spool.nextBatch();
    const batch = batcher.take(seq, dropped);
    if (!batch) return;
    try {
      spool.append(seq, batch.samples, batch.frame);
    } catch (err) {
      log.error('cannot write the spool; this batch is lost', { err: (err as Error).message, samples: batch.samples });
      return;
    }
    ship.pump();
  };

  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    if (stopping) return;
    const started = Date.now();
    try {
      const s = await sampler.sample(started);
      log.debug('sampled', { ts: s.ts });
      batcher.add(s, Date.now());
      if (batcher.due(Date.now())) flush();
    } catch (err) {
      log.error('sampling failed', { err: (err as Error).message });
    }
    if (!stopping) {
      // Align to the interval grid so samples stay evenly spaced whatever sampling took.
      const next = intervalMs - (Date.now() % intervalMs);
      timer = setTimeout(() => void tick(), next);
    }
  };
  ship.start();
  void tick();

  await new Promise<void>((resolve) => {
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      clearTimeout(timer);
      log.info('stopping: flushing the open batch', { signal, pending: batcher.size });
      flush();
      const drained = await ship.drained(DRAIN_ON_STOP_MS);
      log.info('stopped', { drained, spooled: spool.batchCount });
      ship.close();
      resolve();
    };
    process.once('SIGTERM', () => void stop('SIGTERM'));
    process.once('SIGINT', () => void stop('SIGINT'));
  });
}

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  if (argv.includes('--version')) {
    process.stdout.write(`${AGENT_VERSION}\n`);
    return 0;
  }
  let config: AgentConfig;
  try {
    config = loadAgentConfig(argv, env);
  } catch (err) {
    if (err instanceof AgentConfigError) {
      process.stderr.write(`aura-agent: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (config.once) {
    await once(config);
    return 0;
  }
  await run(config, createLogger(config.logLevel));
  return 0;
}
