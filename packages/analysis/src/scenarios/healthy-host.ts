/**
 * A healthy host's raw readings over event time: daily cycles, noise, short bursts, a slowly
 * filling disk with nightly log rotation, several filesystems and interfaces, and established
 * connections to its peers. Produces the same Sample shape the real agent sends (gauges and raw
 * monotonic counters), so the whole server path is exercised.
 */
import { COUNTER, CPU_FIELDS, type ConnSummary, type HostFacts, type Sample } from '@aura/protocol';
import { createRng, seedOf, type Rng } from './random.js';

const DAY_MS = 86_400_000;
const USER_HZ = 100;

export interface SimHostOptions {
  id: string;
  /** Other hosts' addresses this one may talk to (fleet topology). */
  peers?: string[];
  /** How often (in samples) the connection summary is included, like the agent's slow cadence. */
  slowEvery?: number;
}

export interface SimHost {
  facts: HostFacts;
  address: string;
  /** Readings at event time `ts` (unix ms); call with increasing ts. */
  sample(ts: number): Sample;
}

/** The private address a simulated host reports, derived from its id (so peers can name it). */
export function simAddress(id: string): string {
  const idx = seedOf(id) % 65000;
  return `10.${(idx >> 8) & 255}.${idx & 255}.${(idx % 200) + 10}`;
}

