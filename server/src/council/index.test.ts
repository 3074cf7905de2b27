// The council over time: `for` durations, hysteresis, gaps, one faulty voter across whole
// sequences (fast-check), snapshots, and the five real analysers on hand-built inputs.
import { ANALYSERS, SEVERITIES, severityRank, type AnalyserName, type Severity, type Vote } from '@aura/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCouncil, type Analyser } from './index.js';
import { MIN, T0, input, prediction } from './test-inputs.js';

/** Analysers that vote what the test says for the current window. */
function scripted(script: Map<AnalyserName, Vote[]>): Analyser[] {
  return ANALYSERS.map((name) => ({
    name,
    memorySchema: z.object({}),
    initialMemory: () => ({}),
    analyse: () => script.get(name) ?? [{ analyser: name, severity: 'ok', confidence: 0.8, kind: 'none', evidence: [], recommendation: '' }],
  }));
}

const vote = (analyser: AnalyserName, severity: Severity, kind = 'memory', confidence = 0.8): Vote => ({ analyser, severity, confidence, kind, evidence: [`${analyser} says ${severity}`], recommendation: 'fix it' });

/** Run a council over per-minute windows; each window's votes come from `votesAt(i)`. */
function run(votesAt: (i: number) => Vote[], windows: number, opts = {}, stepMs = MIN): Severity[] {
  const script = new Map<AnalyserName, Vote[]>();
  const council = createCouncil(opts, scripted(script));
  const out: Severity[] = [];
  for (let i = 0; i < windows; i++) {
    script.clear();
    for (const v of votesAt(i)) script.set(v.analyser, [...(script.get(v.analyser) ?? []), v]);
    out.push(council.decide(input({ ts: T0 + i * stepMs })).decision);
  }
  return out;
}

describe('council timing', () => {
  const agree = (s: Severity) => [vote('resources', s), vote('predictor', s)];

  it('moves up only after the quorum held the level for its `for` (warning 5m), then holds through a one-window dip', () => {
    const d = run((i) => (i === 8 ? agree('ok') : agree('warning')), 12);
    // 0..4 min: pending; at 5 min the warning has held for 5 minutes.
    expect(d.slice(0, 5)).toEqual(['watch', 'watch', 'watch', 'watch', 'watch']);
    expect(d.slice(5)).toEqual(Array(7).fill('warning'));
  });

  it('a pending level needs only the exit quorum to keep climbing: a second voter dipping under the entry quorum for a minute does not restart `for`', () => {
    // The predictor's confidence: 0.5, then 0.3 at minute 3 (between exit 0.2 and entry 0.35), then 0.5 again.
    const dip = (i: number) => [vote('resources', 'warning', 'memory', 0.9), vote('predictor', 'warning', 'memory', i === 3 ? 0.3 : 0.5)];
    expect(run(dip, 7)).toEqual(['watch', 'watch', 'watch', 'watch', 'watch', 'warning', 'warning']);
    // Under the exit quorum (0.1) the climb does break, and the 5 minutes start again at minute 4.
    const drop = (i: number) => [vote('resources', 'warning', 'memory', 0.9), vote('predictor', 'warning', 'memory', i === 3 ? 0.1 : 0.5)];
    expect(run(drop, 10).indexOf('warning')).toBe(9);
  });

  it('moves down only after the quorum stayed below for clearFor (5m)', () => {
    const d = run((i) => (i < 7 ? agree('warning') : agree('ok')), 16);
    expect(d[6]).toBe('warning');
    expect(d.slice(7, 12)).toEqual(Array(5).fill('warning'));
    expect(d[12]).toBe('ok');
  });

  it('critical waits its own `for` (2m) and can skip warning', () => {
    const d = run(() => agree('critical'), 4);
    expect(d).toEqual(['watch', 'watch', 'critical', 'critical']);
  });

  it('a gap longer than maxGap restarts the `for` timer', () => {
    const script = new Map<AnalyserName, Vote[]>([['resources', [vote('resources', 'warning')]], ['predictor', [vote('predictor', 'warning')]]]);
    const council = createCouncil({}, scripted(script));
    council.decide(input({ ts: T0 }));
    council.decide(input({ ts: T0 + 3 * MIN }));
    // 20 minutes of silence, then the same votes: the 5 minutes start again.
    expect(council.decide(input({ ts: T0 + 23 * MIN })).decision).toBe('watch');
    expect(council.decide(input({ ts: T0 + 27 * MIN })).decision).toBe('watch');
    expect(council.decide(input({ ts: T0 + 28 * MIN })).decision).toBe('warning');
  });

  it('reports pending concerns with the level they head for and since when', () => {
    const script = new Map<AnalyserName, Vote[]>([['resources', [vote('resources', 'warning')]], ['predictor', [vote('predictor', 'warning')]]]);
    const council = createCouncil({}, scripted(script));
    council.decide(input({ ts: T0 }));
    const d = council.decide(input({ ts: T0 + 2 * MIN }));
    const memory = d.concerns!.find((c) => c.kind === 'memory')!;
    expect(memory).toEqual({ kind: 'memory', severity: 'watch', raw: 'warning', since: T0 / 1000, pending: { severity: 'warning', since: T0 / 1000 } });
    expect(d.summary).toMatch(/^watch on memory: .* \(warning pending: the quorum holds it, waiting out its for duration\)$/);
  });

  it('a window that is not newer than the last changes nothing', () => {
    const script = new Map<AnalyserName, Vote[]>([['resources', [vote('resources', 'critical')]], ['predictor', [vote('predictor', 'critical')]]]);
    const council = createCouncil({}, scripted(script));
    council.decide(input({ ts: T0 + 10 * MIN }));
    const before = council.snapshot();
    council.decide(input({ ts: T0 }));
    council.decide(input({ ts: T0 + 10 * MIN }));
    expect(council.snapshot()).toEqual(before);
  });

  it('an analyser that throws counts as silent; the others still decide', () => {
    const analysers = scripted(new Map([['predictor', [vote('predictor', 'critical')]], ['performance', [vote('performance', 'critical')]]]));
    analysers[0] = { ...analysers[0]!, analyse: () => { throw new Error('boom'); } };
    const council = createCouncil({ for: { critical: 0 } }, analysers);
    const d = council.decide(input());
    expect(d.decision).toBe('critical');
    expect(d.votes.find((v) => v.analyser === 'resources')).toMatchObject({ confidence: 0, evidence: ['analyser failed: boom'] });
  });
});

