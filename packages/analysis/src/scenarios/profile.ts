/**
 * A host's constants, drawn once from its seed: how much CPU, memory, disk, network and
 * connections its workload uses at peak, and the hard but benign events forced on it. The model
 * (`host-model.ts`) varies these over time; failures are calibrated against them.
 */
import { drawRhythm, type Rhythm } from './calendar.js';
import type { TraceFacts } from './facts.js';
import { createRng, logRange, mixSeed, type Rng } from './random.js';

/** Hard but benign events a healthy host can be made to live through (the negatives that fool simple rules). */
export const BENIGN_EVENTS = ['backup-peak', 'batch-cpu', 'jvm-high', 'traffic-spike', 'reboot', 'memory-warmup'] as const;
export type BenignEvent = (typeof BENIGN_EVENTS)[number];

export interface HostProfile {
  rhythm: Rhythm;
  /** CPU share (0–1 of all cores) at a weekday's peak; system share of CPU time. */
  cpuPeak: number;
  sysRatio: number;
  cronCpu: number;
  /** Memory in bytes: kernel and system services, the app at steady state, per-request at peak. */
  memSys: number;
  memApp: number;
  memTraffic: number;
  /** After a (re)start the app's memory climbs back to memApp with this time constant (s): caches warming. */
  warmTau: number;
  /** JVM-like garbage-collection sawtooth: amplitude (bytes) and period (s); 0 for others. */
  gcAmp: number;
  gcPeriod: number;
  /** Cold pages that end up in swap after days of uptime (bytes). */
  swapCold: number;
  /** Root filesystem: bytes used besides logs; logs written per day at peak traffic. */
  rootBase: number;
  logPerDay: number;
  /** Data filesystem: used bytes at the low point of its retention cycle, growth per day, cycle length (days). */
  dataBase: number;
  dataGrowthPerDay: number;
  dataCycleDays: number;
  /** Share of inodes used per mount. */
  inodeShare: [number, number];
  /** The nightly backup stages an archive of this many bytes on the data filesystem, then uploads it. */
  stagingBytes: number;
  /** Service traffic received at peak (bytes/s on the first interface) and sent per byte received. */
  rxPeak: number;
  txRatio: number;
  /** Established connections: pools and keep-alives, plus those at peak traffic. */
  connBase: number;
  connPeak: number;
  procBase: number;
  workersPeak: number;
  /** Background receive errors per second (a slightly bad cable or NIC on some hosts). */
  rxErrorRate: number;
  /** Per device, bytes/s read and written at peak traffic. */
  readPeak: [number, number];
  writePeak: [number, number];
  ambientC: number;
  /** Seconds before the trace start of the last service restart and of the last boot. */
  restartAgoS: number;
  bootAgoS: number;
  benign: BenignEvent[];
}

