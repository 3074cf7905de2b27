/** Load averages (and the thread count) from /proc/loadavg. */
import { readFile } from 'node:fs/promises';
import { METRIC } from '@aura/protocol';
import type { Collector, ProcPaths } from './types.js';

export interface Loadavg {
  load1: number;
  load5: number;
  load15: number;
  /** Scheduling entities (threads) that exist, the denominator of the 4th field. */
  threads?: number;
}

/** Parse /proc/loadavg (pure). @example parseLoadavg('0.50 1.25 2.00 3/456 7890') // { load1: 0.5, … threads: 456 } */
export function parseLoadavg(text: string): Loadavg {
  const [a, b, c, rt] = text.trim().split(/\s+/);
  const out: Loadavg = { load1: Number(a), load5: Number(b), load15: Number(c) };
  if (![out.load1, out.load5, out.load15].every(Number.isFinite)) throw new Error(`unexpected /proc/loadavg: ${text.slice(0, 80)}`);
  const threads = Number(rt?.split('/')[1]);
  if (Number.isFinite(threads)) out.threads = threads;
  return out;
}

export function createLoadCollector(paths: ProcPaths): Collector {
  return {
    name: 'load',
    cadence: 'fast',
    async collect(into) {
      const l = parseLoadavg(await readFile(`${paths.proc}/loadavg`, 'utf8'));
      into.gauge(METRIC.load1, l.load1);
      into.gauge(METRIC.load5, l.load5);
      into.gauge(METRIC.load15, l.load15);
      if (l.threads !== undefined) into.gauge('proc.threads', l.threads);
    },
  };
}