describe('council: one faulty analyser over whole sequences', () => {
  const sev = fc.constantFrom(...SEVERITIES);
  const honest = (faulty: AnalyserName) =>
    fc.array(
      fc.tuple(...ANALYSERS.filter((a) => a !== faulty).map((a) => fc.tuple(fc.constant(a), sev, fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('memory', 'disk')))),
      { minLength: 1, maxLength: 30 },
    );
  const caseArb = fc.constantFrom(...ANALYSERS).chain((f) => fc.tuple(fc.constant(f), honest(f), fc.constantFrom(30_000, MIN, 5 * MIN)));
  const toVotes = (w: Array<[AnalyserName, Severity, number, string]>) => w.map(([a, s, c, k]) => vote(a, s, k, c));

  it('stuck at critical: the decision never exceeds the highest honest vote seen in the sequence so far', () => {
    fc.assert(
      fc.property(caseArb, ([faulty, windows, step]) => {
        const d = run((i) => [...toVotes(windows[i]!), vote(faulty, 'critical', 'memory', 1), vote(faulty, 'critical', 'disk', 1)], windows.length, {}, step);
        let ceiling = 0;
        windows.forEach((w, i) => {
          for (const [, s, c] of w) if (c > 0) ceiling = Math.max(ceiling, severityRank(s));
          expect(severityRank(d[i]!)).toBeLessThanOrEqual(ceiling);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('stuck at ok: every decision is the one the others make without it', () => {
    fc.assert(
      fc.property(caseArb, ([faulty, windows, step]) => {
        const withStuck = run((i) => [...toVotes(windows[i]!), vote(faulty, 'ok', 'none', 1)], windows.length, {}, step);
        const without = run((i) => toVotes(windows[i]!), windows.length, { weights: { [faulty]: 0 } }, step);
        expect(withStuck).toEqual(without);
      }),
      { numRuns: 300 },
    );
  });
});

describe('council with the real analysers', () => {
  it('a calm host: ok, every analyser voting, nothing pending', () => {
    const d = createCouncil().decide(input());
    expect(d.decision).toBe('ok');
    expect(new Set(d.votes.map((v) => v.analyser))).toEqual(new Set(ANALYSERS));
    expect(d.summary).toBe('ok: every analyser sees the host as healthy');
  });

  it('an input with every optional part missing still decides (ok, with confidence 0 where nothing could be judged)', () => {
    const d = createCouncil().decide({ analysis: { hostId: 'bare', ts: T0 / 1000, topology: null, forecasts: [], prediction: null }, facts: null, recent: [], conns: null, fleet: null });
    expect(d.decision).toBe('ok');
    for (const v of d.votes) expect(v.confidence).toBe(0);
  });

  it('memory running out: resources and predictor agree, warning after 5 minutes, critical when both say so', () => {
    const council = createCouncil();
    const at = (i: number, mem: number, risk: Partial<Record<'15m' | '1h' | '4h', number>>) =>
      council.decide(input({ ts: T0 + i * MIN, values: { 'mem.used_pct': mem }, prediction: prediction(risk) }));
    expect(at(0, 93, { '1h': 0.7, '4h': 0.9 }).decision).toBe('watch');
    for (let i = 1; i < 5; i++) at(i, 93, { '1h': 0.7, '4h': 0.9 });
    const warn = at(5, 94, { '1h': 0.7, '4h': 0.9 });
    expect(warn).toMatchObject({ decision: 'warning', kind: 'memory' });
    expect(warn.summary).toMatch(/^warning on memory: resources: memory 94% used \(warning from 92%\); predictor: 70% risk of failure within 1h \(memory leak, 90% sure\)/);
    at(6, 98, { '15m': 0.8, '1h': 0.9, '4h': 0.95 });
    expect(at(8, 98, { '15m': 0.8, '1h': 0.9, '4h': 0.95 }).decision).toBe('critical');
  });

  it('a disk the forecasts see filling: resources and the predictor (no model: robust trend) agree', () => {
    const council = createCouncil({ for: { warning: 0 } });
    const forecasts = [{ metric: 'disk./.used_pct', value: 80, threshold: 100, slopePerHour: 7, ttfSeconds: 2.8 * 3600 }];
    const d = council.decide(input({ forecasts }));
    expect(d).toMatchObject({ decision: 'warning', kind: 'disk' });
    expect(d.votes.find((v) => v.analyser === 'predictor')!.evidence[0]).toMatch(/reaches 100 in 2h 48m .*robust trend; no model output/);
  });

  it('CPU pegged but load normal: only resources worries, so the decision stays ok', () => {
    const d = createCouncil({ for: { warning: 0, critical: 0 } }).decide(input({ values: { 'cpu.total': 99.5 } }));
    expect(d.decision).toBe('ok');
    expect(d.summary).toBe('ok: no second analyser backs resources (cpu, critical)');
  });

  it('CPU pegged and the run queue long: resources and performance agree on cpu', () => {
    const d = createCouncil({ for: { warning: 0, critical: 0 } }).decide(input({ values: { 'cpu.total': 99.5, 'load.1': 20 } }));
    expect(d).toMatchObject({ decision: 'critical', kind: 'cpu' });
  });

  it('drill: resources pinned at critical on a calm host raises nothing; the pinned votes are there to see', () => {
    const d = createCouncil({ pin: { resources: 'critical' }, for: { warning: 0, critical: 0 } }).decide(input());
    expect(d.decision).toBe('ok');
    expect(d.votes.filter((v) => v.analyser === 'resources' && v.severity === 'critical').length).toBeGreaterThan(5);
  });

  it('drill: one of three agreeing analysers pinned at ok does not suppress the alert', () => {
    const values = { 'cpu.total': 99.5, 'load.1': 20 };
    const prediction3 = prediction({ '15m': 0.7, '1h': 0.9, '4h': 0.95 }, 'cpu_runaway');
    for (const pin of ['resources', 'performance', 'predictor'] as const) {
      const d = createCouncil({ pin: { [pin]: 'ok' }, for: { warning: 0, critical: 0 } }).decide(input({ values, prediction: prediction3 }));
      expect(d, `${pin} pinned at ok`).toMatchObject({ decision: 'critical', kind: 'cpu' });
    }
  });

  it('snapshot and restore: a fresh council continues exactly where the old one stopped', () => {
    const a = createCouncil();
    const b = createCouncil();
    const seq = (i: number) => input({ ts: T0 + i * MIN, values: { 'mem.used_pct': 90 + i / 2 }, prediction: prediction({ '1h': 0.3 + i / 20, '4h': 0.9 }), conns: { listening: [22, 443], remotes: [] } });
    for (let i = 0; i < 6; i++) a.decide(seq(i));
    expect(b.restore(JSON.parse(JSON.stringify(a.snapshot())))).toEqual([]);
    for (let i = 6; i < 14; i++) expect(b.decide(seq(i))).toEqual(a.decide(seq(i)));
  });

  it('a damaged snapshot part is dropped with a warning, the rest kept', () => {
    const a = createCouncil();
    a.decide(input({ hostId: 'h1' }));
    a.decide(input({ hostId: 'h2' }));
    const snap = JSON.parse(JSON.stringify(a.snapshot()));
    snap.hosts.h1.kinds = 'nonsense';
    snap.hosts.h2.analysers.security = { levels: 7 };
    const b = createCouncil();
    const warnings = b.restore(snap);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/council state of h1 unreadable/);
    expect(warnings[1]).toMatch(/security for h2 unreadable; relearning/);
    expect(b.exportHost('h2')?.lastTs).toBe(T0);
    expect(b.restore({ version: 9 })).toEqual([expect.stringMatching(/snapshot unreadable/)]);
  });
});
