/** `--once`: one full sample as JSON on stdout, from two readings a second apart so rates and percentages exist. */
import { deriveMetrics } from '@aura/protocol';
import { createCollectors } from './collectors/index.js';
import type { AgentConfig } from './config.js';
import { readHostFacts } from './facts.js';
import type { Logger } from './log.js';
import { Sampler } from './sampler.js';

/** Gap between the two readings: long enough for CPU ticks (100 Hz) to mean something. */
const GAP_MS = 1000;

export async function runOnce(config: AgentConfig, log: Logger): Promise<void> {
  const paths = { proc: config.procPath, sys: config.sysPath };
  const sampler = new Sampler({ collectors: createCollectors(paths), slowEvery: 1, log });
  const started = Date.now();
  const [facts, first] = await Promise.all([readHostFacts(paths, config.hostId), sampler.sample(started)]);
  await new Promise((r) => setTimeout(r, Math.max(0, started + GAP_MS - Date.now())));
  const cur = await sampler.sample();
  const out = { ts: cur.ts / 1000, host: facts, metrics: deriveMetrics(first, cur), gauges: cur.gauges, counters: cur.counters, conns: cur.conns ?? null };
  await new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(out, null, 2)}\n`, () => resolve()));
}
