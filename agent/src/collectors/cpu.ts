/** CPU ticks from /proc/stat: the whole machine and each core, as monotonic counters. */
import { readFile } from 'node:fs/promises';
import { COUNTER, CPU_FIELDS } from '@aura/protocol';
import type { Collector, ProcPaths } from './types.js';

export interface CpuStat {
  /** Ticks per field for the whole machine (`cpu` line). */
  total: Record<string, number>;
  /** Ticks per field per core (`cpuN` lines). */
  cores: Array<{ core: number; ticks: Record<string, number> }>;
  procsRunning?: number;
  procsBlocked?: number;
  contextSwitches?: number;
  forks?: number;
}

/** Parse /proc/stat (pure). Guest time is already included in user/nice by the kernel, so it is skipped. */
export function parseProcStat(text: string): CpuStat {
  const out: CpuStat = { total: {}, cores: [] };
  for (const line of text.split('\n')) {
    const parts = line.trim().split(/\s+/);
    const key = parts[0];
    if (!key) continue;
    if (key.startsWith('cpu')) {
      const ticks: Record<string, number> = {};
      CPU_FIELDS.forEach((f, i) => {
        const v = Number(parts[i + 1]);
        if (Number.isFinite(v)) ticks[f] = v;
      });
      if (key === 'cpu') out.total = ticks;
      else out.cores.push({ core: Number(key.slice(3)), ticks });
    } else if (key === 'procs_running') out.procsRunning = Number(parts[1]);
    else if (key === 'procs_blocked') out.procsBlocked = Number(parts[1]);
    else if (key === 'ctxt') out.contextSwitches = Number(parts[1]);
    else if (key === 'processes') out.forks = Number(parts[1]);
  }
  return out;
}

export function createCpuCollector(paths: ProcPaths, perCore = true): Collector {
  return {
    name: 'cpu',
    cadence: 'fast',
    async collect(into) {
      const stat = parseProcStat(await readFile(`${paths.proc}/stat`, 'utf8'));
      for (const [f, v] of Object.entries(stat.total)) into.counter(COUNTER.cpuTicks(f as (typeof CPU_FIELDS)[number]), v);
      if (perCore) for (const c of stat.cores) for (const [f, v] of Object.entries(c.ticks)) into.counter(COUNTER.cpuTicks(f as (typeof CPU_FIELDS)[number], c.core), v);
      if (stat.procsRunning !== undefined) into.gauge('proc.running', stat.procsRunning);
      if (stat.procsBlocked !== undefined) into.gauge('proc.blocked', stat.procsBlocked);
      if (stat.contextSwitches !== undefined) into.counter('cpu.context_switches_total', stat.contextSwitches);
      if (stat.forks !== undefined) into.counter('proc.forks_total', stat.forks);
    },
  };
}
