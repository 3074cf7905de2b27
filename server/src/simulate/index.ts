/**
 * `aura simulate`: N agents in one process over real WebSockets, each living through a trace
 * (healthy by default, or a failure scenario), with event time compressed `speed` times. One
 * machine can stand in for a fleet. Prints the labelled failures first, then one JSON status
 * line every few seconds: event time, hosts connected, samples acked, ack latency quantiles,
 * and where each failing host stands.
 */
import { simAddress, type ScenarioName } from '@aura/analysis/scenarios';
import { planFleet, type FleetPlan } from './fleet.js';
import type { Sample } from '@aura/protocol';
import { SimAgent } from './sim-agent.js';

export interface SimulateOptions {
  server: string;
  token: string;
  hosts: number;
  scenario: ScenarioName;
  speed: number;
  intervalMs: number;
  /** Samples per batch frame. */
  batch: number;
  deflate: boolean;
  /** Event time of the first sample (unix ms). */
  startMs: number;
  /** Stop after this much wall time (ms); undefined = run until stopped. */
  durationMs?: number | undefined;
  prefix: string;
  statusEveryMs: number;
  /** Acks in the first warmupMs (connection ramp-up) are left out of the final latency figures. */
  warmupMs?: number | undefined;
  /** Failure scenarios: event time from the start to the failure (ms), hosts that fail, abrupt or not. */
  failureAfterMs?: number | undefined;
  failing?: number | undefined;
  abrupt?: boolean | undefined;
  print: (line: string) => void;
}

export interface SimulationStats {
  connected: number;
  acked: number;
  samplesAcked: number;
  unacked: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export async function runSimulation(opts: SimulateOptions, signal?: AbortSignal): Promise<SimulationStats> {
  const ids = Array.from({ length: opts.hosts }, (_, i) => `${opts.prefix}-${String(i + 1).padStart(4, '0')}`);
  const addresses = ids.map(simAddress);
  const fleet: FleetPlan = planFleet({ ids, addresses, scenario: opts.scenario, startMs: opts.startMs, failureAfterMs: opts.failureAfterMs, failing: opts.failing, abrupt: opts.abrupt });
  if (fleet.failures.length || opts.scenario !== 'healthy') opts.print(JSON.stringify({ scenario: opts.scenario, startTs: Math.round(opts.startMs / 1000), failures: fleet.failures }));
  let eventMs = opts.startMs;
  let latencies: number[] = [];
  const allLatencies: number[] = [];
  const wallStart = Date.now();
  const totals = { acked: 0, samplesAcked: 0, errors: 0 };
  const lastErrors: string[] = [];
  const agents = ids.map((id, i) => {
    // Each host talks to a few others, so the fleet has a topology.
    const host = fleet.hosts[i]!;
    const agent = new SimAgent({
      url: opts.server,
      token: opts.token,
      host,
      intervalMs: opts.intervalMs,
      deflate: opts.deflate,
      onAck: (ms, n) => {
        latencies.push(ms);
        if (Date.now() - wallStart >= (opts.warmupMs ?? 0)) allLatencies.push(ms);
        totals.acked++;
        totals.samplesAcked += n;
      },
      onError: (msg) => {
        totals.errors++;
        if (lastErrors.length < 5) lastErrors.push(`${id}: ${msg}`);
      },
    });
    return { id, i, host, agent, buffer: [] as Sample[] };
  });

  const tickWallMs = opts.intervalMs / opts.speed;
  const timers: NodeJS.Timeout[] = [];
  const stats = (window: number[]): SimulationStats => {
    const sorted = window.sort((x, y) => x - y);
    return {
      connected: agents.filter((a) => a.agent.connected).length,
      acked: totals.acked,
      samplesAcked: totals.samplesAcked,
      unacked: agents.reduce((s, a) => s + a.agent.unacked, 0),
      errors: totals.errors,
      p50: round(quantile(sorted, 0.5)),
      p99: round(quantile(sorted, 0.99)),
      max: round(sorted.at(-1) ?? 0),
    };
  };
  for (const a of agents) {
    let k = 0;
    // Stagger hosts over one tick so a fleet does not sample in lockstep.
    const offset = (a.i / agents.length) * tickWallMs;
    const tick = () => {
      // Event time runs `speed` times faster but never ahead of the wall clock.
      const ts = Math.min(Date.now(), opts.startMs + Math.round(offset * opts.speed) + k * opts.intervalMs);
      k++;
      if (ts > eventMs) eventMs = ts;
      a.buffer.push(a.host.sample(ts));
      if (a.buffer.length >= opts.batch) {
        a.agent.send(a.buffer);
        a.buffer = [];
      }
    };
    // Connections are staggered too, as a fleet's agents start at different moments.
    timers.push(setTimeout(() => a.agent.start(), Math.max(0, offset - 1000)));
    timers.push(
      setTimeout(() => {
        tick();
        timers.push(setInterval(tick, tickWallMs));
      }, offset),
    );
  }
  const status = setInterval(() => {
    const s = stats(latencies);
    const failures = fleet.status(eventMs / 1000);
    opts.print(JSON.stringify({ elapsedS: Math.round((Date.now() - wallStart) / 1000), eventTs: Math.round(eventMs / 1000), hosts: opts.hosts, ...s, ...(failures.length ? { failures } : {}), ...(lastErrors.length ? { lastErrors: lastErrors.splice(0) } : {}) }));
    latencies = [];
  }, opts.statusEveryMs);

  await new Promise<void>((done) => {
    const finish = () => done();
    signal?.addEventListener('abort', finish, { once: true });
    if (opts.durationMs !== undefined) setTimeout(finish, opts.durationMs);
  });
  for (const t of timers) clearInterval(t);
  clearInterval(status);
  // Give in-flight batches a moment to be acked before closing.
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && agents.some((a) => a.agent.unacked > 0)) await new Promise((r) => setTimeout(r, 100));
  const final = stats(allLatencies);
  for (const a of agents) a.agent.stop();
  return final;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