export function createHealthyHost(opts: SimHostOptions): SimHost {
  const rng = createRng(seedOf(opts.id));
  const cores = [2, 4, 8, 16][Math.floor(rng.next() * 4)]!;
  const memBytes = cores * 2 * 1024 ** 3;
  const phase = rng.next();
  const cpuBase = rng.range(0.05, 0.25);
  const cpuAmp = rng.range(0.05, 0.3);
  const memBase = rng.range(0.3, 0.6);
  const address = simAddress(opts.id);
  const disks = [
    { mount: '/', size: 80e9, used: rng.range(0.2, 0.5) },
    { mount: '/var/lib/data', size: 500e9, used: rng.range(0.3, 0.6) },
  ];
  const facts: HostFacts = {
    hostname: `${opts.id}.sim.local`,
    machineId: `sim-${opts.id}`,
    hostId: opts.id as HostFacts['hostId'],
    os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12' },
    kernel: '6.1.0-sim',
    arch: 'x64',
    cpu: { model: 'Simulated CPU', cores },
    memoryBytes: memBytes,
    bootTime: 1_700_000_000,
    filesystems: disks.map((d) => ({ mount: d.mount, fstype: 'ext4', device: `/dev/sd${d.mount === '/' ? 'a1' : 'b1'}`, sizeBytes: d.size })),
    interfaces: [
      { name: 'eth0', speedMbps: 10000, addresses: [address] },
      { name: 'eth1', speedMbps: 1000, addresses: [] },
    ],
  };
  const counters: Record<string, number> = {};
  let last: number | undefined;
  let burstUntil = 0;
  let n = 0;

  return {
    facts,
    address,
    sample(ts: number): Sample {
      const dtS = last === undefined ? 5 : Math.max(0.001, (ts - last) / 1000);
      last = ts;
      const daily = 0.5 + 0.5 * Math.sin(2 * Math.PI * (ts / DAY_MS + phase));
      if (ts > burstUntil && rng.next() < 0.002 * dtS) burstUntil = ts + rng.range(30_000, 180_000);
      const burst = ts < burstUntil ? rng.range(0.2, 0.5) : 0;
      const busy = clamp(cpuBase + cpuAmp * daily + burst + 0.03 * rng.normal(), 0.01, 0.99);
      addCpuTicks(counters, rng, busy, cores * USER_HZ * dtS);
      const traffic = (0.2 + daily) * rng.range(0.9, 1.1) * (1 + 3 * burst);
      add(counters, COUNTER.net('eth0', 'rx_bytes'), 5e6 * traffic * dtS);
      add(counters, COUNTER.net('eth0', 'tx_bytes'), 2e6 * traffic * dtS);
      add(counters, COUNTER.net('eth0', 'rx_packets'), 4000 * traffic * dtS);
      add(counters, COUNTER.net('eth0', 'tx_packets'), 3000 * traffic * dtS);
      add(counters, COUNTER.net('eth0', 'rx_errors'), rng.next() < 0.01 ? 1 : 0);
      add(counters, COUNTER.net('eth0', 'rx_drops'), rng.next() < 0.02 ? 1 : 0);
      add(counters, COUNTER.net('eth1', 'rx_bytes'), 1e4 * dtS);
      add(counters, COUNTER.net('eth1', 'tx_bytes'), 1e4 * dtS);
      add(counters, COUNTER.diskIo('sda', 'read_bytes'), 2e5 * traffic * dtS);
      add(counters, COUNTER.diskIo('sda', 'write_bytes'), 8e5 * traffic * dtS);
      add(counters, COUNTER.diskIo('sda', 'reads'), 20 * traffic * dtS);
      add(counters, COUNTER.diskIo('sda', 'writes'), 60 * traffic * dtS);
      add(counters, COUNTER.diskIo('sda', 'io_time_ms'), 1000 * dtS * clamp(0.05 * traffic, 0, 1));
      const memUsed = clamp(memBase + 0.15 * daily + 0.01 * rng.normal(), 0.05, 0.98);
      const gauges: Record<string, number> = {
        'load.1': round2(cores * busy * rng.range(0.8, 1.2)),
        'load.5': round2(cores * (cpuBase + cpuAmp * daily)),
        'load.15': round2(cores * (cpuBase + cpuAmp * 0.5)),
        'mem.used_pct': round2(memUsed * 100),
        'mem.available_bytes': Math.round(memBytes * (1 - memUsed)),
        'mem.total_bytes': memBytes,
        'swap.used_pct': round2(clamp(memUsed - 0.8, 0, 1) * 50),
        'tcp.established': Math.round(50 + 400 * traffic),
        'proc.count': Math.round(180 + 20 * daily + 3 * rng.normal()),
        'uptime.seconds': Math.round(ts / 1000 - 1_700_000_000),
        'temp.cpu': round2(40 + 30 * busy),
      };
      for (const d of disks) {
        // Logs grow through the day and are rotated at midnight.
        const pct = clamp(d.used + 0.05 * ((ts / DAY_MS + phase) % 1), 0, 1) * 100;
        gauges[`disk.${d.mount}.used_pct`] = round2(pct);
        gauges[`disk.${d.mount}.inodes_used_pct`] = round2(pct / 3);
        gauges[`disk.${d.mount}.size_bytes`] = d.size;
        gauges[`disk.${d.mount}.used_bytes`] = Math.round((d.size * pct) / 100);
      }
      const s: Sample = { ts, gauges, counters: { ...counters } };
      if (n++ % (opts.slowEvery ?? 6) === 0) s.conns = conns(opts.peers ?? [], seedOf(opts.id));
      return s;
    },
  };
}

function conns(peers: string[], seed: number): ConnSummary {
  const remotes = peers.slice(0, 8).map((addr, i) => ({ addr, port: [5432, 6379, 443, 9092][(seed + i) % 4]!, count: 1 + ((seed >> i) & 7) }));
  return { listening: [22, 8080, 9100], remotes };
}

function addCpuTicks(counters: Record<string, number>, rng: Rng, busy: number, ticks: number): void {
  const share: Record<(typeof CPU_FIELDS)[number], number> = {
    user: busy * 0.65,
    nice: busy * 0.02,
    system: busy * 0.2,
    idle: 1 - busy,
    iowait: busy * 0.05 * rng.next(),
    irq: busy * 0.02,
    softirq: busy * 0.04,
    steal: busy * 0.02,
  };
  for (const f of CPU_FIELDS) add(counters, COUNTER.cpuTicks(f), Math.round(share[f] * ticks));
}

function add(counters: Record<string, number>, name: string, inc: number): void {
  counters[name] = (counters[name] ?? 0) + Math.max(0, Math.round(inc));
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
