/**
 * The failure classes: how each one grows on a real server (its precursor), what the failure
 * itself looks like, and how the host recovers. Each failure is calibrated against the host's
 * own profile so its condition is reached at the labelled time, whatever the host's size.
 */
import type { FailureClass } from '@aura/protocol';
import type { Effects, Failure, FailureLabel, Observed } from './effects.js';
import type { TraceFacts } from './facts.js';
import { accelerating, clamp01, linear, ramp, stepwise, trafficDriven, type Shape } from './failure-shapes.js';
import type { HostProfile } from './profile.js';
import { createRng, logRange, mixSeed, pick, type Rng } from './random.js';

export interface FailureOptions {
  cls: FailureClass;
  /** No precursor: minutes from normal to failed. */
  abrupt: boolean;
  /** Unix seconds at which the failure condition first holds. */
  failureTs: number;
  /** At most this much precursor (seconds), e.g. the time since the trace began. */
  maxPrecursorS?: number;
}

interface Plan {
  variant: string;
  /** Precursor length range (s) when not abrupt, and the failure phase's length range (s). */
  precursor: [number, number];
  failure: [number, number];
  recovery: Effects['action'];
  target?: string;
  shape: (P: number, F: number) => Shape;
  /** Bend the host at progress q (0–1, 1 from failureTs on). */
  apply: (q: number, fx: Effects, tS: number, failed: boolean) => void;
  force: (o: Observed) => void;
}

type Planner = (facts: TraceFacts, prof: HostProfile, rng: Rng, abrupt: boolean) => Plan;

const H = 3600;
const M = 60;

/** Anonymous memory the host typically holds (what a leak adds to). */
function typicalAnon(facts: TraceFacts, p: HostProfile): number {
  return p.memSys + p.memApp + p.memTraffic * 0.6 + p.gcAmp / 2;
}

/** Anonymous memory at which used memory reaches `share` of RAM, swap soaking up what it can first. */
function anonForUsed(facts: TraceFacts, p: HostProfile, share: number): number {
  const T = facts.memoryBytes;
  const free = facts.swapBytes - p.swapCold;
  const excess = (share - 0.9) * T / 0.25;
  return 0.75 * excess <= free ? 0.9 * T + excess : share * T + free;
}

const memoryLeak: Planner = (facts, p, rng, abrupt) => {
  const variant = abrupt ? 'allocation-spike' : pick(rng, ['linear', 'stepwise', 'per-request'] as const);
  const leak = anonForUsed(facts, p, 0.995) - typicalAnon(facts, p) + facts.memoryBytes * 0.02;
  return {
    variant,
    precursor: [6 * H, 48 * H],
    failure: [2 * M, 10 * M],
    recovery: 'restart',
    shape: (P, F) => (abrupt ? ramp(P, F) : variant === 'stepwise' ? stepwise(P, F, rng, Math.round(rng.range(8, 30))) : variant === 'per-request' ? trafficDriven(facts, p, P, F) : linear(P, F)),
    apply: (q, fx, _t, failed) => {
      fx.memBytes += leak * q;
      // Near the top the kernel reclaims and pages hard before the OOM killer acts.
      fx.sys += 0.1 * clamp01((q - 0.85) / 0.15) + (failed ? 0.25 : 0);
      fx.swapActivity += facts.swapBytes > 0 ? 0.2 * clamp01((q - 0.8) / 0.2) : 0;
      if (failed) fx.dstate += facts.cores;
    },
    force: (o) => {
      o.memUsed = Math.max(o.memUsed, facts.memoryBytes * 0.993);
      o.swapUsed = facts.swapBytes;
    },
  };
};

const diskFill: Planner = (facts, p, rng, abrupt) => {
  const variant = abrupt ? 'sudden' : pick(rng, ['runaway-writer', 'log-growth', 'data-growth'] as const);
  const m = variant === 'data-growth' || (variant !== 'log-growth' && rng.next() < 0.5) ? 1 : 0;
  const mount = facts.mounts[m]!;
  const typical = m === 0 ? p.rootBase + p.logPerDay * 0.5 : p.dataBase + p.dataGrowthPerDay * p.dataCycleDays * 0.5;
  const need = mount.sizeBytes * 1.01 - typical;
  const ranges: Record<typeof variant, [number, number]> = { sudden: [2 * M, 10 * M], 'runaway-writer': [1 * H, 3 * H], 'log-growth': [12 * H, 96 * H], 'data-growth': [48 * H, 168 * H] };
  let shape: Shape = () => 0;
  return {
    variant,
    target: mount.mount,
    precursor: ranges[variant],
    failure: [15 * M, 90 * M],
    recovery: 'cleanup',
    shape: (P, F) => (shape = abrupt ? ramp(P, F) : variant === 'log-growth' ? trafficDriven(facts, p, P, F) : linear(P, F)),
    apply: (q, fx, t, failed) => {
      fx.diskBytes[m] += need * q;
      // The filling shows as writes on the device underneath, until writes start failing.
      if (!failed) fx.writeBps[m] += Math.max(0, need * (shape(t) - shape(t - 60)) / 60);
    },
    force: (o) => {
      o.diskUsed[m] = mount.sizeBytes;
    },
  };
};

