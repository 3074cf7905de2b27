/**
 * The weighted quorum, counted per alert kind. A level needs the weighted confidence of the
 * analysers at or above it to reach the threshold even after dropping the strongest of them, so
 * no single analyser — stuck, buggy or fooled — can carry a level alone, and one that is silent
 * or stuck at ok only removes its own support. (Byzantine-style: tolerate f = 1 faulty voter.)
 */
import { severityRank, type AnalyserName, type Severity, type Vote } from '@aura/protocol';
import { NO_KIND } from './kinds.js';

export interface KindTally {
  kind: string;
  /** The highest level the quorum supports. */
  raw: Severity;
  /** Robust support at `raw` (or at watch when raw is ok): the sum minus the strongest voter. */
  support: number;
  /** Analysers voting this kind at or above watch, strongest first. */
  voters: AnalyserName[];
}

const LEVELS_DOWN = ['critical', 'warning', 'watch'] as const;

/**
 * Tally the votes of one decision.
 * @param held the level each kind holds now; staying needs only `exit` support (hysteresis)
 * @example tally(votes, { resources: 1, predictor: 1, … }, { enter: 0.35, exit: 0.2 }, () => 'ok').get('memory')?.raw // 'warning'
 */
export function tally(
  votes: readonly Vote[],
  weights: Readonly<Record<AnalyserName, number>>,
  quorum: { enter: number; exit: number },
  held: (kind: string) => Severity,
): Map<string, KindTally> {
  // Each analyser counts once per kind: its strongest vote there.
  const perKind = new Map<string, Map<AnalyserName, { severity: Severity; strength: number }>>();
  for (const v of votes) {
    if (v.kind === NO_KIND || v.severity === 'ok') continue;
    const w = weights[v.analyser] ?? 0;
    if (!(w > 0) || !(v.confidence > 0)) continue;
    const strength = w * Math.min(1, v.confidence);
    let m = perKind.get(v.kind);
    if (!m) perKind.set(v.kind, (m = new Map()));
    const prev = m.get(v.analyser);
    if (!prev || severityRank(v.severity) > severityRank(prev.severity) || (v.severity === prev.severity && strength > prev.strength)) {
      m.set(v.analyser, { severity: v.severity, strength });
    }
  }
  const out = new Map<string, KindTally>();
  for (const [kind, m] of perKind) {
    const voters = [...m.entries()].sort((a, b) => severityRank(b[1].severity) - severityRank(a[1].severity) || b[1].strength - a[1].strength);
    let raw: Severity = 'ok';
    let support = robust(voters.map(([, x]) => x.strength));
    for (const level of LEVELS_DOWN) {
      const s = robust(voters.filter(([, x]) => severityRank(x.severity) >= severityRank(level)).map(([, x]) => x.strength));
      const need = severityRank(held(kind)) >= severityRank(level) ? quorum.exit : quorum.enter;
      if (s > 0 && s >= need) {
        raw = level;
        support = s;
        break;
      }
    }
    out.set(kind, { kind, raw, support, voters: voters.map(([a]) => a) });
  }
  return out;
}

/** Sum of strengths without the largest one. */
function robust(strengths: readonly number[]): number {
  let sum = 0;
  let max = 0;
  for (const s of strengths) {
    sum += s;
    if (s > max) max = s;
  }
  return sum - max;
}
