/**
 * The host model: one step of a host's life at a time. Demand follows the daily and weekly
 * rhythm with slow wander and heavy-tailed noise; CPU, load, memory, swap, disks, disk IO,
 * network, connections, processes and temperature are derived from it so they stay correlated
 * as on real servers (load follows CPU and iowait, connections follow traffic, iowait follows
 * device utilisation). Routine events and an optional failure bend it. Deterministic: the same
 * facts, profile and sequence of step times give the same values.
 */
import { DAY_S, daySchedule, localTime, rhythmAt, type RoutineEvent } from './calendar.js';
import { guardObserved } from './conditions.js';
import { createEffects, resetEffects, type Failure, type Observed } from './effects.js';
import type { TraceFacts } from './facts.js';
import { G, MOUNT_BASE, TEMP_SLOT, createLayout, type ModelLayout } from './layout.js';
import type { HostProfile } from './profile.js';
import { createRng, heavyTail, mixSeed, poisson } from './random.js';

/** Something that happened on the host, for the trace's event list. */
export interface TraceEvent {
  /** Unix seconds. */
  ts: number;
  kind: string;
  note: string;
}

export interface HostModelOptions {
  facts: TraceFacts;
  profile: HostProfile;
  failure?: Failure | undefined;
  /** Unix seconds of the first step: the host's boot and last restart are placed before it. */
  startS: number;
  /** Timed events added to the routine ones (benign hard events placed by the trace). */
  extraEvents?: RoutineEvent[];
}

export interface HostModel {
  facts: TraceFacts;
  layout: ModelLayout;
  /** Gauges after the last step, by layout slot. */
  gauges: Float64Array;
  /** Counter increments (whole numbers) over the last step, by layout slot. */
  increments: Float64Array;
  /** Raw counter values after the last step (monotonic, back to zero at a reboot), by layout slot. */
  counters: Float64Array;
  /** Advance to unix time `tS`, `dtS` seconds after the previous step. */
  step(tS: number, dtS: number): void;
  /** Events that began since the last call. */
  drainEvents(): TraceEvent[];
}

const NO_EVENTS: TraceEvent[] = [];
const KIND_CODE: Record<RoutineEvent['kind'], number> = { deploy: 0, backup: 1, batch: 2, spike: 3, reboot: 4, steal: 5, cron: 6 };
const LOG_ROTATE_HOUR = 6 + 25 / 60; // Debian's cron.daily runs logrotate at 06:25.
const SWAP_START = 0.9; // the kernel starts swapping anonymous pages around here (of RAM)

