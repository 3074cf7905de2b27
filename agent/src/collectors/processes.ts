/**
 * Process count: the numeric entries of /proc (one per process, threads excluded). proc.running
 * and proc.blocked come with the CPU collector, from the /proc/stat it reads anyway.
 */
import { readdir } from 'node:fs/promises';
import { METRIC } from '@aura/protocol';
import type { Collector, ProcPaths } from './types.js';

/** Count process directories among /proc's entries (pure). */
export function countProcesses(entries: readonly string[]): number {
  let n = 0;
  for (const e of entries) if (/^\d+$/.test(e)) n++;
  return n;
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