const inodeExhaustion: Planner = (facts, p, rng, abrupt) => {
  const variant = abrupt ? 'file-storm' : pick(rng, ['session-files', 'cache-files'] as const);
  const m = rng.next() < 0.6 ? 1 : 0;
  const mount = facts.mounts[m]!;
  const need = mount.inodes * (1.01 - p.inodeShare[m]);
  return {
    variant,
    target: mount.mount,
    precursor: variant === 'session-files' ? [6 * H, 72 * H] : [12 * H, 96 * H],
    failure: [20 * M, 120 * M],
    recovery: 'cleanup',
    shape: (P, F) => (abrupt ? ramp(P, F) : variant === 'session-files' ? trafficDriven(facts, p, P, F) : linear(P, F)),
    apply: (q, fx) => {
      fx.inodes[m] += need * q;
      // Small files: many inodes, few bytes (a 4 KiB block each).
      fx.diskBytes[m] += need * q * 4096;
    },
    force: (o) => {
      o.inodesUsed[m] = mount.inodes;
    },
  };
};

const cpuRunaway: Planner = (facts, _p, rng, abrupt) => {
  const variant = abrupt ? 'fork-storm' : pick(rng, ['stuck-threads', 'hot-loop'] as const);
  const threads = facts.cores * rng.range(4.6, 6);
  return {
    variant,
    precursor: variant === 'stuck-threads' ? [1 * H, 8 * H] : [30 * M, 4 * H],
    failure: [10 * M, 40 * M],
    recovery: 'restart',
    shape: (P, F) => (abrupt ? ramp(P, F) : variant === 'stuck-threads' ? stepwise(P, F, rng, Math.round(rng.range(6, 20))) : accelerating(P, F, 1.5)),
    apply: (q, fx) => {
      // Each spinning thread wants a whole core; beyond the cores they queue (load climbs).
      fx.cpu += (threads * q) / facts.cores;
      fx.runnable += threads * q;
      if (variant === 'fork-storm') fx.procs += threads * q;
    },
    force: (o) => {
      o.busy = Math.max(o.busy, 0.985 - o.steal);
      o.iowait = Math.min(o.iowait, 1 - o.busy - o.steal);
      o.load1 = Math.max(o.load1, facts.cores * 4.3);
    },
  };
};

const networkSaturation: Planner = (facts, p, rng, abrupt) => {
  const variant = abrupt ? 'flood' : pick(rng, ['bulk-transfer', 'egress-growth', 'bad-nic'] as const);
  const link = (facts.ifaces[0]!.speedMbps * 1e6) / 8;
  const inbound = variant !== 'egress-growth';
  return {
    variant,
    precursor: variant === 'bulk-transfer' ? [20 * M, 3 * H] : [1 * H, 6 * H],
    failure: [10 * M, 60 * M],
    recovery: 'cleanup',
    shape: (P, F) => (abrupt ? ramp(P, F) : variant === 'bulk-transfer' ? linear(P, F) : accelerating(P, F, 2.5)),
    apply: (q, fx) => {
      if (inbound) fx.rxBps += link * q;
      else fx.txBps += link * q;
      fx.traffic *= 1 + 0.3 * q;
      fx.sys += 0.08 * q;
      // A failing NIC or cable: errors climb long before the link is full.
      fx.rxErrors += variant === 'bad-nic' ? 200 * q ** 2 : 5 * q ** 4;
    },
    force: (o) => {
      if (inbound) o.rx = Math.max(o.rx, link * 0.985);
      else o.tx = Math.max(o.tx, link * 0.985);
      o.rxDrops = Math.max(o.rxDrops, 80 + p.rxPeak / 9e5);
    },
  };
};

const connectionStorm: Planner = (facts, p, rng, abrupt) => {
  const variant = abrupt ? 'thundering-herd' : pick(rng, ['connection-leak', 'slow-backend'] as const);
  const need = facts.fdLimit * 1.0 - p.connBase;
  return {
    variant,
    precursor: variant === 'connection-leak' ? [2 * H, 12 * H] : [15 * M, 2 * H],
    failure: [10 * M, 30 * M],
    recovery: 'restart',
    shape: (P, F) => (abrupt ? ramp(P, F) : variant === 'connection-leak' ? trafficDriven(facts, p, P, F) : accelerating(P, F, 2)),
    apply: (q, fx) => {
      fx.conns += need * q;
      fx.memBytes += need * q * 8192;
      if (variant === 'slow-backend') fx.cpu += 0.1 * q;
    },
    force: (o) => {
      o.conns = Math.max(o.conns, facts.fdLimit - 2);
    },
  };
};

