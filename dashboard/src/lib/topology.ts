/**
 * Persistence diagrams as the dashboard draws them: a common extent for the current window and
 * its baseline, and their Betti curves (the classes alive at each scale), computed in the browser
 * from the diagrams the analysis API returns. Pure: no DOM.
 */
import type { DiagramJson } from '@aura/protocol';
import { bettiCurve } from './analysis-browser.js';

/** The largest finite birth or death over all dimensions of the given diagrams (> 0, so an axis always has a length). */
export function diagramExtent(diagrams: Array<DiagramJson[] | null>): number {
  let max = 0;
  for (const dims of diagrams) for (const d of dims ?? []) for (const [b, x] of d) max = Math.max(max, b, x ?? 0);
  return max > 0 ? max : 1;
}

/** Counts of one dimension's classes: all, essential (never die), and the longest finite persistence. */
export function classCounts(d: DiagramJson | undefined): { total: number; essential: number; longest: number } {
  let essential = 0;
  let longest = 0;
  for (const [b, x] of d ?? []) {
    if (x === null) essential++;
    else longest = Math.max(longest, x - b);
  }
  return { total: d?.length ?? 0, essential, longest };
}

export interface BettiCurves {
  /** Ascending scales, from 0 to a little past the extent. */
  scales: number[];
  series: Array<{ label: string; dim: number; baseline: boolean; values: number[] }>;
}

/**
 * β_k(ε) for ε at every birth and death of either diagram (the curves only change there), for
 * H0 and H1 of the current window and, when there is one, of the baseline. Deaths null = never.
 * @example bettiCurves([[[0, 1], [0, null]], []], null).series[0].values // [2, 1, 1] at scales [0, 1, 1.05]
 */
export function bettiCurves(current: DiagramJson[], baseline: DiagramJson[] | null, dims = 2): BettiCurves {
  const extent = diagramExtent([current, baseline]);
  const cuts = new Set<number>([0, extent * 1.05]);
  for (const dg of [current, baseline]) for (const d of (dg ?? []).slice(0, dims)) for (const [b, x] of d) cuts.add(b).add(x ?? 0);
  const scales = [...cuts].sort((a, b) => a - b);
  const curve = (d: DiagramJson | undefined) => Array.from(bettiCurve((d ?? []).map(([b, x]) => [b, x ?? Infinity] as [number, number]), scales));
  const series: BettiCurves['series'] = [];
  for (let k = 0; k < dims; k++) series.push({ label: `H${k} now`, dim: k, baseline: false, values: curve(current[k]) });
  if (baseline) for (let k = 0; k < dims; k++) series.push({ label: `H${k} baseline`, dim: k, baseline: true, values: curve(baseline[k]) });
  return { scales, series };
}

/** "Nice" axis ticks from 0 to max: 0 and multiples of 1, 2 or 5 × 10^n, at most about `count`. */
export function ticks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let t = 0; t <= max + step * 1e-9; t += step) out.push(+t.toPrecision(12));
  return out;
}
