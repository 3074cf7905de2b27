import type { TopologyHistoryResponse, TopologySummary } from '@aura/protocol';
import { describe, expect, it } from 'vitest';
import { appendWindow, driftCounts, historyRow } from './topology-history.js';

const summary = (score: number | null, drifting = false): TopologySummary => ({
  points: 60,
  metrics: ['cpu.total'],
  from: 0,
  to: 600,
  betti: [3, 1],
  entropy: [0.5, 0.1],
  totalPersistence: [2, 0.3],
  landscape: { l1: [1, 0.2], l2: [0.9, 0.1] },
  wasserstein: score === null ? null : score * 60,
  drift: { score, threshold: score === null ? null : 0.4, drifting, learned: 50, needed: 48 },
  features: [],
});

describe('topology history', () => {
  it('a window as the series of the history endpoint', () => {
    expect(historyRow(summary(0.5, true))).toMatchObject({ 'betti.0': 3, 'betti.1': 1, 'drift.score': 0.5, 'drift.threshold': 0.4, 'drift.drifting': 1, wasserstein: 30, 'landscape.l2.1': 0.1, points: 60, features: 0 });
  });

  it('appends newer windows only, keeps the range, and counts the drifting ones', () => {
    const h: TopologyHistoryResponse = { timestamps: [100, 200], series: { 'drift.score': [null, 0.1], 'drift.drifting': [0, 0], 'betti.1': [1, 2] } };
    const next = appendWindow(h, 300, summary(0.5, true), 150);
    expect(next.timestamps).toEqual([200, 300]);
    expect(next.series['drift.score']).toEqual([0.1, 0.5]);
    expect(next.series['betti.1']).toEqual([2, 1]);
    expect(next.series['entropy.0']).toEqual([null, 0.5]);
    expect(h.timestamps).toEqual([100, 200]);
    expect(appendWindow(next, 300, summary(0.9), 150)).toBe(next);
    expect(driftCounts(next)).toEqual({ windows: 2, drifting: 1, scored: 2 });
    expect(appendWindow({ timestamps: [], series: {} }, 5, summary(null), 60).timestamps).toEqual([5]);
  });
});
