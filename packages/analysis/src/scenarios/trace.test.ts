import { FAILURE_CLASSES, deriveMetrics, type FailureClass, type Sample } from '@aura/protocol';
import { describe, expect, it } from 'vitest';
import { conditionHolds } from './conditions.js';
import { BENIGN_EVENTS } from './profile.js';
import { createScenarioHost } from './sim-host.js';
import { makeSuite, splitOfSeed, SPLITS } from './suite.js';
import { generateTrace, type Trace } from './trace.js';

/** First step time at which each class's condition holds. */
function firstConditions(t: Trace): Partial<Record<FailureClass, number>> {
  const out: Partial<Record<FailureClass, number>> = {};
  for (let i = 0; i < t.timestamps.length; i++) {
    const read = (m: string) => t.series[m]?.[i] ?? NaN;
    for (const c of FAILURE_CLASSES) if (out[c] === undefined && conditionHolds(c, read, t.facts)) out[c] = t.timestamps[i]!;
  }
  return out;
}

describe('generateTrace', () => {
  it('is deterministic: the same seed gives the same trace, another seed another', () => {
    const a = generateTrace({ seed: 11, scenario: 'memory_leak', days: 2 });
    const b = generateTrace({ seed: 11, scenario: 'memory_leak', days: 2 });
    const c = generateTrace({ seed: 12, scenario: 'memory_leak', days: 2 });
    expect(Object.keys(a.series)).toEqual(Object.keys(b.series));
    for (const k of Object.keys(a.series)) expect(b.series[k], k).toEqual(a.series[k]);
    expect(b.label).toEqual(a.label);
    expect(b.events).toEqual(a.events);
    expect(c.series['cpu.total']).not.toEqual(a.series['cpu.total']);
  });

  it('uses the dotted vocabulary with its units', () => {
    const t = generateTrace({ seed: 5, scenario: 'healthy', days: 1 });
    for (const m of ['cpu.total', 'cpu.user', 'cpu.system', 'cpu.iowait', 'cpu.steal', 'load.1', 'load.5', 'load.15', 'mem.used_pct', 'mem.available_bytes', 'swap.used_pct', 'tcp.established', 'proc.count']) {
      expect(t.series[m], m).toBeInstanceOf(Float64Array);
    }
    for (const d of t.facts.mounts) expect(t.series[`disk.${d.mount}.inodes_used_pct`]).toBeDefined();
    const i0 = t.facts.ifaces[0]!.name;
    for (const f of ['rx_bps', 'tx_bps', 'rx_errors', 'rx_drops']) expect(t.series[`net.${i0}.${f}`]).toBeDefined();
    for (const m of ['cpu.total', 'mem.used_pct', 'cpu.iowait']) for (const v of t.series[m]!) expect(v >= 0 && v <= 100, `${m} ${v}`).toBe(true);
    expect(t.timestamps[1]! - t.timestamps[0]!).toBe(60);
    expect(t.timestamps.length).toBe(1440);
  });

  it('keeps load following CPU and connections following traffic', () => {
    const t = generateTrace({ seed: 21, scenario: 'healthy', days: 3 });
    const rx = t.series[`net.${t.facts.ifaces[0]!.name}.rx_bps`]!;
    expect(correlation(t.series['tcp.established']!, rx)).toBeGreaterThan(0.5);
    expect(correlation(t.series['load.1']!, t.series['cpu.total']!)).toBeGreaterThan(0.5);
  });

  it('rejects options it cannot honour, naming them', () => {
    expect(() => generateTrace({ seed: 1, scenario: 'healthy', stepSeconds: 0 })).toThrow(/stepSeconds/);
    expect(() => generateTrace({ seed: 1, scenario: 'disk_fill', days: 1, failureAtMs: 0 })).toThrow(/failureAtMs/);
  });
});

describe('failure scenarios', () => {
  for (const cls of FAILURE_CLASSES) {
    it(`${cls}: the condition first holds at the labelled time, no condition before, the host recovers`, () => {
      for (const [seed, abrupt] of [[1, false], [2, false], [3, false], [4, true], [5, true]] as const) {
        const t = generateTrace({ seed, scenario: cls, days: 3, abrupt });
        const L = t.label!;
        expect(L.class).toBe(cls);
        const first = firstConditions(t);
        expect(first[cls], `${cls} seed ${seed}`).toBe(L.failureTs);
        for (const [c, ts] of Object.entries(first)) expect(ts, `${c} before ${cls} (seed ${seed})`).toBeGreaterThanOrEqual(L.failureTs);
        expect(L.abrupt).toBe(abrupt);
        if (abrupt) expect(L.failureTs - L.precursorStartTs).toBeLessThan(900);
        else expect(L.failureTs - L.precursorStartTs).toBeGreaterThanOrEqual(900);
        // After recovery (and a settling hour) the condition no longer holds.
        const after = t.timestamps.findIndex((x) => x >= L.recoveryTs + 3600);
        if (after > 0) expect(conditionHolds(cls, (m) => t.series[m]![after]!, t.facts)).toBe(false);
        expect(t.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['precursor', 'failure', 'recovery']));
      }
    });
  }

  it('the trace equals the same host without the failure until the precursor starts (so abrupt means no precursor)', () => {
    for (const cls of FAILURE_CLASSES) {
      for (const abrupt of [false, true]) {
        const seed = cls === 'swap_thrash' ? 5 : 7;
        const sick = generateTrace({ seed, scenario: cls, days: 2, abrupt });
        const well = generateTrace({ seed, scenario: 'healthy', days: 2 });
        if (sick.facts.swapBytes !== well.facts.swapBytes) continue;
        const P = sick.label!.precursorStartTs;
        const n = sick.timestamps.findIndex((x) => x >= P);
        expect(n, cls).toBeGreaterThan(10);
        for (const k of Object.keys(well.series)) expect(sick.series[k]!.subarray(0, n), `${cls} ${k}`).toEqual(well.series[k]!.subarray(0, n));
        // And it does differ once the precursor has run a while.
        const F = sick.timestamps.indexOf(sick.label!.failureTs);
        expect(Object.keys(well.series).some((k) => sick.series[k]![F] !== well.series[k]![F])).toBe(true);
      }
    }
  });
});

