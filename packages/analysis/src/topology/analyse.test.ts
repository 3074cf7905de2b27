// Window topology on synthetic hosts: summaries, readings of loops and regimes, a baseline that
// is learned and then flags a new shape, and state that round-trips through JSON.
import { describe, expect, it } from 'vitest';
import { stateFromJson, stateToJson } from '../state-json.js';
import { WINDOWS_NEEDED, analyseTopology, initialTopologyState, type TopologyState } from './analyse.js';
import { healthy, makeWindow, memoryLoop, regimeShift } from './test-windows.js';

/** Run `count` windows of a shape through one host's state. */
function run(shape: Parameters<typeof makeWindow>[0], count: number, state = initialTopologyState(), seed0 = 1) {
  const results = [];
  for (let k = 0; k < count; k++) {
    const r = analyseTopology(makeWindow(shape, 60, seed0 + k, Date.UTC(2025, 0, 1) + k * 60_000), state);
    state = r.state;
    results.push(r);
  }
  return { results, state };
}

describe('analyseTopology', () => {
  it('says what is missing when the window is too short', () => {
    const r = analyseTopology(makeWindow(healthy, 10, 1), initialTopologyState());
    expect(r.summary).toBeNull();
    expect(r.summary === null && r.missing).toMatch(/10 of 20 samples/);
  });

  it('summarises a window: points, metrics, Betti numbers, entropy, landscape norms, diagrams', () => {
    const r = analyseTopology(makeWindow(healthy, 60, 7), initialTopologyState());
    const s = r.summary!;
    expect(s.points).toBe(60);
    expect(s.metrics).toContain('mem.used_pct');
    expect(s.metrics).not.toContain('cpu.steal'); // never present
    expect(s.betti[0]).toBeGreaterThanOrEqual(1);
    expect(s.entropy[0]).toBeGreaterThan(0);
    expect(s.landscape.l1).toHaveLength(2);
    expect(s.diagrams!.current[0]!.filter(([, d]) => d === null)).toHaveLength(1); // one component survives
    expect(s.drift).toMatchObject({ score: null, threshold: null, drifting: false, learned: 1, needed: WINDOWS_NEEDED });
    expect(s.diagrams!.baseline).toBeNull();
  });

  it('reads a memory/swap cycle as a loop of memory and swap, with its period', () => {
    const s = analyseTopology(makeWindow(memoryLoop(30), 90, 3), initialTopologyState()).summary!;
    const loop = s.features.find((f) => f.dim === 1);
    expect(loop, JSON.stringify(s.features)).toBeDefined();
    expect(loop!.metrics.slice(0, 2).sort()).toEqual(['mem.used_pct', 'swap.used_pct']);
    expect(loop!.reading).toMatch(/^memory and swap move in a loop \(about every 2\.[3-7] min\): periodic memory pressure$/);
  });

  it('reads a level shift as two regimes, since the moment it began', () => {
    const start = Date.UTC(2025, 0, 1, 14, 0);
    const s = analyseTopology(makeWindow(regimeShift(40), 60, 5, start), initialTopologyState()).summary!;
    const regime = s.features.find((f) => f.dim === 0);
    expect(regime, JSON.stringify(s.features)).toBeDefined();
    expect(regime!.since).toBe((start + 40 * 5000) / 1000);
    expect(regime!.metrics).toEqual(expect.arrayContaining(['mem.used_pct', 'cpu.total']));
    expect(regime!.reading).toMatch(/^the metrics split into two regimes since 14:03 UTC \(.*memory higher.*\)$/);
  });

  it('finds nothing to read in plain noise', () => {
    for (let seed = 1; seed <= 20; seed++) expect(analyseTopology(makeWindow(healthy, 60, seed), initialTopologyState()).summary!.features).toEqual([]);
  });

  it('learns a baseline from healthy windows, stays quiet on them, and flags a new shape as drift', () => {
    const learned = run(healthy, 200);
    const tail = learned.results.slice(WINDOWS_NEEDED);
    expect(tail.every((r) => r.summary?.drift.threshold !== null)).toBe(true);
    const falseDrifts = tail.filter((r) => r.summary?.drift.drifting).length;
    expect(falseDrifts).toBeLessThanOrEqual(2);
    expect(learned.results.at(-1)!.summary!.diagrams!.baseline).not.toBeNull();
    // A host that starts cycling memory and swap, or shifts regime, drifts.
    for (const shape of [memoryLoop(30), regimeShift(30)]) {
      const after = run(shape, 5, learned.state, 10_000).results;
      expect(after.every((r) => r.summary!.drift.drifting), JSON.stringify(after.map((r) => r.summary!.drift))).toBe(true);
    }
  });

  it('keeps its state through JSON (stateToJson): a restored state gives the same answers', () => {
    const { state } = run(healthy, WINDOWS_NEEDED + 5);
    const restored = stateFromJson(stateToJson(state)) as TopologyState;
    expect(restored).toEqual(state);
    const w = makeWindow(memoryLoop(30), 60, 99);
    expect(analyseTopology(w, restored)).toEqual(analyseTopology(w, state));
  });

  it('adapts when a new shape persists for hours (a deploy, a new workload)', () => {
    const learned = run(healthy, 80).state;
    const after = run(memoryLoop(30), 500, learned, 50_000).results;
    expect(after[5]!.summary!.drift.drifting).toBe(true);
    expect(after.slice(-20).filter((r) => r.summary!.drift.drifting).length).toBeLessThan(5);
  });
});
