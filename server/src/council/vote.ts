/** Building an analyser's votes: concerns merged per kind, or one ok vote saying what was seen. */
import { severityRank, type AnalyserName, type Severity, type Vote } from '@aura/protocol';
import { NO_KIND, type Kind } from './kinds.js';
import { levelAbove, levelBelow } from './levels.js';
import type { Levels } from './options.js';

/** One thing an analyser worries about. */
export interface Finding {
  kind: Kind;
  severity: Severity;
  confidence: number;
  evidence: string;
  recommendation: string;
}

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));

/**
 * One vote per kind (the most severe finding leads; all evidence is kept, most severe first),
 * or a single ok vote when nothing reached watch.
 * @param okEvidence what was looked at, for the ok vote ("CPU 23%, memory 41%")
 * @param dataConfidence how much there was to judge by (0 = no data: the vote counts as silent)
 */
export function votesFrom(analyser: AnalyserName, findings: readonly Finding[], okEvidence: string[], dataConfidence: number): Vote[] {
  const byKind = new Map<Kind, Finding[]>();
  for (const f of findings) {
    if (f.severity === 'ok') continue;
    const list = byKind.get(f.kind);
    if (list) list.push(f);
    else byKind.set(f.kind, [f]);
  }
  if (byKind.size === 0) {
    return [{ analyser, severity: 'ok', confidence: clamp01(dataConfidence), kind: NO_KIND, evidence: okEvidence, recommendation: '' }];
  }
  const votes: Vote[] = [];
  for (const [kind, list] of byKind) {
    list.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.confidence - a.confidence);
    const lead = list[0]!;
    votes.push({
      analyser,
      severity: lead.severity,
      confidence: clamp01(lead.confidence),
      kind,
      evidence: list.map((f) => f.evidence),
      recommendation: lead.recommendation,
    });
  }
  return votes.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.confidence - a.confidence);
}

/** Hysteresis memory: the level each measure held in the previous window, keyed by measure. */
export class LevelMemory {
  readonly next: Record<string, Severity> = {};
  constructor(private readonly previous: Readonly<Record<string, Severity>>) {}

  prev(key: string): Severity {
    return this.previous[key] ?? 'ok';
  }

  /** Remember a measure's level for the next window (measures not seen again are forgotten). */
  keep(key: string, level: Severity): Severity {
    if (level !== 'ok') this.next[key] = level;
    return level;
  }

  /** The level of a measure where higher is worse, with hysteresis on its previous level, kept. */
  above(key: string, value: number, t: Levels, margin: number): Severity {
    return this.keep(key, levelAbove(value, t, this.prev(key), margin));
  }

  /** The same where lower is worse (times to exhaustion). */
  below(key: string, value: number, t: Levels, margin: number): Severity {
    return this.keep(key, levelBelow(value, t, this.prev(key), margin));
  }
}
