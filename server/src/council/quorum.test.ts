// The quorum's fault tolerance as properties: one analyser stuck at critical never lifts a kind
// above what another analyser says; one stuck at ok (or silent) changes nothing the others agree on.
import { ANALYSERS, SEVERITIES, severityRank, type AnalyserName, type Severity, type Vote } from '@aura/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tally } from './quorum.js';

const KINDS = ['cpu', 'memory', 'disk'] as const;
const WEIGHTS: Record<AnalyserName, number> = { resources: 1, network: 1, security: 1, performance: 1, predictor: 1 };
const Q = { enter: 0.35, exit: 0.2 };

const voteArb = (analyser: AnalyserName): fc.Arbitrary<Vote> =>
  fc.record({
    analyser: fc.constant(analyser),
    severity: fc.constantFrom(...SEVERITIES),
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
    kind: fc.constantFrom(...KINDS),
    evidence: fc.constant(['x']).map((e) => [...e]),
    recommendation: fc.constant(''),
  });

/** Votes of every analyser but `faulty`: 0–3 votes each, any kinds. */
const othersArb = (faulty: AnalyserName) =>
  fc.tuple(...ANALYSERS.filter((a) => a !== faulty).map((a) => fc.array(voteArb(a), { maxLength: 3 }))).map((vs) => vs.flat() as Vote[]);

const heldArb = fc.record(Object.fromEntries(KINDS.map((k) => [k, fc.constantFrom(...SEVERITIES)])) as Record<(typeof KINDS)[number], fc.Arbitrary<Severity>>);

const stuckAt = (analyser: AnalyserName, severity: Severity): Vote[] =>
  KINDS.map((kind) => ({ analyser, severity, confidence: 1, kind, evidence: ['stuck'], recommendation: '' }));

function rawOf(votes: Vote[], kind: string, held: Record<string, Severity>): Severity {
  return tally(votes, WEIGHTS, Q, (k) => held[k] ?? 'ok').get(kind)?.raw ?? 'ok';
}

function maxOther(votes: Vote[], kind: string): Severity {
  let m: Severity = 'ok';
  for (const v of votes) if (v.kind === kind && v.confidence > 0 && severityRank(v.severity) > severityRank(m)) m = v.severity;
  return m;
}

describe('quorum', () => {
  const caseArb = fc.constantFrom(...ANALYSERS).chain((faulty) => fc.tuple(fc.constant(faulty), othersArb(faulty), heldArb));

  it('one analyser stuck at critical never lifts a kind above what another analyser says (so with the rest at ok: ok)', () => {
    fc.assert(
      fc.property(caseArb, ([faulty, others, held]) => {
        const votes = [...others, ...stuckAt(faulty, 'critical')];
        for (const kind of KINDS) expect(severityRank(rawOf(votes, kind, held))).toBeLessThanOrEqual(severityRank(maxOther(others, kind)));
      }),
      { numRuns: 500 },
    );
  });

  it('one analyser stuck at ok decides exactly like a silent one: what the others agree on stands', () => {
    fc.assert(
      fc.property(caseArb, ([faulty, others, held]) => {
        for (const kind of KINDS) expect(rawOf([...others, ...stuckAt(faulty, 'ok')], kind, held)).toBe(rawOf(others, kind, held));
      }),
      { numRuns: 500 },
    );
  });

  it('a weight of 0 leaves an analyser out entirely', () => {
    fc.assert(
      fc.property(othersArb('security'), fc.array(voteArb('security'), { maxLength: 3 }), (others, sec) => {
        const w = { ...WEIGHTS, security: 0 };
        for (const kind of KINDS) {
          expect(tally([...others, ...sec], w, Q, () => 'ok').get(kind)?.raw ?? 'ok').toBe(tally(others, w, Q, () => 'ok').get(kind)?.raw ?? 'ok');
        }
      }),
    );
  });

  it('two analysers agreeing with enough confidence carry a level; one alone never does', () => {
    const v = (analyser: AnalyserName, severity: Severity, confidence: number, kind = 'memory'): Vote => ({ analyser, severity, confidence, kind, evidence: [], recommendation: '' });
    expect(rawOf([v('resources', 'critical', 1)], 'memory', {})).toBe('ok');
    expect(rawOf([v('resources', 'critical', 0.9), v('predictor', 'warning', 0.5)], 'memory', {})).toBe('warning');
    expect(rawOf([v('resources', 'critical', 0.9), v('predictor', 'critical', 0.5)], 'memory', {})).toBe('critical');
    // The weaker voter's 0.3 is below the entry quorum (0.35) …
    expect(rawOf([v('resources', 'warning', 0.9), v('predictor', 'warning', 0.3)], 'memory', {})).toBe('ok');
    // … but above the exit quorum (0.2), so a held warning stays.
    expect(rawOf([v('resources', 'warning', 0.9), v('predictor', 'warning', 0.3)], 'memory', { memory: 'warning' })).toBe('warning');
    // Agreement must be on the same kind.
    expect(rawOf([v('resources', 'critical', 1, 'disk'), v('predictor', 'critical', 1, 'memory')], 'memory', {})).toBe('ok');
    // Three weak voters together make it.
    expect(rawOf([v('resources', 'warning', 0.9), v('predictor', 'warning', 0.2), v('performance', 'warning', 0.2)], 'memory', {})).toBe('warning');
  });
});
