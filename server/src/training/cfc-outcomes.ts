/**
 * The CfC as an alarm source: its risks over each trace turned into alarm levels with given
 * thresholds and scored like every baseline; and the thresholds `aura train` picks on the
 * validation split: the most recall whose false alarms on healthy hosts stay within a budget.
 */
import { nn, predict } from '@aura/analysis';
import { scoreTrace, summarize, type EvalTable, type TraceOutcome } from '@aura/analysis/eval';
import type { HostScore } from './suite-worker.js';

export function cfcOutcomes(hosts: HostScore[], thresholds: predict.AlarmThresholds): TraceOutcome[] {
  return hosts.map((h) => {
    const alarm = predict.alarmLevels(h.risk, thresholds);
    const ttfSeconds = new Float64Array(alarm.length).fill(Number.NaN);
    for (let i = 0; i < alarm.length; i++) if (alarm[i]! >= 2) ttfSeconds[i] = nn.decodeTtf(h.ttf[i]!) * 60;
    return scoreTrace({ hostId: h.hostId, timestamps: h.timestamps, stepSeconds: h.stepSeconds, label: h.label }, { alarm, ttfSeconds });
  });
}

export interface TunedThresholds {
  thresholds: predict.AlarmThresholds;
  /** What they gave on the validation split. */
  validation: { recall: number; falseAlarmsPerHostDay: number; leadMedianS: number | null };
}

/** The warning threshold (on the 4-hour risk; critical on the 1-hour risk at the same value) from a grid. */
export function tuneThresholds(hosts: HostScore[], maxFalsePerHostDay: number): TunedThresholds {
  let best: TunedThresholds | undefined;
  for (let w = 0.2; w <= 0.951; w += 0.05) {
    const thresholds = { warning: round(w), critical: round(w) };
    const t = summarize('cfc', cfcOutcomes(hosts, thresholds));
    const all = t.rows.find((r) => r.group === 'all')!;
    const fa = t.healthy.perHostDay;
    const candidate = { thresholds, validation: { recall: all.recall, falseAlarmsPerHostDay: fa, leadMedianS: all.leadMedianS } };
    if (fa > maxFalsePerHostDay) continue;
    if (!best || all.recall > best.validation.recall || (all.recall === best.validation.recall && fa < best.validation.falseAlarmsPerHostDay)) best = candidate;
  }
  // Nothing within budget: the strictest threshold, reported as it is.
  return best ?? { thresholds: { warning: 0.95, critical: 0.95 }, validation: summaryOf(summarize('cfc', cfcOutcomes(hosts, { warning: 0.95, critical: 0.95 }))) };
}

function summaryOf(t: EvalTable): TunedThresholds['validation'] {
  const all = t.rows.find((r) => r.group === 'all')!;
  return { recall: all.recall, falseAlarmsPerHostDay: t.healthy.perHostDay, leadMedianS: all.leadMedianS };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
