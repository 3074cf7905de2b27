/** Uptime from /proc/uptime, and the process count from /proc's numeric entries (no spawn). */
import { readFile, readdir } from 'node:fs/promises';
import { METRIC } from '@aura/protocol';
import type { Collector, ProcPaths } from './types.js';

export function parseUptime(text: string): number {
  const v = Number(text.trim().split(/\s+/)[0]);
  if (!Number.isFinite(v)) throw new Error(`unexpected /proc/uptime: ${text.slice(0, 40)}`);
  return v;
}

export function countProcesses(entries: string[]): number {
  let n = 0;
  for (const e of entries) if (e.charCodeAt(0) >= 48 && e.charCodeAt(0) <= 57) n++;
  return n;
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

export function createProcessesCollector(paths: ProcPaths): Collector {
  return {
    name: 'processes',
    cadence: 'fast',
    async collect(into) {
      into.gauge(METRIC.procCount, countProcesses(await readdir(paths.proc)));
    },
  };
}
