/**
 * The trace model behind the `SimHost` interface `aura simulate` drives: the same host, sampled
 * at whatever event times the simulator asks for, reported as the agent would report it (gauges
 * and raw monotonic counters that the server turns back into rates).
 */
import type { ConnSummary, FailureClass, HostFacts, Sample } from '@aura/protocol';
import type { FailureLabel } from './effects.js';
import { drawFacts, type Persona } from './facts.js';
import { createFailure } from './failures.js';
import { createHostModel, type TraceEvent } from './host-model.js';
import { drawProfile, type BenignEvent } from './profile.js';
import { createRng, mixSeed, seedOf } from './random.js';
import { benignEvents, maxPrecursor } from './trace.js';

export interface SimHostOptions {
  id: string;
  /** Other hosts' addresses this one may talk to (fleet topology). */
  peers?: string[];
  /** How often (in samples) the connection summary is included, like the agent's slow cadence. */
  slowEvery?: number;
  /** Seed of the host model; default derived from the id, so "sim-0042" is always the same host. */
  seed?: number;
  /** Event time of the first sample, unix ms (failure and benign events are placed from it). Default: the first sample's. */
  startMs?: number;
  /** A failure to live through; default none (healthy). */
  failure?: { cls: FailureClass; atMs: number; abrupt?: boolean };
  persona?: Persona;
  benign?: BenignEvent[];
}

export interface SimHost {
  facts: HostFacts;
  address: string;
  /** The failure this host will live through, null when healthy. Times in unix seconds. */
  label: FailureLabel | null;
  /** Readings at event time `ts` (unix ms); call with increasing ts. */
  sample(ts: number): Sample;
  /** Routine and failure events that began since the last call. */
  drainEvents(): TraceEvent[];
}

/** The private address a simulated host reports, derived from its id (so peers can name it). */
export function simAddress(id: string): string {
  const idx = seedOf(id) % 65000;
  return `10.${(idx >> 8) & 255}.${idx & 255}.${(idx % 200) + 10}`;
}

/**
 * A simulated host backed by the trace model.
 * @example
 * const h = createScenarioHost({ id: 'sim-0001', startMs: t0, failure: { cls: 'disk_fill', atMs: t0 + 2 * 3600_000 } });
 * h.sample(t0).gauges['disk./.used_pct']
 */
export function createScenarioHost(opts: SimHostOptions): SimHost {
  const seed = opts.seed ?? seedOf(opts.id);
  const address = simAddress(opts.id);
  const facts = drawFacts(seed, opts.id, { ...(opts.persona ? { persona: opts.persona } : {}), ...(opts.failure?.cls === 'swap_thrash' ? { swap: true } : {}) });
  const profile = drawProfile(facts, opts.benign ?? []);
  const hostFacts: HostFacts = {
    hostname: `${opts.id}.sim.local`,
    machineId: `sim-${opts.id}`,
    hostId: opts.id as HostFacts['hostId'],
    os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12' },
    kernel: '6.1.0-sim',
    arch: 'x64',
    cpu: { model: `Simulated ${facts.persona} host`, cores: facts.cores },
    memoryBytes: facts.memoryBytes,
    bootTime: Math.round((opts.startMs ?? 1.7e12) / 1000 - profile.bootAgoS),
    filesystems: facts.mounts.map((m) => ({ mount: m.mount, fstype: 'ext4', device: `/dev/${m.device}`, sizeBytes: m.sizeBytes })),
    interfaces: facts.ifaces.map((i, k) => ({ name: i.name, speedMbps: i.speedMbps, addresses: k === 0 ? [address] : [] })),
  };
  let model: ReturnType<typeof createHostModel> | undefined;
  let label: FailureLabel | null = null;
  const build = (startMs: number) => {
    const startS = Math.round(startMs / 1000);
    const f = opts.failure;
    const failure = f ? createFailure(facts, profile, { cls: f.cls, abrupt: f.abrupt ?? false, failureTs: Math.round(f.atMs / 1000), maxPrecursorS: maxPrecursor(Math.round(f.atMs / 1000), startS) }) : undefined;
    label = failure?.label ?? null;
    const rng = createRng(mixSeed(seed, 7));
    return createHostModel({ facts, profile, failure, startS, extraEvents: benignEvents(opts.benign ?? [], startS, startS + 7 * 86_400, rng) });
  };
  if (opts.startMs !== undefined) model = build(opts.startMs);
  let last: number | undefined;
  let n = 0;
  const peers = (opts.peers ?? []).slice(0, 8);
  return {
    facts: hostFacts,
    address,
    get label() {
      return label;
    },
    drainEvents: () => model?.drainEvents() ?? [],
    sample(ts: number): Sample {
      model ??= build(ts);
      const dtS = last === undefined ? 5 : Math.max(0.001, (ts - last) / 1000);
      last = ts;
      model.step(ts / 1000, dtS);
      const gauges: Record<string, number> = {};
      model.layout.gauges.forEach((name, i) => (gauges[name] = model!.gauges[i]!));
      const counters: Record<string, number> = {};
      model.layout.counters.forEach((name, i) => (counters[name] = model!.counters[i]!));
      const s: Sample = { ts, gauges, counters };
      if (n++ % (opts.slowEvery ?? 6) === 0) s.conns = conns(peers, seed, Number(gauges['tcp.established'] ?? 0));
      return s;
    },
  };
}

function conns(peers: string[], seed: number, established: number): ConnSummary {
  const share = Math.max(1, Math.round(established / Math.max(1, peers.length * 4)));
  const remotes = peers.map((addr, i) => ({ addr, port: [5432, 6379, 443, 9092][(seed + i) % 4]!, count: share + ((seed >> i) & 3) }));
  return { listening: [22, 8080, 9100], remotes: remotes.sort((a, b) => b.count - a.count) };
}
