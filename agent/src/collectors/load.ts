/** Load averages from /proc/loadavg. */
import { readFile } from 'node:fs/promises';
import { METRIC } from '@aura/protocol';
import type { Collector, ProcPaths } from './types.js';

export function parseLoadavg(text: string): { load1: number; load5: number; load15: number; threads?: number } {
  const [a, b, c, rt] = text.trim().split(/\s+/);
  const threads = Number(rt?.split('/')[1]);
  const out = { load1: Number(a), load5: Number(b), load15: Number(c) };
  if ([out.load1, out.load5, out.load15].some((v) => !Number.isFinite(v))) throw new Error(`unexpected /proc/loadavg: ${text.slice(0, 80)}`);
  return Number.isFinite(threads) ? { ...out, threads } : out;
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
