/**
 * Static threshold alerts as users run them in Alertmanager today. Defaults mirror
 * awesome-prometheus-alerts' node-exporter rules (HostOutOfDiskSpace, HostOutOfInodes,
 * HostOutOfMemory, HostSwapIsFillingUp, HostHighCpuLoad) with the thresholds commonly set:
 * disk or inodes used > 90 % for 2 m, memory used > 95 % for 2 m, swap used > 80 % for 2 m, CPU
 * busy > 95 % for 5 m. Each rule fires after its `for:` and resolves when it stops holding.
 */
import { OK, metricIndexes, pendingFor, type Detector, type DetectorContext, type Verdict } from './detector.js';

export interface ThresholdRule {
  name: string;
  /** Which metrics the rule watches (any one of them crossing fires it). */
  metric: RegExp;
  above: number;
  forS: number;
  severity: 1 | 2 | 3;
}

export const DEFAULT_THRESHOLD_RULES: readonly ThresholdRule[] = [
  { name: 'HostOutOfDiskSpace', metric: /^disk\..+\.used_pct$/, above: 90, forS: 120, severity: 2 },
  { name: 'HostOutOfInodes', metric: /^disk\..+\.inodes_used_pct$/, above: 90, forS: 120, severity: 2 },
  { name: 'HostOutOfMemory', metric: /^mem\.used_pct$/, above: 95, forS: 120, severity: 2 },
  { name: 'HostSwapIsFillingUp', metric: /^swap\.used_pct$/, above: 80, forS: 120, severity: 2 },
  { name: 'HostHighCpuLoad', metric: /^cpu\.total$/, above: 95, forS: 300, severity: 2 },
];

export interface StaticState {
  /** Per rule and watched metric: since when the condition holds (NaN when it does not). */
  since: Float64Array;
  watch: Int32Array;
  rule: Int32Array;
}

/**
 * @example
 * const d = createStaticDetector();
 * const s = d.init({ metrics: ['disk./.used_pct'], cores: 4 });
 * d.step(s, 0, [95]); d.step(s, 120, [95]).severity // 2
 */
export function createStaticDetector(rules: readonly ThresholdRule[] = DEFAULT_THRESHOLD_RULES): Detector<StaticState> {
  return {
    name: 'static',
    init(ctx: DetectorContext): StaticState {
      const watch: number[] = [];
      const rule: number[] = [];
      rules.forEach((r, k) => {
        for (const i of metricIndexes(ctx.metrics, r.metric)) {
          watch.push(i);
          rule.push(k);
        }
      });
      return { since: new Float64Array(watch.length).fill(NaN), watch: Int32Array.from(watch), rule: Int32Array.from(rule) };
    },
    step(st, ts, row): Verdict {
      let best: Verdict = OK;
      for (let j = 0; j < st.watch.length; j++) {
        const r = rules[st.rule[j]!]!;
        const v = row[st.watch[j]!]!;
        const p = pendingFor(st.since[j]!, v > r.above, ts, r.forS);
        st.since[j] = p.since;
        if (p.firing && r.severity > best.severity) best = { severity: r.severity, ttfSeconds: null, reason: r.name };
      }
      return best;
    },
  };
}
