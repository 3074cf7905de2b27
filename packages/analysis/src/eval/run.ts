/** Running detectors over traces and turning the outcomes into tables, one trace in memory at a time. */
import type { Detector } from '../forecast/detector.js';
import type { Trace } from '../scenarios/trace.js';
import { scoreTrace, type AlarmSeries, type EvalOptions, type TraceOutcome } from './score.js';
import { summarize, type EvalTable } from './table.js';

/**
 * A detector's verdicts over a whole trace, step by step in event-time order.
 * @example runDetector(createStaticDetector(), trace).alarm // Uint8Array of severities
 */
export function runDetector(detector: Detector, trace: Trace): { alarm: Uint8Array; ttfSeconds: Float64Array } {
  const metrics = Object.keys(trace.series);
  const cols = metrics.map((m) => trace.series[m]!);
  const state = detector.init({ metrics, cores: trace.facts.cores });
  const n = trace.timestamps.length;
  const alarm = new Uint8Array(n);
  const ttfSeconds = new Float64Array(n).fill(NaN);
  const row = new Float64Array(metrics.length);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < cols.length; k++) row[k] = cols[k]![i]!;
    const v = detector.step(state, trace.timestamps[i]!, row);
    alarm[i] = v.severity;
    if (v.ttfSeconds !== null) ttfSeconds[i] = v.ttfSeconds;
  }
  return { alarm, ttfSeconds };
}

/** Something that turns a trace into per-step alarms: a detector, or any model (the CfC, the council). */
export type AlarmSource = { name: string; run: (trace: Trace) => AlarmSeries };

export function fromDetector(make: () => Detector): AlarmSource {
  const name = make().name;
  return { name, run: (t) => runDetector(make(), t) };
}

/**
 * Evaluate several sources on the same traces (each trace generated once), one table per source.
 * @example evaluate([fromDetector(() => createStaticDetector())], suiteTraces({ seed: 1, hosts: 40, split: 'test' }))
 */
export function evaluate(sources: AlarmSource[], traces: Iterable<Trace>, opts: EvalOptions = {}, onTrace?: (done: number) => void): EvalTable[] {
  const outcomes: TraceOutcome[][] = sources.map(() => []);
  let done = 0;
  for (const t of traces) {
    sources.forEach((s, k) => outcomes[k]!.push(scoreTrace(t, s.run(t), opts)));
    onTrace?.(++done);
  }
  return sources.map((s, k) => summarize(s.name, outcomes[k]!));
}