export function createHostModel(opts: HostModelOptions): HostModel {
  const { facts, profile: p, failure } = opts;
  const layout = createLayout(facts);
  const gauges = new Float64Array(layout.gauges.length);
  const increments = new Float64Array(layout.counters.length);
  const cum = new Float64Array(layout.counters.length);
  const emitted = new Float64Array(layout.counters.length);
  const rng = createRng(mixSeed(facts.seed, 5));
  const fx = createEffects();
  const obs: Observed = { busy: 0, iowait: 0, steal: 0, load1: 0, memUsed: 0, swapUsed: 0, diskUsed: [0, 0], inodesUsed: [0, 0], rx: 0, tx: 0, rxDrops: 0, conns: 0 };
  const T = facts.memoryBytes;
  const cores = facts.cores;
  const link = (facts.ifaces[0]!.speedMbps * 1e6) / 8;
  const events: TraceEvent[] = [];
  const announced = new Set<number>();
  const schedules = new Map<number, RoutineEvent[]>();
  const extra = opts.extraEvents ?? [];

  // Counters start where a long-running host's would be.
  for (let i = 0; i < cum.length; i++) {
    const v = Math.floor(rng.range(1e6, 1e9));
    cum[i] = v;
    emitted[i] = v;
  }
  let bootS = opts.startS - p.bootAgoS;
  let restartS = opts.startS - p.restartAgoS;
  let cpuScale = 1;
  let load1 = cores * p.cpuPeak * 0.5;
  let load5 = load1;
  let load15 = load1;
  let tempC = p.ambientC + 10;
  let trafficWander = 0;
  let memWander = 0;
  let connWander = 0;
  let logBytes = p.logPerDay * 0.3;
  let lastRotateDay = localTime(facts, opts.startS).day - (localTime(facts, opts.startS).hour >= LOG_ROTATE_HOUR ? 0 : 1);
  let failurePhase: 'before' | 'precursor' | 'failure' | 'after' = 'before';

  const scheduleOf = (day: number): RoutineEvent[] => {
    let s = schedules.get(day);
    if (!s) {
      s = daySchedule(facts, p.rhythm, day);
      schedules.set(day, s);
      if (schedules.size > 4) schedules.delete(schedules.keys().next().value as number);
    }
    return s;
  };
  const announce = (e: RoutineEvent, note: string) => {
    const key = e.startS * 8 + KIND_CODE[e.kind];
    if (announced.has(key)) return false;
    announced.add(key);
    events.push({ ts: e.startS, kind: e.kind, note });
    return true;
  };
  const add = (slot: number, amount: number) => {
    cum[slot] = cum[slot]! + Math.max(0, amount);
  };
  const reboot = (atS: number) => {
    bootS = atS;
    restartS = atS;
    load1 = load5 = load15 = cores * 0.3;
    // Counters restart from zero at boot, as the kernel's do.
    cum.fill(0);
    emitted.fill(0);
  };

  let cpuAdd = 0;
  let procAdd = 0;
  let memAdd = 0;
  let spike = 1;
  let steal = 0;
  let backupRead = 0;
  let backupUpload = 0;
  let staging = 0;
  let deployBlip = 0;
  const consider = (e: RoutineEvent, tS: number) => {
    if (tS < e.startS || tS >= e.endS + 300) return;
    const active = tS < e.endS;
    const q = (tS - e.startS) / Math.max(1, e.endS - e.startS);
    switch (e.kind) {
      case 'backup':
        if (!active) return;
        announce(e, 'nightly backup');
        // Backups are bound by compression and the network more than by the disk.
        backupRead = e.size * Math.min(facts.devices[1]!.maxBps, 250e6);
        backupUpload = Math.min(backupRead * 0.45, (facts.ifaces[facts.ifaces.length - 1]!.speedMbps * 1e6) / 8 * 0.7);
        staging = p.stagingBytes * q;
        cpuAdd += Math.min(0.5, 1.1 / cores);
        procAdd += 3;
        break;
      case 'batch':
        if (!active) return;
        announce(e, `batch job pins ${Math.round(e.size * 100)} % of CPU`);
        cpuAdd += e.size;
        procAdd += cores;
        memAdd += T * 0.06;
        break;
      case 'spike': {
        announce(e, `traffic spike ×${e.size.toFixed(1)}`);
        const up = Math.min(1, (tS - e.startS) / 120);
        const down = active ? 1 : Math.exp(-(tS - e.endS) / 90);
        spike *= 1 + (e.size - 1) * up * down;
        break;
      }
      case 'steal':
        if (active) steal += e.size;
        break;
      case 'deploy':
        if (announce(e, 'deploy: service restarted')) {
          restartS = e.startS;
          cpuScale *= e.size;
        }
        if (active) deployBlip = 1 - q;
        break;
      case 'reboot':
        if (announce(e, 'reboot')) reboot(e.endS);
        break;
      case 'cron':
        break;
    }
  };

  return {
    facts,
    layout,
    gauges,
    increments,
    counters: emitted,
    drainEvents: () => (events.length ? events.splice(0) : NO_EVENTS),
    step(tS: number, dtS: number) {
      const { day, hour } = localTime(facts, tS);
      resetEffects(fx);
      if (failure) {
        const L = failure.label;
        const phase = tS < L.precursorStartTs ? 'before' : tS < L.failureTs ? 'precursor' : tS < L.recoveryTs ? 'failure' : 'after';
        if (phase !== failurePhase) {
          if (phase === 'precursor') events.push({ ts: L.precursorStartTs, kind: 'precursor', note: `${L.class} (${L.variant}) begins` });
          if (phase === 'failure' || (phase === 'after' && failurePhase !== 'failure')) events.push({ ts: L.failureTs, kind: 'failure', note: `${L.class}: failure condition holds` });
          if (phase === 'after') events.push({ ts: L.recoveryTs, kind: 'recovery', note: `${L.class}: recovered` });
          failurePhase = phase;
        }
        failure.effects(tS, fx);
      }
      // Routine events of today and yesterday (a backup can run past midnight), and the extra ones.
      cpuAdd = 0;
      procAdd = 0;
      memAdd = 0;
      spike = 1;
      steal = facts.virtual ? 0.004 : 0;
      backupRead = 0;
      backupUpload = 0;
      staging = 0;
      deployBlip = 0;
      for (const e of scheduleOf(day - 1)) consider(e, tS);
      for (const e of scheduleOf(day)) consider(e, tS);
      for (const e of extra) consider(e, tS);
      if (fx.action === 'reboot') reboot(tS);
      else if (fx.action === 'restart') restartS = tS;
      if (day > lastRotateDay && hour >= LOG_ROTATE_HOUR) {
        lastRotateDay = day;
        logBytes *= 0.15;
      }
      const minute = (hour * 60) % 60;
      const cron = minute >= p.rhythm.cronMinute && minute < p.rhythm.cronMinute + 2 ? 1 : 0;

      // Demand: rhythm × slow wander × spikes × the failure's traffic multiple.
      const a = Math.exp(-dtS / 1800);
      trafficWander = trafficWander * a + Math.sqrt(1 - a * a) * 0.12 * rng.normal();
      const r = rhythmAt(facts, p.rhythm, tS) * Math.exp(trafficWander) * spike * fx.traffic * (1 + 0.03 * heavyTail(rng));
      logBytes += (p.logPerDay / DAY_S) * r * dtS;

      // CPU: demand may exceed the cores; what does not fit queues up in the load average.
      const userDemand = (p.cpuPeak * r * cpuScale + cron * p.cronCpu + cpuAdd + 0.15 * deployBlip) * (1 + 0.04 * heavyTail(rng)) + fx.cpu;
      const sysDemand = userDemand * p.sysRatio + fx.sys + 0.15 * fx.swapActivity;
      const demand = Math.max(0.005, userDemand + sysDemand);
      steal = Math.min(0.5, steal * (1 + 0.3 * Math.abs(rng.normal())));
      const busy = Math.min(0.995 - steal, demand);

      // Disk IO per device; util drives iowait; a failure may slow a device down.
      let maxUtil = 0;
      for (let d = 0; d < 2; d++) {
        const dev = facts.devices[d]!;
        const slow = fx.ioSlow[d]!;
        let rd = p.readPeak[d]! * r * (1 + 0.3 * Math.abs(heavyTail(rng))) + (d === 1 ? backupRead : 0) + (d === 0 ? cron * 4e6 : 0) + fx.readBps[d]!;
        let wr = p.writePeak[d]! * r * (1 + 0.3 * Math.abs(heavyTail(rng))) + (d === 1 && staging > 0 ? backupUpload : 0) + fx.writeBps[d]!;
        let util = (rd + wr) / dev.maxBps + (rd + wr) / 65536 / dev.maxIops;
        if (util > 1) {
          rd /= util;
          wr /= util;
          util = 1;
        }
        if (slow > 1) {
          rd /= slow;
          wr /= slow;
          util = Math.min(1, util * slow + (slow - 1) * 0.1);
        }
        maxUtil = Math.max(maxUtil, util);
        const b = layout.deviceBase[d]!;
        add(b, rd * dtS);
        add(b + 1, wr * dtS);
        add(b + 2, (rd / 32768) * dtS);
        add(b + 3, (wr / 16384) * dtS);
        add(b + 4, util * dtS * 1000);
      }
      const kindWait = facts.devices[0]!.kind === 'hdd' ? 0.5 : facts.devices[0]!.kind === 'cloud' ? 0.35 : 0.15;
      const idle = Math.max(0, 1 - busy - steal);
      const iowFrac = Math.min(0.25, kindWait * maxUtil ** 3) + fx.iowait + 0.5 * fx.swapActivity;
      const iowait = idle * Math.min(0.97, iowFrac);

      // Load: runnable threads (including those queued beyond the cores) plus tasks blocked on IO.
      // Worker pools are bounded: past ~2.5× the cores, requests wait in queues, not on the run queue.
      const runnable = cores * Math.min(demand, 2.5) * (1 + Math.max(-0.25, Math.min(0.25, 0.1 * rng.normal()))) + fx.runnable;
      const blocked = iowait * cores * 1.3 + fx.dstate;
      const n = Math.max(0, runnable + blocked);
      load1 = n + (load1 - n) * Math.exp(-dtS / 60);
      load5 = n + (load5 - n) * Math.exp(-dtS / 300);
      load15 = n + (load15 - n) * Math.exp(-dtS / 900);

      // Memory: system + app (warming up after a restart) + per-request + GC sawtooth + failure.
      const am = Math.exp(-dtS / 600);
      memWander = memWander * am + Math.sqrt(1 - am * am) * 0.004 * rng.normal();
      const sinceRestart = Math.max(0, tS - restartS);
      const app = p.memApp * (1 - 0.45 * Math.exp(-sinceRestart / p.warmTau));
      const gc = p.gcAmp > 0 ? p.gcAmp * ((sinceRestart % p.gcPeriod) / p.gcPeriod) : 0;
      const anon = p.memSys + app + p.memTraffic * Math.min(r, 2) + memAdd + gc + T * memWander + fx.memBytes;
      const swapCold = facts.swapBytes > 0 ? p.swapCold * (1 - Math.exp(-(tS - bootS) / (2 * DAY_S))) : 0;
      const absorbed = Math.min(facts.swapBytes - swapCold, 0.75 * Math.max(0, anon - SWAP_START * T));

      // Connections follow traffic; they pile up when the CPU saturates (Little's law).
      const ac = Math.exp(-dtS / 300);
      connWander = connWander * ac + Math.sqrt(1 - ac * ac) * 0.05 * rng.normal();
      const latency = 1 + Math.min(1, 2 * Math.max(0, demand - 0.9));
      const conns = (p.connBase * (deployBlip > 0 ? 0.5 : 1) + p.connPeak * r * latency) * Math.exp(connWander) + fx.conns;

      // Network on the first interface: service traffic plus the failure's; drops past ~85 % of the link.
      const rx = Math.min(link * 0.999, p.rxPeak * r + fx.rxBps);
      const tx = Math.min(link * 0.999, p.rxPeak * r * p.txRatio * 0.25 + fx.txBps + (facts.ifaces.length < 2 ? backupUpload : 0));
      const linkUse = Math.max(rx, tx) / link;
      const pps = rx / 900;

      obs.busy = busy;
      obs.iowait = iowait;
      obs.steal = steal;
      obs.load1 = load1;
      obs.memUsed = Math.min(T * 0.9995, anon - absorbed);
      obs.swapUsed = swapCold + absorbed;
      obs.rx = rx;
      obs.tx = tx;
      obs.rxDrops = pps * 2e-6 + (linkUse > 0.85 ? pps * 0.02 * ((linkUse - 0.85) / 0.15) ** 3 : 0);
      obs.conns = conns;
      const dataTop = p.dataBase + p.dataGrowthPerDay * p.dataCycleDays * (((tS / DAY_S) % p.dataCycleDays) / p.dataCycleDays);
      obs.diskUsed[0] = p.rootBase + logBytes + fx.diskBytes[0];
      obs.diskUsed[1] = dataTop + staging + fx.diskBytes[1];
      obs.inodesUsed[0] = facts.mounts[0]!.inodes * p.inodeShare[0] + logBytes / 2e6 + fx.inodes[0];
      obs.inodesUsed[1] = facts.mounts[1]!.inodes * p.inodeShare[1] + staging / 5e7 + fx.inodes[1];
      if (failure) {
        const L = failure.label;
        if (tS < L.failureTs) guardObserved(obs, facts);
        else if (tS < L.recoveryTs) failure.force(obs);
        load1 = obs.load1;
      }
      emit(obs, dtS, tS, r, procAdd + cron * 4 + fx.procs, pps, fx.rxErrors);
    },
  };

  function emit(o: Observed, dtS: number, tS: number, r: number, procAdd: number, pps: number, extraErrors: number): void {
    // CPU ticks in /proc/stat's columns.
    const ticks = cores * 100 * dtS;
    const busy = Math.min(o.busy, 1 - o.steal - o.iowait);
    const sysShare = p.sysRatio / (1 + p.sysRatio);
    const user = busy * (1 - sysShare);
    const sys = busy * sysShare;
    const idle = Math.max(0, 1 - busy - o.iowait - o.steal);
    add(0, user * 0.97 * ticks);
    add(1, user * 0.03 * ticks);
    add(2, sys * 0.75 * ticks);
    add(3, idle * ticks);
    add(4, o.iowait * ticks);
    add(5, sys * 0.05 * ticks);
    add(6, sys * 0.2 * ticks);
    add(7, o.steal * ticks);
    // Network counters: the first interface carries the service, the second backups and management.
    for (let k = 0; k < facts.ifaces.length; k++) {
      const b = layout.ifaceBase[k]!;
      const rx = k === 0 ? o.rx : 2e4 + 1e4 * r;
      const tx = k === 0 ? o.tx : 2e4 + 1e4 * r + backupUpload;
      add(b, rx * dtS);
      add(b + 1, tx * dtS);
      add(b + 2, (k === 0 ? pps : rx / 600) * dtS);
      add(b + 3, (tx / 1100) * dtS);
      cum[b + 4] = cum[b + 4]! + poisson(rng, (k === 0 ? p.rxErrorRate + extraErrors : 0) * dtS);
      cum[b + 6] = cum[b + 6]! + poisson(rng, (k === 0 ? o.rxDrops : 0.0005) * dtS);
    }
    for (let i = 0; i < cum.length; i++) {
      const whole = Math.floor(cum[i]! + 0.5);
      increments[i] = Math.max(0, whole - emitted[i]!);
      emitted[i] = emitted[i]! + increments[i]!;
    }
    gauges[G.load1] = round2(o.load1);
    gauges[G.load5] = round2(load5);
    gauges[G.load15] = round2(load15);
    const available = Math.round(T - o.memUsed);
    gauges[G.memAvailable] = available;
    gauges[G.memTotal] = T;
    gauges[G.memUsedPct] = ((T - available) / T) * 100;
    const swapUsed = Math.round(o.swapUsed);
    gauges[G.swapTotal] = facts.swapBytes;
    gauges[G.swapUsed] = swapUsed;
    gauges[G.swapUsedPct] = facts.swapBytes > 0 ? (swapUsed / facts.swapBytes) * 100 : 0;
    gauges[G.tcp] = Math.max(0, Math.round(o.conns));
    gauges[G.procs] = Math.round(p.procBase + p.workersPeak * r + procAdd + 2 * rng.normal());
    gauges[G.uptime] = Math.max(0, Math.round(tS - bootS));
    for (let m = 0; m < 2; m++) {
      const mount = facts.mounts[m]!;
      const used = Math.round(Math.min(mount.sizeBytes, Math.max(0, o.diskUsed[m]!)));
      const inodes = Math.min(mount.inodes, Math.max(0, Math.round(o.inodesUsed[m]!)));
      gauges[MOUNT_BASE + 4 * m] = (used / mount.sizeBytes) * 100;
      gauges[MOUNT_BASE + 4 * m + 1] = (inodes / mount.inodes) * 100;
      gauges[MOUNT_BASE + 4 * m + 2] = mount.sizeBytes;
      gauges[MOUNT_BASE + 4 * m + 3] = used;
    }
    if (!facts.virtual) {
      const target = p.ambientC + 45 * Math.pow(Math.min(1, o.busy), 0.8);
      tempC = target + (tempC - target) * Math.exp(-dtS / 90);
      gauges[TEMP_SLOT] = round2(tempC + 0.3 * rng.normal());
    }
  }
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
