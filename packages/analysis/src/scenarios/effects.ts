/**
 * The contract between the host model and a failure: each step the failure says how it bends the
 * host (extra CPU, memory, bytes on a disk, traffic, …), and it may then pin the observable state
 * so its failure condition holds from the labelled time on.
 */
import type { FailureClass } from '@aura/protocol';

export interface Effects {
  /** Extra CPU share (0–1 of all cores) in user and in system time. */
  cpu: number;
  sys: number;
  /** Extra runnable threads and tasks in uninterruptible sleep (both count in the load average). */
  runnable: number;
  dstate: number;
  /** Extra share of idle time spent waiting for IO (0–1). */
  iowait: number;
  /** Extra anonymous memory (bytes) and working set that must live in RAM (drives swapping). */
  memBytes: number;
  /** 0–1: how hard the host pages to and from swap. */
  swapActivity: number;
  /** Per mount: extra used bytes and inodes. */
  diskBytes: [number, number];
  inodes: [number, number];
  /** Per device: extra bytes/s written and read; slowdown multiple (≥ 1) of every IO. */
  writeBps: [number, number];
  readBps: [number, number];
  ioSlow: [number, number];
  /** Multiple of the service's traffic (network, connections and CPU follow it). */
  traffic: number;
  /** Extra bytes/s received and sent on the first interface that are not service requests. */
  rxBps: number;
  txBps: number;
  /** Extra receive errors per second on the first interface. */
  rxErrors: number;
  conns: number;
  procs: number;
  /** Set on one step: what recovery does to the host. */
  action: 'none' | 'restart' | 'reboot' | 'cleanup';
}

export function createEffects(): Effects {
  return {
    cpu: 0,
    sys: 0,
    runnable: 0,
    dstate: 0,
    iowait: 0,
    memBytes: 0,
    swapActivity: 0,
    diskBytes: [0, 0],
    inodes: [0, 0],
    writeBps: [0, 0],
    readBps: [0, 0],
    ioSlow: [1, 1],
    traffic: 1,
    rxBps: 0,
    txBps: 0,
    rxErrors: 0,
    conns: 0,
    procs: 0,
    action: 'none',
  };
}

export function resetEffects(fx: Effects): void {
  fx.cpu = fx.sys = fx.runnable = fx.dstate = fx.iowait = fx.memBytes = fx.swapActivity = 0;
  fx.diskBytes[0] = fx.diskBytes[1] = fx.inodes[0] = fx.inodes[1] = 0;
  fx.writeBps[0] = fx.writeBps[1] = fx.readBps[0] = fx.readBps[1] = 0;
  fx.ioSlow[0] = fx.ioSlow[1] = 1;
  fx.traffic = 1;
  fx.rxBps = fx.txBps = fx.rxErrors = fx.conns = fx.procs = 0;
  fx.action = 'none';
}

/** The observable state of one step, in the units the failure conditions are written in. */
export interface Observed {
  /** Shares of all CPU time: busy (user + system), iowait, steal. */
  busy: number;
  iowait: number;
  steal: number;
  load1: number;
  memUsed: number;
  swapUsed: number;
  diskUsed: [number, number];
  inodesUsed: [number, number];
  /** Bytes/s on the first interface, and receive drops per second. */
  rx: number;
  tx: number;
  rxDrops: number;
  conns: number;
}

/** The labelled failure of a trace. Times in unix seconds. */
export interface FailureLabel {
  class: FailureClass;
  /** How this instance unfolds, e.g. "linear", "runaway-writer", "log-growth" (see docs/scenarios.md). */
  variant: string;
  /** First moment the failure condition holds. */
  failureTs: number;
  /** First moment the trace differs from the same host without the failure. */
  precursorStartTs: number;
  /** True when precursorStartTs is less than 15 minutes before failureTs: no warning is possible. */
  abrupt: boolean;
  /** When the host is healthy again (service restarted, disk cleaned, reboot done). */
  recoveryTs: number;
  /** The mount or device concerned, when there is one. */
  target?: string;
}

export interface Failure {
  label: FailureLabel;
  /** Fill `fx` for time `tS` (fx was reset by the caller). */
  effects(tS: number, fx: Effects): void;
  /** From failureTs to the end of the failure phase: make the failure condition hold. */
  force(obs: Observed): void;
}