const ioStall: Planner = (facts, _p, rng, abrupt) => {
  const variant = abrupt ? 'device-hang' : pick(rng, facts.virtual ? (['burst-credits', 'failing-disk'] as const) : (['failing-disk', 'raid-rebuild'] as const));
  const d = rng.next() < 0.7 ? 1 : 0;
  const slowMax = rng.range(8, 30);
  return {
    variant,
    target: facts.devices[d]!.name,
    precursor: variant === 'raid-rebuild' ? [2 * H, 8 * H] : variant === 'burst-credits' ? [30 * M, 3 * H] : [1 * H, 6 * H],
    failure: [10 * M, 60 * M],
    recovery: 'reboot',
    shape: (P, F) => (abrupt ? ramp(P, F) : variant === 'burst-credits' ? linear(P, F) : accelerating(P, F, 2.2)),
    apply: (q, fx) => {
      fx.ioSlow[d] = 1 + (slowMax - 1) * q;
      if (variant === 'raid-rebuild') fx.readBps[d] += facts.devices[d]!.maxBps * 0.4 * Math.min(1, q * 4);
      fx.iowait += 0.55 * q ** 1.5;
      fx.dstate += facts.cores * 1.5 * q;
    },
    force: (o) => {
      const free = 1 - o.steal;
      o.iowait = Math.max(o.iowait, Math.min(free - 0.02, 0.45 + 0.1 * rng.next()));
      o.busy = Math.min(o.busy, free - o.iowait);
    },
  };
};

const swapThrash: Planner = (facts, p, rng, abrupt) => {
  const variant = abrupt ? 'big-allocation' : pick(rng, ['working-set-growth', 'too-many-workers'] as const);
  const T = facts.memoryBytes;
  const need = 0.9 * T + (0.96 * facts.swapBytes - p.swapCold) / 0.75 - typicalAnon(facts, p);
  return {
    variant,
    precursor: [1 * H, 8 * H],
    failure: [10 * M, 40 * M],
    recovery: 'reboot',
    shape: (P, F) => (abrupt ? ramp(P, F) : variant === 'too-many-workers' ? stepwise(P, F, rng, Math.round(rng.range(5, 15))) : linear(P, F)),
    apply: (q, fx, _t, failed) => {
      fx.memBytes += need * q;
      // Paging starts once the working set no longer fits, and grows until the CPUs mostly wait.
      fx.swapActivity += 0.6 * clamp01((q - 0.5) / 0.5) ** 2 + (failed ? 0.4 : 0);
      fx.dstate += facts.cores * q * q;
      if (variant === 'too-many-workers') fx.procs += 40 * q;
    },
    force: (o) => {
      o.swapUsed = Math.max(o.swapUsed, facts.swapBytes * 0.94);
      const free = 1 - o.steal;
      o.iowait = Math.max(o.iowait, Math.min(free - 0.02, 0.3 + 0.08 * rng.next()));
      o.busy = Math.min(o.busy, free - o.iowait);
    },
  };
};

const PLANNERS: Record<FailureClass, Planner> = {
  memory_leak: memoryLeak,
  disk_fill: diskFill,
  inode_exhaustion: inodeExhaustion,
  cpu_runaway: cpuRunaway,
  network_saturation: networkSaturation,
  connection_storm: connectionStorm,
  io_stall: ioStall,
  swap_thrash: swapThrash,
};

/**
 * A failure of class `opts.cls` for this host, failing at `opts.failureTs`.
 * @example createFailure(facts, profile, { cls: 'disk_fill', abrupt: false, failureTs: 1767657600 }).label.variant // "log-growth"
 */
export function createFailure(facts: TraceFacts, prof: HostProfile, opts: FailureOptions): Failure {
  const rng = createRng(mixSeed(facts.seed, 6));
  const plan = PLANNERS[opts.cls](facts, prof, rng, opts.abrupt);
  const F = opts.failureTs;
  let len = opts.abrupt ? rng.range(60, 10 * M) : logRange(rng, plan.precursor[0], plan.precursor[1]);
  if (opts.maxPrecursorS !== undefined) len = Math.min(len, opts.maxPrecursorS);
  const P = Math.round(F - len);
  const R = Math.round(F + logRange(rng, plan.failure[0], plan.failure[1]));
  const shape = plan.shape(P, F);
  const label: FailureLabel = { class: opts.cls, variant: plan.variant, failureTs: F, precursorStartTs: P, abrupt: F - P < 900, recoveryTs: R };
  if (plan.target !== undefined) label.target = plan.target;
  let recovered = false;
  return {
    label,
    effects(tS, fx) {
      if (tS < P) return;
      if (tS >= R) {
        if (!recovered) fx.action = plan.recovery;
        recovered = true;
        return;
      }
      const failed = tS >= F;
      plan.apply(failed ? 1 : shape(tS), fx, tS, failed);
    },
    force: plan.force,
  };
}
