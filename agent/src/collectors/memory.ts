/** Memory and swap from /proc/meminfo. */
import { readFile } from 'node:fs/promises';
import { METRIC } from '@aura/protocol';
import type { Collector, ProcPaths } from './types.js';

/** Parse /proc/meminfo into bytes per key (values there are kB). */
export function parseMeminfo(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^([\w()]+):\s+(\d+)(?:\s+kB)?/.exec(line);
    if (m) out[m[1]!] = Number(m[2]) * (line.includes('kB') ? 1024 : 1);
  }
  return out;
}

export function memoryGauges(mi: Record<string, number>): Record<string, number> {
  const total = mi.MemTotal ?? 0;
  // MemAvailable is the kernel's own estimate (since 3.14); older kernels: free + buffers + cache.
  const available = mi.MemAvailable ?? (mi.MemFree ?? 0) + (mi.Buffers ?? 0) + (mi.Cached ?? 0);
  const out: Record<string, number> = {
    [METRIC.memTotalBytes]: total,
    [METRIC.memAvailableBytes]: available,
    [METRIC.memUsedPct]: total > 0 ? ((total - available) / total) * 100 : 0,
    'mem.cached_bytes': mi.Cached ?? 0,
    'mem.dirty_bytes': mi.Dirty ?? 0,
    'swap.total_bytes': mi.SwapTotal ?? 0,
    'swap.used_bytes': (mi.SwapTotal ?? 0) - (mi.SwapFree ?? 0),
    [METRIC.swapUsedPct]: mi.SwapTotal ? (((mi.SwapTotal ?? 0) - (mi.SwapFree ?? 0)) / mi.SwapTotal) * 100 : 0,
  };
  return out;
}

export function createMemoryCollector(paths: ProcPaths): Collector {
  return {
    name: 'memory',
    cadence: 'fast',
    async collect(into) {
      for (const [k, v] of Object.entries(memoryGauges(parseMeminfo(await readFile(`${paths.proc}/meminfo`, 'utf8'))))) into.gauge(k, v);
    },
  };
}
