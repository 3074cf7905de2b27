// The predictor's inputs and targets: hand-made label cases, forecasts that see a disk fill
// coming, gaps that restart a sequence, state that survives JSON, and a real scenario trace.
import { FAILURE_CLASSES } from '@aura/protocol';
import { describe, expect, it } from 'vitest';
import { FEATURE_COUNT, FEATURE_INDEX } from '../features/index.js';
import { stateFromJson, stateToJson } from '../state-json.js';
import { generateTrace } from '../scenarios/index.js';
import { INPUT_COUNT, INPUT_IDS, RISK_UNKNOWN, initialPredictorState, predictorStep, stepTargets, traceSequences, type PredictorState } from './index.js';

const F = 1_800_000_000;
const label = (over: object = {}) => ({ class: 'disk_fill' as const, failureTs: F, precursorStartTs: F - 6 * 3600, recoveryTs: F + 1200, abrupt: false, ...over });
const U = RISK_UNKNOWN;

describe('stepTargets', () => {
  it('marks the horizons a failure falls within, teaches time and class only when readable', () => {
    expect(stepTargets(F - 600, label())).toEqual({ risk: [1, 1, 1, 1], ttfMinutes: 10, cls: FAILURE_CLASSES.indexOf('disk_fill') });
    expect(stepTargets(F - 3 * 3600, label())).toEqual({ risk: [0, 0, 0, 1], ttfMinutes: 180, cls: 1 });
    // Before the precursor: the failure is not readable yet.
    expect(stepTargets(F - 7 * 3600, label())).toEqual({ risk: [0, 0, 0, 0], ttfMinutes: Number.NaN, cls: -1 });
  });

  it('knows nothing while the host is down or healing, and is healthy an hour after recovery', () => {
    expect(stepTargets(F, label()).risk).toEqual([U, U, U, U]);
    expect(stepTargets(F + 1200 + 1800, label()).risk).toEqual([U, U, U, U]);
    expect(stepTargets(F + 1200 + 3600, label())).toEqual({ risk: [0, 0, 0, 0], ttfMinutes: Number.NaN, cls: -1 });
  });

  it('does not teach an abrupt failure as foreseeable', () => {
    expect(stepTargets(F - 600, label({ abrupt: true }))).toEqual({ risk: [U, U, U, U], ttfMinutes: Number.NaN, cls: -1 });
    expect(stepTargets(F - 5 * 3600, label({ abrupt: true })).risk).toEqual([0, 0, 0, 0]);
    expect(stepTargets(F - 5 * 3600, null)).toEqual({ risk: [0, 0, 0, 0], ttfMinutes: Number.NaN, cls: -1 });
  });
});

/** A host vector with everything steady, disk at `disk` %. */
function vector(disk: number, cpu = 20): Float64Array {
  const v = new Float64Array(FEATURE_COUNT).fill(Number.NaN);
  v[FEATURE_INDEX['cpu.total']!] = cpu;
  v[FEATURE_INDEX['mem.used_pct']!] = 50;
  v[FEATURE_INDEX['disk.max_used_pct']!] = disk;
  return v;
}

const at = (x: Float32Array, id: string) => x[INPUT_IDS.indexOf(id)]!;

