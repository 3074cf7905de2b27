/**
 * Resources: CPU, memory, swap, disks, inodes and disk busy time — how saturated they are now
 * (the median of the last minute) and, from the pipeline's forecasts, how soon they run out.
 */
import { SEVERITIES, type Forecast } from '@aura/protocol';
import { z } from 'zod';
import { kindOfMetric, type Kind } from './kinds.js';
import { depth } from './levels.js';
import type { Levels } from './options.js';
import { fmt, fmtSeconds, middles, newestWindow, nowValue } from './series.js';
import type { Analyser } from './types.js';
import { LevelMemory, votesFrom, type Finding } from './vote.js';

const memorySchema = z.object({ levels: z.record(z.string(), z.enum(SEVERITIES)) });
type ResourcesMemory = z.infer<typeof memorySchema>;

const ADVICE: Record<string, string> = {
  cpu: 'find the busiest processes (top -o %CPU); stop or limit the runaway job, or add capacity',
  memory: 'find what grows (ps aux --sort=-rss | head); restart the leaking service or add memory before the OOM killer picks for you',
  swap: 'the host is swapping: find the largest resident processes (ps aux --sort=-rss | head) and free memory',
  disk: 'free space (du -xh --max-depth=2 MOUNT | sort -h | tail; journalctl --vacuum-size; old logs, images, backups) or grow the filesystem',
  inodes: 'too many small files: find the directories holding them (du --inodes -x MOUNT | sort -n | tail) and clean up',
  io: 'the disk is saturated: find who writes (iotop -o) and move or throttle the heavy job',
};

function confidence(samples: number, d: number): number {
  // A lone sample is weaker evidence than a minute of them.
  return (0.6 + 0.35 * d) * (samples >= 3 ? 1 : 0.75);
}

export const resourcesAnalyser: Analyser<ResourcesMemory> = {
  name: 'resources',
  memorySchema,
  initialMemory: () => ({ levels: {} }),
  analyse(input, ctx) {
    const o = ctx.options;
    const T = o.thresholds;
    const win = newestWindow(input.recent, o.nowWindow);
    const mem = new LevelMemory(ctx.memory.levels);
    const findings: Finding[] = [];
    const seen: string[] = [];
    const saturation = (key: string, kind: Kind, value: number, t: Levels, text: string, advice: string) => {
      const level = mem.above(key, value, t, o.hysteresis);
      if (level === 'ok') return;
      findings.push({ kind, severity: level, confidence: confidence(win.length, depth(value, t, level)), evidence: `${text} (${level} from ${t[level]}%)`, recommendation: advice });
    };

    const cpu = nowValue(win, 'cpu.total');
    if (cpu !== undefined) {
      seen.push(`CPU ${fmt(cpu)}%`);
      saturation('cpu', 'cpu', cpu, T.cpu, `CPU ${fmt(cpu)}% busy`, ADVICE.cpu!);
    }
    let memPct = nowValue(win, 'mem.used_pct');
    if (memPct === undefined) {
      const avail = nowValue(win, 'mem.available_bytes');
      const total = nowValue(win, 'mem.total_bytes') ?? input.facts?.memoryBytes;
      if (avail !== undefined && total) memPct = 100 * (1 - avail / total);
    }
    if (memPct !== undefined) {
      seen.push(`memory ${fmt(memPct)}%`);
      saturation('mem', 'memory', memPct, T.memory, `memory ${fmt(memPct)}% used`, ADVICE.memory!);
    }
    const swap = nowValue(win, 'swap.used_pct');
    if (swap !== undefined) {
      seen.push(`swap ${fmt(swap)}%`);
      saturation('swap', 'memory', swap, T.swap, `swap ${fmt(swap)}% used`, ADVICE.swap!);
    }
    let fullest = -1;
    for (const mount of middles(win, 'disk', 'used_pct')) {
      const used = nowValue(win, `disk.${mount}.used_pct`)!;
      fullest = Math.max(fullest, used);
      saturation(`disk:${mount}`, 'disk', used, T.disk, `disk ${mount} ${fmt(used)}% full`, ADVICE.disk!.replace('MOUNT', mount));
      const inodes = nowValue(win, `disk.${mount}.inodes_used_pct`);
      if (inodes !== undefined) saturation(`inodes:${mount}`, 'disk', inodes, T.inodes, `disk ${mount} ${fmt(inodes)}% of inodes used`, ADVICE.inodes!.replace('MOUNT', mount));
    }
    if (fullest >= 0) seen.push(`fullest disk ${fmt(fullest)}%`);
    for (const dev of middles(win, 'diskio', 'util_pct')) {
      const busy = nowValue(win, `diskio.${dev}.util_pct`)!;
      saturation(`io:${dev}`, 'io', busy, T.diskBusy, `disk ${dev} busy ${fmt(busy)}% of the time`, ADVICE.io!);
    }
    for (const f of input.analysis.forecasts) {
      const finding = forecastFinding(f, mem, T.ttfDisk, T.ttfMemory, o.hysteresis);
      if (finding) findings.push(finding);
    }
    ctx.memory.levels = mem.next;
    const data = seen.length === 0 ? 0 : Math.min(1, 0.4 + 0.2 * win.length);
    return votesFrom('resources', findings, seen.length ? [seen.join(', ')] : ['no resource metrics in the recent samples'], data);
  },
};

/**
 * A forecast's time to exhaustion as a finding (also used by the predictor when no model runs).
 * @example forecastFinding({ metric: 'disk./.used_pct', value: 91, threshold: 100, slopePerHour: 4, ttfSeconds: 8100 }, …) // warning, disk
 */
export function forecastFinding(f: Forecast, mem: LevelMemory, ttfDisk: Levels, ttfMemory: Levels, margin: number, weight = 1): Finding | undefined {
  if (f.ttfSeconds === null || !Number.isFinite(f.ttfSeconds)) return undefined;
  const kind = kindOfMetric(f.metric);
  if (kind !== 'disk' && kind !== 'memory') return undefined;
  const t = kind === 'disk' ? ttfDisk : ttfMemory;
  const key = `ttf:${f.metric}`;
  const level = mem.below(key, Math.max(0, f.ttfSeconds), t, margin);
  if (level === 'ok') return undefined;
  return {
    kind,
    severity: level,
    confidence: (0.55 + 0.3 * depth(f.ttfSeconds, t, level)) * weight,
    evidence: `${f.metric} reaches ${fmt(f.threshold)} in ${fmtSeconds(f.ttfSeconds)} at ${fmt(f.slopePerHour, 2)}/h (now ${fmt(f.value)})`,
    recommendation: kind === 'disk' ? ADVICE.disk!.replace('MOUNT', mountOf(f.metric)) : ADVICE.memory!,
  };
}

function mountOf(metric: string): string {
  const m = /^disk\.(.+)\.[a-z_]+$/.exec(metric);
  return m?.[1] ?? '/';
}
