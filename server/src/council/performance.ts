/**
 * Performance: run-queue load against the cores, time lost waiting on IO, time stolen by the
 * hypervisor, and the topology engine's drift score (the host behaving unlike its own past).
 */
import { SEVERITIES } from '@aura/protocol';
import { z } from 'zod';
import { depth } from './levels.js';
import { fmt, newestWindow, nowValue } from './series.js';
import type { Analyser } from './types.js';
import { LevelMemory, votesFrom, type Finding } from './vote.js';

const memorySchema = z.object({ levels: z.record(z.string(), z.enum(SEVERITIES)) });
type PerformanceMemory = z.infer<typeof memorySchema>;

/** Drift this many times its learned threshold is worth a watch vote on its own. */
const DRIFT_ALONE = 2;

export const performanceAnalyser: Analyser<PerformanceMemory> = {
  name: 'performance',
  memorySchema,
  initialMemory: () => ({ levels: {} }),
  analyse(input, ctx) {
    const o = ctx.options;
    const T = o.thresholds;
    const win = newestWindow(input.recent, o.nowWindow);
    const mem = new LevelMemory(ctx.memory.levels);
    const findings: Finding[] = [];
    const seen: string[] = [];
    const drift = input.analysis.topology?.drift;
    const drifting = drift?.drifting === true && drift.score !== null && drift.threshold !== null;
    // Drift corroborates what the plain measures show: the host's whole behaviour has changed.
    const boost = drifting ? 0.1 : 0;
    const driftNote = drifting ? `; topology drift ${fmt(drift!.score!, 2)} above its learned ${fmt(drift!.threshold!, 2)}` : '';

    const cores = input.facts?.cpu.cores;
    const load = nowValue(win, 'load.1');
    if (load !== undefined && cores) {
      const perCore = load / cores;
      seen.push(`load ${fmt(load, 2)} on ${cores} cores`);
      const level = mem.above('load', perCore, T.load, o.hysteresis);
      if (level !== 'ok') {
        findings.push({
          kind: 'cpu',
          severity: level,
          confidence: 0.55 + 0.35 * depth(perCore, T.load, level) + boost,
          evidence: `load ${fmt(load, 2)} is ${fmt(perCore, 2)} per core (${level} from ${T.load[level]})${driftNote}`,
          recommendation: 'more work is queued than the cores can run: find the busy or blocked processes (top, ps -eo stat,pid,cmd | grep ^D) and shed load',
        });
      }
    }
    const iowait = nowValue(win, 'cpu.iowait');
    if (iowait !== undefined) {
      seen.push(`iowait ${fmt(iowait)}%`);
      const level = mem.above('iowait', iowait, T.iowait, o.hysteresis);
      if (level !== 'ok') {
        findings.push({
          kind: 'io',
          severity: level,
          confidence: 0.55 + 0.35 * depth(iowait, T.iowait, level) + boost,
          evidence: `CPUs wait on IO ${fmt(iowait)}% of the time (${level} from ${T.iowait[level]}%)${driftNote}`,
          recommendation: 'processes are stalled on storage: check the disk (iostat -x 1, dmesg for errors) and who is writing (iotop -o)',
        });
      }
    }
    const steal = nowValue(win, 'cpu.steal');
    if (steal !== undefined) {
      seen.push(`steal ${fmt(steal)}%`);
      const level = mem.above('steal', steal, T.steal, o.hysteresis);
      if (level !== 'ok') {
        findings.push({
          kind: 'cpu',
          severity: level,
          confidence: 0.55 + 0.35 * depth(steal, T.steal, level) + boost,
          evidence: `the hypervisor steals ${fmt(steal)}% of CPU time (${level} from ${T.steal[level]}%)`,
          recommendation: 'a noisy neighbour or an overcommitted host: move the VM or ask the provider for dedicated capacity',
        });
      }
    }
    if (drifting && findings.length === 0 && drift!.score! >= DRIFT_ALONE * drift!.threshold!) {
      findings.push({
        kind: 'behaviour',
        severity: 'watch',
        confidence: 0.5,
        evidence: `topology drift ${fmt(drift!.score!, 2)} is ${fmt(drift!.score! / drift!.threshold!, 1)}× its learned threshold: the host behaves unlike its own past`,
        recommendation: 'compare the host with its usual self in the dashboard (topology view) and look for a deploy or configuration change',
      });
    }
    if (drift && drift.score !== null) seen.push(`drift ${fmt(drift.score, 2)}`);
    ctx.memory.levels = mem.next;
    const data = seen.length === 0 ? 0 : Math.min(1, 0.4 + 0.2 * win.length);
    return votesFrom('performance', findings, seen.length ? [seen.join(', ')] : ['no load, iowait or steal in the recent samples'], data);
  },
};
