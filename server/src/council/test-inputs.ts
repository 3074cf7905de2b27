/** Hand-built council inputs for the council's tests (any part may be left out). */
import type { ConnSummary, Forecast, HostFacts, Prediction, TopologySummary } from '@aura/protocol';
import type { CouncilInput, FleetContext, RecentSample } from './types.js';

export const T0 = Date.UTC(2026, 0, 1);
export const MIN = 60_000;

export const FACTS: HostFacts = {
  hostname: 'web-1.example.net',
  machineId: 'm-web-1',
  os: { platform: 'linux', distro: 'Debian', release: '12' },
  kernel: '6.1.0',
  arch: 'x64',
  cpu: { model: 'Test CPU', cores: 4 },
  memoryBytes: 8e9,
  bootTime: 1_700_000_000,
  filesystems: [{ mount: '/', fstype: 'ext4', device: '/dev/sda1', sizeBytes: 40e9 }],
  interfaces: [{ name: 'eth0', speedMbps: 1000, addresses: ['10.0.0.5/24'] }],
};

/** A calm host's values. */
export const CALM: Record<string, number> = {
  'cpu.total': 20,
  'cpu.iowait': 1,
  'cpu.steal': 0,
  'load.1': 0.8,
  'mem.used_pct': 45,
  'swap.used_pct': 0,
  'disk./.used_pct': 40,
  'disk./.inodes_used_pct': 10,
  'net.eth0.rx_bps': 1e6,
  'net.eth0.tx_bps': 5e5,
  'net.eth0.rx_pps': 900,
  'net.eth0.tx_pps': 700,
  'net.eth0.rx_errors': 0,
  'net.eth0.rx_drops': 0,
  'tcp.established': 120,
  'proc.count': 180,
};

/** Samples every 5 s over the minute before `ts`, all carrying `values` (over CALM). */
export function samples(ts: number, values: Record<string, number> = {}, n = 12): RecentSample[] {
  return Array.from({ length: n }, (_, i) => ({ ts: ts - (n - 1 - i) * 5000, values: { ...CALM, ...values } }));
}

export interface InputParts {
  hostId?: string;
  ts?: number;
  values?: Record<string, number>;
  recent?: RecentSample[];
  facts?: HostFacts | null;
  forecasts?: Forecast[];
  prediction?: Prediction | null;
  topology?: TopologySummary | null;
  conns?: ConnSummary | null;
  fleet?: FleetContext | null;
}

/** An input at unix ms `ts` (default T0). */
export function input(p: InputParts = {}): CouncilInput {
  const ts = p.ts ?? T0;
  return {
    analysis: { hostId: p.hostId ?? 'web-1', ts: ts / 1000, topology: p.topology ?? null, forecasts: p.forecasts ?? [], prediction: p.prediction ?? null },
    facts: p.facts === undefined ? FACTS : p.facts,
    recent: p.recent ?? samples(ts, p.values),
    conns: p.conns ? { ts, summary: p.conns } : null,
    fleet: p.fleet ?? null,
  };
}

export function prediction(risk: Partial<Prediction['risk']>, cls: Prediction['class'] = 'memory_leak', ttfSeconds: number | null = 1800): Prediction {
  return {
    risk: { '15m': 0.01, '1h': 0.02, '2h': 0.03, '4h': 0.05, ...risk },
    ttfSeconds,
    class: cls,
    classProbability: 0.9,
    drivers: [{ input: 'mem.used_pct', effect: 0.4 }],
    recommendation: 'restart the leaking service',
    model: 'cfc-test',
  };
}

export function topology(drift: { score: number; threshold: number; drifting: boolean }): TopologySummary {
  return {
    points: 60,
    metrics: ['cpu.total', 'mem.used_pct'],
    from: T0 / 1000 - 600,
    to: T0 / 1000,
    betti: [1, 0],
    entropy: [0.5, 0],
    totalPersistence: [1, 0],
    landscape: { l1: [1, 0], l2: [1, 0] },
    wasserstein: 0.2,
    drift: { ...drift, learned: 100, needed: 60 },
    features: [],
  };
}
