/** Memory and swap from /proc/meminfo. */
import { readFile } from 'node:fs/promises';
import { METRIC } from '@aura/protocol';
import type { Collector, ProcPaths } from './types.js';

/** Parse /proc/meminfo into bytes per key (pure; the kernel prints kB, a few keys are plain counts). */
export function parseMeminfo(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^([\w()]+):\s+(\d+)(\s+kB)?/.exec(line);
    if (m) out[m[1]!] = Number(m[2]) * (m[3] ? 1024 : 1);
  }
  return out;
}

/** From meminfo to gauges (pure). Used means "not available", the figure that predicts the OOM killer. */
export function memoryGauges(mi: Record<string, number>): Record<string, number> {
  const total = mi.MemTotal ?? 0;
  // MemAvailable is the kernel's own estimate (since 3.14); older kernels: free + buffers + cache.
  const available = mi.MemAvailable ?? (mi.MemFree ?? 0) + (mi.Buffers ?? 0) + (mi.Cached ?? 0);
  const swapTotal = mi.SwapTotal ?? 0;
  const swapUsed = Math.max(0, swapTotal - (mi.SwapFree ?? 0));
  return {
    [METRIC.memTotalBytes]: total,
    [METRIC.memAvailableBytes]: available,
    [METRIC.memUsedPct]: total > 0 ? ((total - available) / total) * 100 : 0,
    'mem.cached_bytes': mi.Cached ?? 0,
    'mem.dirty_bytes': mi.Dirty ?? 0,
    'swap.total_bytes': swapTotal,
    'swap.used_bytes': swapUsed,
    [METRIC.swapUsedPct]: swapTotal > 0 ? (swapUsed / swapTotal) * 100 : 0,
  };
}

export function createMemoryCollector(paths: ProcPaths): Collector {
  return {
    name: 'memory',
    cadence: 'fast',
    async collect(into) {
      const g = memoryGauges(parseMeminfo(await readFile(`${paths.proc}/meminfo`, 'utf8')));
      for (const k in g) into.gauge(k, g[k]!);
    },
  };
}