describe('healthy hosts', () => {
  it('never reach a failure condition, through every hard but benign event', () => {
    let hosts = 0;
    for (const benign of BENIGN_EVENTS) {
      for (let seed = 100; seed < 104; seed++) {
        const t = generateTrace({ seed: seed * 31 + benign.length, scenario: 'healthy', days: 4, benign: [benign], ...(benign === 'jvm-high' ? { persona: 'jvm' as const } : {}) });
        expect(firstConditions(t), `${benign} seed ${seed}`).toEqual({});
        hosts++;
      }
    }
    expect(hosts).toBe(BENIGN_EVENTS.length * 4);
  });

  it('live through the benign events they were given (backup to 85–88 %, memory high but flat, CPU pinned)', () => {
    const backup = generateTrace({ seed: 41, scenario: 'healthy', days: 3, benign: ['backup-peak'] });
    const data = backup.series[`disk.${backup.facts.mounts[1]!.mount}.used_pct`]!;
    expect(Math.max(...data)).toBeGreaterThan(84);
    expect(Math.max(...data)).toBeLessThan(89);
    const jvm = generateTrace({ seed: 42, scenario: 'healthy', days: 3, benign: ['jvm-high'], persona: 'jvm' });
    const mem = jvm.series['mem.used_pct']!.subarray(600);
    expect(Math.min(...mem)).toBeGreaterThan(80);
    expect(Math.max(...mem)).toBeLessThan(95);
    const batch = generateTrace({ seed: 43, scenario: 'healthy', days: 3, benign: ['batch-cpu'] });
    expect([...batch.series['cpu.total']!].filter((v) => v > 95).length).toBeGreaterThanOrEqual(20);
  });
});

describe('makeSuite', () => {
  it('gives every split disjoint host seeds, named by seed mod 3', () => {
    const seen = new Map<number, string>();
    for (const suiteSeed of [1, 2, 3]) {
      for (const split of SPLITS) {
        for (const e of makeSuite({ seed: suiteSeed, hosts: 300, split })) {
          expect(splitOfSeed(e.options.seed)).toBe(split);
          const prev = seen.get(e.options.seed);
          if (prev !== undefined) expect(prev).toBe(split);
          seen.set(e.options.seed, split);
        }
      }
    }
  });

  it('is reproducible and mixes healthy hosts with every class, some abrupt', () => {
    const a = makeSuite({ seed: 9, hosts: 160, split: 'test' });
    expect(makeSuite({ seed: 9, hosts: 160, split: 'test' })).toEqual(a);
    const failing = a.filter((e) => e.options.scenario !== 'healthy');
    expect(failing.length).toBe(80);
    for (const c of FAILURE_CLASSES) expect(failing.filter((e) => e.options.scenario === c).length).toBe(10);
    const abrupt = failing.filter((e) => e.options.abrupt).length;
    expect(abrupt).toBeGreaterThan(5);
    expect(abrupt).toBeLessThan(20);
    expect(a.filter((e) => e.options.scenario === 'healthy').every((e) => (e.options.benign ?? []).length > 0)).toBe(true);
  });
});

describe('createScenarioHost', () => {
  it("reports counters that derive back (through the server's deriveMetrics) to the trace model's values", () => {
    for (const [cls, seed] of [['disk_fill', 3], ['network_saturation', 4], ['cpu_runaway', 6]] as const) {
      const startMs = Date.UTC(2026, 0, 5);
      const t = generateTrace({ seed, scenario: cls, days: 0.25, stepSeconds: 5, startMs });
      const host = createScenarioHost({ id: t.hostId, seed, startMs, failure: { cls, atMs: t.label!.failureTs * 1000 } });
      expect(host.label).toEqual(t.label);
      let prev: Sample | undefined;
      let checked = 0;
      const bad: string[] = [];
      for (let i = 0; i < t.timestamps.length; i++) {
        const s = host.sample(t.timestamps[i]! * 1000);
        if (!Object.values(s.counters).every((v) => Number.isInteger(v) && v >= 0)) bad.push(`counters at ${i}`);
        if (prev) {
          const d = deriveMetrics(prev, s);
          for (const k of Object.keys(t.series)) {
            const want = t.series[k]![i]!;
            if (!(Math.abs(d[k]! - want) <= 1e-9 * Math.max(1, Math.abs(want)))) bad.push(`${k} at step ${i}: ${d[k]} vs ${want}`);
          }
          checked++;
        }
        prev = s;
      }
      expect(bad.slice(0, 5)).toEqual([]);
      expect(checked).toBe(t.timestamps.length - 1);
    }
  });
});

function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]! / n;
    mb += b[i]! / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
