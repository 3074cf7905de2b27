/**
 * `predict_linear` alerts as users run them. Filesystems mirror node-mixin's
 * NodeFilesystemSpaceFillingUp / NodeFilesystemFilesFillingUp: available < 40 % and
 * predict_linear(avail[6h], 24h) < 0 for 1h (warning); available < 20 % and
 * predict_linear(avail[6h], 4h) < 0 for 1h (critical). Memory has no mixin rule; we use the
 * same form users write for it: available < 20 % and predict_linear(MemAvailable[2h], 4h) < 0
 * for 30m (warning). The predicted time to failure is where the fitted line reaches zero.
 */
import { OK, metricIndexes, pendingFor, type Detector, type DetectorContext, type Verdict } from './detector.js';
import { linearRegression, rangeStart } from './predict-linear.js';
import { createRing, pushRing, readRing, trimRing, type Ring } from './ring.js';

export interface LinearRule {
  name: string;
  /** Watched "used %" metrics; the rule works on available = 100 − used, as node_exporter exposes it. */
  metric: RegExp;
  availBelow: number;
  rangeS: number;
  horizonS: number;
  forS: number;
  severity: 1 | 2 | 3;
}

export const DEFAULT_LINEAR_RULES: readonly LinearRule[] = [
  { name: 'NodeFilesystemSpaceFillingUp(24h)', metric: /^disk\..+\.used_pct$/, availBelow: 40, rangeS: 6 * 3600, horizonS: 24 * 3600, forS: 3600, severity: 2 },
  { name: 'NodeFilesystemSpaceFillingUp(4h)', metric: /^disk\..+\.used_pct$/, availBelow: 20, rangeS: 6 * 3600, horizonS: 4 * 3600, forS: 3600, severity: 3 },
  { name: 'NodeFilesystemFilesFillingUp(24h)', metric: /^disk\..+\.inodes_used_pct$/, availBelow: 40, rangeS: 6 * 3600, horizonS: 24 * 3600, forS: 3600, severity: 2 },
  { name: 'NodeFilesystemFilesFillingUp(4h)', metric: /^disk\..+\.inodes_used_pct$/, availBelow: 20, rangeS: 6 * 3600, horizonS: 4 * 3600, forS: 3600, severity: 3 },
  { name: 'MemoryFillingUp(4h)', metric: /^mem\.used_pct$/, availBelow: 20, rangeS: 2 * 3600, horizonS: 4 * 3600, forS: 1800, severity: 2 },
];

export interface LinearState {
  watch: Int32Array;
  rings: Ring[];
  /** Per (rule, watched metric) pair: since when the rule's expression holds. */
  since: Float64Array;
  pairRule: Int32Array;
  pairWatch: Int32Array;
  bufT: Float64Array;
  bufV: Float64Array;
}

/** Most points a 6-hour range holds at 5-second samples, plus slack. */
const CAPACITY = 6 * 720 + 16;

export function createPredictLinearDetector(rules: readonly LinearRule[] = DEFAULT_LINEAR_RULES): Detector<LinearState> {
  const maxRange = Math.max(...rules.map((r) => r.rangeS));
  return {
    name: 'predict_linear',
    init(ctx: DetectorContext): LinearState {
      const watch = [...new Set(rules.flatMap((r) => metricIndexes(ctx.metrics, r.metric)))];
      const pairRule: number[] = [];
      const pairWatch: number[] = [];
      rules.forEach((r, k) =>
        watch.forEach((m, w) => {
          if (r.metric.test(ctx.metrics[m]!)) {
            pairRule.push(k);
            pairWatch.push(w);
          }
        }),
      );
      return {
        watch: Int32Array.from(watch),
        rings: watch.map(() => createRing(CAPACITY)),
        since: new Float64Array(pairRule.length).fill(NaN),
        pairRule: Int32Array.from(pairRule),
        pairWatch: Int32Array.from(pairWatch),
        bufT: new Float64Array(CAPACITY),
        bufV: new Float64Array(CAPACITY),
      };
    },
    step(st, ts, row): Verdict {
      for (let w = 0; w < st.watch.length; w++) {
        const v = row[st.watch[w]!]!;
        if (Number.isFinite(v)) pushRing(st.rings[w]!, ts, 100 - v);
        trimRing(st.rings[w]!, ts - maxRange);
      }
      let best: Verdict = OK;
      let lastW = -1;
      let n = 0;
      for (let p = 0; p < st.pairRule.length; p++) {
        const r = rules[st.pairRule[p]!]!;
        const w = st.pairWatch[p]!;
        if (w !== lastW) {
          n = readRing(st.rings[w]!, st.bufT, st.bufV);
          lastW = w;
        }
        const from = rangeStart(st.bufT, n, ts, r.rangeS);
        let holds = false;
        let ttf: number | null = null;
        if (n - from >= 2) {
          const fit = linearRegression(st.bufT, st.bufV, from, n, ts);
          const avail = st.bufV[n - 1]!;
          holds = avail < r.availBelow && fit.slope * r.horizonS + fit.intercept < 0;
          ttf = fit.slope < 0 ? Math.max(0, -fit.intercept / fit.slope) : null;
        }
        const pf = pendingFor(st.since[p]!, holds, ts, r.forS);
        st.since[p] = pf.since;
        if (pf.firing && (r.severity > best.severity || (r.severity === best.severity && ttf !== null && (best.ttfSeconds === null || ttf < best.ttfSeconds)))) best = { severity: r.severity, ttfSeconds: ttf, reason: r.name };
      }
      return best;
    },
  };
}
