/**
 * The host's calendar: its daily and weekly rhythm and the routine events of each day (deploys,
 * cron, backups, log rotation, batch jobs, traffic spikes, reboots). A day's events are a pure
 * function of (seed, day), so any moment of a host's life can be generated without replaying
 * the days before it, and a failure overlay never shifts the healthy schedule.
 */
import type { Persona, TraceFacts } from './facts.js';
import { createRng, logRange, mixSeed, pick } from './random.js';

export const DAY_S = 86_400;

export type RoutineKind = 'deploy' | 'backup' | 'batch' | 'spike' | 'reboot' | 'steal' | 'cron';

/** One routine event: [startS, endS) in unix seconds, with its size. */
export interface RoutineEvent {
  kind: RoutineKind;
  startS: number;
  endS: number;
  /** Size in the event's own unit: spike = traffic multiple, batch = CPU share, backup = bytes/s read, steal = share. */
  size: number;
}

export interface Rhythm {
  /** Local hour of the daily peak. */
  peakHour: number;
  /** Share of peak traffic at the quietest hour. */
  floor: number;
  /** Traffic multiple on Saturdays and Sundays. */
  weekend: number;
  /** Local minute past each hour at which the hourly cron job runs. */
  cronMinute: number;
  /** Local hour the nightly backup starts. */
  backupHour: number;
  /** Daily chance of a spike, of a deploy (weekdays), of a maintenance reboot. */
  spikeRate: number;
  deployRate: number;
  rebootRate: number;
}

const PEAK: Record<Persona, [number, number]> = {
  web: [13, 20],
  api: [10, 16],
  db: [11, 17],
  jvm: [10, 16],
  cache: [13, 20],
  batch: [1, 4],
  worker: [9, 15],
};

export function drawRhythm(facts: TraceFacts): Rhythm {
  const rng = createRng(mixSeed(facts.seed, 2));
  const [lo, hi] = PEAK[facts.persona];
  const batchy = facts.persona === 'batch' || facts.persona === 'worker';
  return {
    peakHour: rng.range(lo, hi),
    floor: batchy ? rng.range(0.4, 0.7) : rng.range(0.12, 0.35),
    weekend: batchy ? rng.range(0.85, 1.0) : rng.range(0.45, 0.85),
    cronMinute: Math.floor(rng.range(0, 60)),
    backupHour: rng.range(0.5, 4.5),
    spikeRate: rng.range(0.05, 0.4),
    deployRate: rng.range(0.1, 0.8),
    rebootRate: rng.range(0.005, 0.04),
  };
}

/** Local day number and hour of unix time `tS` for the host. */
export function localTime(facts: TraceFacts, tS: number): { day: number; hour: number; weekday: number } {
  const local = tS + facts.tzOffsetHours * 3600;
  const day = Math.floor(local / DAY_S);
  // 1970-01-01 was a Thursday (weekday 4, Sunday = 0).
  return { day, hour: (local - day * DAY_S) / 3600, weekday: (((day + 4) % 7) + 7) % 7 };
}

/** Traffic multiple of the daily and weekly rhythm at `tS` (1 = a weekday's peak). */
export function rhythmAt(facts: TraceFacts, r: Rhythm, tS: number): number {
  const { hour, weekday } = localTime(facts, tS);
  const phase = ((hour - r.peakHour) / 24) * 2 * Math.PI;
  // A raised cosine sharpened a little: long quiet nights, a broad afternoon peak.
  const daily = r.floor + (1 - r.floor) * Math.pow(0.5 + 0.5 * Math.cos(phase), 1.4);
  const weekend = weekday === 0 || weekday === 6 ? r.weekend : 1;
  return daily * weekend;
}

/** The routine events starting on local day `day` (pure in seed and day). */
export function daySchedule(facts: TraceFacts, r: Rhythm, day: number): RoutineEvent[] {
  const rng = createRng(mixSeed(mixSeed(facts.seed, 3), day));
  const start = day * DAY_S - facts.tzOffsetHours * 3600;
  const at = (hour: number) => start + Math.round(hour * 3600);
  const weekday = (((day + 4) % 7) + 7) % 7;
  const out: RoutineEvent[] = [];
  const backupLen = logRange(rng, 20 * 60, 90 * 60);
  out.push({ kind: 'backup', startS: at(r.backupHour), endS: at(r.backupHour) + backupLen, size: rng.range(0.3, 0.8) });
  if (facts.persona === 'batch' || (facts.persona === 'worker' && rng.next() < 0.5)) {
    const h = pick(rng, [1, 2, 3, 22, 23]) + rng.next();
    out.push({ kind: 'batch', startS: at(h), endS: at(h) + Math.round(logRange(rng, 15 * 60, 75 * 60)), size: rng.range(0.5, 0.95) });
  }
  if (weekday >= 1 && weekday <= 5 && rng.next() < r.deployRate) {
    const h = rng.range(9.5, 17);
    out.push({ kind: 'deploy', startS: at(h), endS: at(h) + 300, size: rng.range(0.92, 1.1) });
  }
  if (rng.next() < r.spikeRate) {
    const h = rng.range(0, 24);
    out.push({ kind: 'spike', startS: at(h), endS: at(h) + Math.round(logRange(rng, 5 * 60, 60 * 60)), size: rng.range(1.6, 3.2) });
  }
  if (facts.virtual && rng.next() < 0.15) {
    const h = rng.range(0, 24);
    out.push({ kind: 'steal', startS: at(h), endS: at(h) + Math.round(logRange(rng, 10 * 60, 3 * 3600)), size: rng.range(0.02, 0.08) });
  }
  if (rng.next() < r.rebootRate) {
    const h = rng.range(3, 6);
    out.push({ kind: 'reboot', startS: at(h), endS: at(h) + Math.round(rng.range(60, 180)), size: 1 });
  }
  return out;
}