export function drawProfile(facts: TraceFacts, benign: BenignEvent[] = []): HostProfile {
  const rng = createRng(mixSeed(facts.seed, 4));
  const T = facts.memoryBytes;
  const p = facts.persona;
  const link = (facts.ifaces[0]!.speedMbps * 1e6) / 8;
  const root = facts.mounts[0]!;
  const data = facts.mounts[1]!;
  const memAppShare = p === 'jvm' ? rng.range(0.45, 0.6) : p === 'db' ? rng.range(0.35, 0.5) : p === 'cache' ? rng.range(0.4, 0.55) : rng.range(0.15, 0.4);
  const dataGrowthPerDay = data.sizeBytes * (p === 'db' || p === 'batch' ? rng.range(0.003, 0.012) : rng.range(0.0005, 0.004));
  const dataCycleDays = rng.range(5, 20);
  const dataBase = data.sizeBytes * rng.range(0.2, 0.62);
  const prof: HostProfile = {
    rhythm: drawRhythm(facts),
    cpuPeak: p === 'batch' ? rng.range(0.08, 0.2) : rng.range(0.18, 0.55),
    sysRatio: rng.range(0.15, 0.35),
    cronCpu: rng.range(0.03, 0.15),
    memSys: T * rng.range(0.05, 0.08),
    memApp: T * memAppShare,
    memTraffic: T * rng.range(0.02, 0.06),
    warmTau: logRange(rng, 1800, 6 * 3600),
    gcAmp: p === 'jvm' ? T * rng.range(0.03, 0.08) : 0,
    gcPeriod: rng.range(120, 1200),
    swapCold: facts.swapBytes * rng.range(0, 0.12),
    rootBase: root.sizeBytes * rng.range(0.2, 0.55),
    logPerDay: root.sizeBytes * rng.range(0.005, 0.04),
    dataBase,
    dataGrowthPerDay: Math.min(dataGrowthPerDay, (data.sizeBytes * 0.8 - dataBase) / dataCycleDays),
    dataCycleDays,
    inodeShare: [rng.range(0.05, 0.3), rng.range(0.02, 0.45)],
    stagingBytes: data.sizeBytes * rng.range(0.01, 0.06),
    rxPeak: link * logRange(rng, 0.01, 0.14),
    txRatio: p === 'db' || p === 'cache' ? rng.range(1, 4) : p === 'batch' || p === 'worker' ? rng.range(0.2, 0.8) : rng.range(2, 8),
    connBase: facts.fdLimit * rng.range(0.005, 0.03),
    connPeak: facts.fdLimit * rng.range(0.01, 0.05),
    procBase: Math.round(rng.range(120, 320)),
    workersPeak: p === 'web' || p === 'api' ? Math.round(rng.range(5, 40)) : Math.round(rng.range(0, 6)),
    rxErrorRate: rng.next() < 0.15 ? rng.range(0.005, 0.05) : rng.range(0, 0.001),
    readPeak: [rng.range(0.2e6, 2e6), facts.devices[1]!.maxBps * (p === 'db' ? rng.range(0.05, 0.2) : rng.range(0.005, 0.05))],
    writePeak: [rng.range(0.3e6, 3e6), facts.devices[1]!.maxBps * (p === 'db' ? rng.range(0.03, 0.12) : rng.range(0.005, 0.03))],
    ambientC: rng.range(28, 42),
    restartAgoS: logRange(rng, 3600, 10 * 86_400),
    bootAgoS: logRange(rng, 86_400, 120 * 86_400),
    benign,
  };
  prof.restartAgoS = Math.min(prof.restartAgoS, prof.bootAgoS);
  applyBenign(prof, facts, rng);
  return prof;
}

/** Sizes the benign hard events that change the host's constants (the timed ones are scheduled by the trace). */
function applyBenign(prof: HostProfile, facts: TraceFacts, rng: Rng): void {
  const data = facts.mounts[1]!;
  if (prof.benign.includes('jvm-high')) {
    // Memory high but flat: 88–93 % used, the case a static "memory > 90 %" rule cries wolf on.
    const target = facts.memoryBytes * rng.range(0.88, 0.92);
    prof.gcAmp = facts.memoryBytes * 0.02;
    prof.memTraffic = facts.memoryBytes * 0.01;
    prof.memApp = target - prof.memSys - prof.memTraffic * 0.6 - prof.gcAmp / 2;
    prof.warmTau = 1800;
  }
  if (prof.benign.includes('backup-peak')) {
    // The nightly archive takes the data disk to 85–88 %, then the upload frees it.
    prof.dataGrowthPerDay = data.sizeBytes * 0.0005;
    const top = () => prof.dataBase + prof.dataGrowthPerDay * prof.dataCycleDays;
    const target = data.sizeBytes * rng.range(0.855, 0.88);
    if (target - top() < data.sizeBytes * 0.05) prof.dataBase = target - data.sizeBytes * 0.05 - prof.dataGrowthPerDay * prof.dataCycleDays;
    prof.stagingBytes = target - top();
  }
  if (prof.benign.includes('memory-warmup')) {
    // A restart just before the trace: memory climbs for hours, then levels off (not a leak).
    prof.restartAgoS = rng.range(600, 3600);
    prof.warmTau = logRange(rng, 2 * 3600, 8 * 3600);
  }
}