describe('predictorStep', () => {
  it('sees a disk filling at 5 %/h: a forecast with the right time to full, urgency rising', () => {
    const s = initialPredictorState();
    let last;
    for (let m = 0; m < 300; m++) last = predictorStep(s, F + m * 60, vector(50 + (5 * m) / 60, 20 + (m % 7)));
    const disk = last!.forecasts.find((f) => f.metric === 'disk.max_used_pct')!;
    expect(disk.slopePerHour).toBeCloseTo(5, 1);
    // At minute ~290 (last fit) the disk is at ~74 %: 26 points at 5 %/h ≈ 5.2 h.
    expect(disk.ttfSeconds! / 3600).toBeGreaterThan(4.8);
    expect(disk.ttfSeconds! / 3600).toBeLessThan(5.6);
    expect(at(last!.x, 'ttf.disk')).toBeCloseTo(Math.exp(-disk.ttfSeconds! / (4 * 3600)), 5);
    expect(at(last!.x, 'slope.disk')).toBeCloseTo(5, 1);
    expect(at(last!.x, 'slope1h.disk')).toBeCloseTo(5, 1);
    expect(at(last!.x, 'slope.memory')).toBeCloseTo(0, 6);
    // A flat memory gives no forecast at all.
    expect(last!.forecasts.find((f) => f.metric === 'mem.used_pct')).toBeUndefined();
    expect(at(last!.x, 'ttf.memory')).toBe(0);
  });

  it('measures each level against the host’s usual: steady is ~0, a jump is many σ', () => {
    const s = initialPredictorState();
    let x!: Float32Array;
    for (let m = 0; m < 600; m++) x = predictorStep(s, F + m * 60, vector(50, 20 + (m % 2))).x;
    expect(Math.abs(at(x, 'dev.cpu.total'))).toBeLessThan(1);
    x = predictorStep(s, F + 600 * 60, vector(50, 90)).x;
    expect(at(x, 'dev.cpu.total')).toBeGreaterThan(10);
    expect(at(x, 'cpu.total')).toBe(90);
    expect(at(x, 'swap.used_pct')).toBeNaN(); // missing stays missing
  });

  it('restarts after a gap of more than 10 minutes, with Δt in minutes otherwise', () => {
    const s = initialPredictorState();
    expect(predictorStep(s, F, vector(50))).toMatchObject({ reset: true, dt: 1 });
    expect(predictorStep(s, F + 60, vector(50))).toMatchObject({ reset: false, dt: 1 });
    expect(predictorStep(s, F + 60 + 150, vector(50))).toMatchObject({ reset: false, dt: 2.5 });
    expect(predictorStep(s, F + 60 + 150 + 11 * 60, vector(50))).toMatchObject({ reset: true, dt: 1 });
    expect(s.size).toBe(1);
  });

  it('keeps its state through JSON (stateToJson): a restored state gives the same inputs', () => {
    const s = initialPredictorState();
    for (let m = 0; m < 200; m++) predictorStep(s, F + m * 60, vector(50 + m / 30, 20 + (m % 5)));
    const copy = stateFromJson(stateToJson(s)) as PredictorState;
    expect(copy).toEqual(s);
    const a = predictorStep(s, F + 200 * 60, vector(57, 22));
    const b = predictorStep(copy, F + 200 * 60, vector(57, 22));
    expect(Array.from(b.x)).toEqual(Array.from(a.x));
  });
});

describe('traceSequences', () => {
  it('turns a scenario trace into one sequence per gap-free stretch, with targets from its label', () => {
    const trace = generateTrace({ seed: 21, scenario: 'memory_leak', days: 2 });
    const [seq, ...rest] = traceSequences({ hostId: trace.hostId, timestamps: trace.timestamps, series: trace.series, cores: trace.facts.cores, label: trace.label });
    expect(rest).toEqual([]);
    const T = trace.timestamps.length;
    expect(seq!.x.length).toBe(T * INPUT_COUNT);
    expect(seq!.dt.every((d) => d === 1)).toBe(true);
    const F = trace.label!.failureTs;
    const i = seq!.ts.findIndex((t) => t >= F - 1800);
    expect(Array.from(seq!.risk.subarray(i * 4, i * 4 + 4))).toEqual([0, 1, 1, 1]);
    expect(seq!.cls[i]).toBe(FAILURE_CLASSES.indexOf('memory_leak'));
    expect(seq!.ttf[i]).toBeCloseTo((F - seq!.ts[i]!) / 60, 3);
  });

  it('starts a new sequence after a gap in the trace', () => {
    const trace = generateTrace({ seed: 3, scenario: 'healthy', days: 1 });
    const keep = Array.from(trace.timestamps, (_, i) => i < 300 || i >= 330);
    const pick = (a: ArrayLike<number>) => Float64Array.from(Array.from(a).filter((_, i) => keep[i]));
    const series = Object.fromEntries(Object.entries(trace.series).map(([k, v]) => [k, pick(v)]));
    const seqs = traceSequences({ hostId: 'gappy', timestamps: pick(trace.timestamps), series, cores: trace.facts.cores, label: null });
    expect(seqs.map((s) => s.dt.length)).toEqual([300, trace.timestamps.length - 330]);
    expect(seqs[1]!.id).toBe('gappy#1');
  });
});
