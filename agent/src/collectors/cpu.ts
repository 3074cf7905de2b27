/** CPU ticks (machine and per core) and run-queue counts from /proc/stat, as raw counters. */
import { readFile } from 'node:fs/promises';
import { COUNTER, CPU_FIELDS, type CpuField } from '@aura/protocol';
import type { Collector, ProcPaths } from './types.js';

export type CpuTicks = Partial<Record<CpuField, number>>;

export interface ProcStat {
  /** The `cpu` line: the whole machine. */
  total: CpuTicks;
  /** The `cpuN` lines, in the order the kernel prints them (offline cores are absent). */
  cores: Array<{ core: number; ticks: CpuTicks }>;
  procsRunning?: number;
  procsBlocked?: number;
  contextSwitches?: number;
  forks?: number;
  /** Boot time, unix seconds. */
  bootTime?: number;
}

function parseTicks(parts: string[]): CpuTicks {
  const ticks: CpuTicks = {};
  // Columns after `steal` (guest, guest_nice) are already counted in user and nice: skipped.
  CPU_FIELDS.forEach((f, i) => {
    const v = Number(parts[i + 1]);
    if (parts[i + 1] !== undefined && Number.isFinite(v)) ticks[f] = v;
  });
  return ticks;
}

/** Parse /proc/stat (pure). @example parseProcStat(text).total.user // 145814 */
export function parseProcStat(text: string): ProcStat {
  const out: ProcStat = { total: {}, cores: [] };
  for (const line of text.split('\n')) {
    const parts = line.trim().split(/\s+/);
    const key = parts[0];
    if (!key) continue;
    const value = Number(parts[1]);
    if (key === 'cpu') out.total = parseTicks(parts);
    else if (/^cpu\d+$/.test(key)) out.cores.push({ core: Number(key.slice(3)), ticks: parseTicks(parts) });
    else if (key === 'procs_running') out.procsRunning = value;
    else if (key === 'procs_blocked') out.procsBlocked = value;
    else if (key === 'ctxt') out.contextSwitches = value;
    else if (key === 'processes') out.forks = value;
    else if (key === 'btime') out.bootTime = value;
  }
  return out;
}

export async function readProcStat(paths: ProcPaths): Promise<ProcStat> {
  return parseProcStat(await readFile(`${paths.proc}/stat`, 'utf8'));
}

/** proc.running and proc.blocked come from here too: the same file, read once per tick. */
export function createCpuCollector(paths: ProcPaths, perCore = true): Collector {
  return {
    name: 'cpu',
    cadence: 'fast',
    async collect(into) {
      const stat = await readProcStat(paths);
      for (const f of CPU_FIELDS) if (stat.total[f] !== undefined) into.counter(COUNTER.cpuTicks(f), stat.total[f]);
      if (perCore) {
        for (const { core, ticks } of stat.cores) for (const f of CPU_FIELDS) if (ticks[f] !== undefined) into.counter(COUNTER.cpuTicks(f, core), ticks[f]);
      }
      if (stat.procsRunning !== undefined) into.gauge('proc.running', stat.procsRunning);
      if (stat.procsBlocked !== undefined) into.gauge('proc.blocked', stat.procsBlocked);
      if (stat.contextSwitches !== undefined) into.counter('cpu.context_switches_total', stat.contextSwitches);
      if (stat.forks !== undefined) into.counter('proc.forks_total', stat.forks);
    },
  };
}
