/** Seconds since boot from /proc/uptime. */
import { readFile } from 'node:fs/promises';
import { METRIC } from '@aura/protocol';
import type { Collector, ProcPaths } from './types.js';

/** Parse /proc/uptime (pure): the first field, seconds since boot. */
export function parseUptime(text: string): number {
  const first = text.trim().split(/\s+/)[0];
  const v = Number(first);
  if (!first || !Number.isFinite(v)) throw new Error(`unexpected /proc/uptime: ${text.slice(0, 40)}`);
  return v;
}

export function createUptimeCollector(paths: ProcPaths): Collector {
  return {
    name: 'uptime',
    cadence: 'fast',
    async collect(into) {
      into.gauge(METRIC.uptimeSeconds, parseUptime(await readFile(`${paths.proc}/uptime`, 'utf8')));
    },
  };
}
