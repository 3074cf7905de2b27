/** The topology history as the API returns it (columnar), grown live from the stream's analyses. Pure: no DOM. */
import type { TopologyHistoryResponse, TopologySummary } from '@aura/protocol';

/** One analysed window as the history's series (the names of `GET /hosts/:id/topology`). */
export function historyRow(t: TopologySummary): Record<string, number | null> {
  const row: Record<string, number | null> = {
    wasserstein: t.wasserstein,
    'drift.score': t.drift.score,
    'drift.threshold': t.drift.threshold,
    'drift.drifting': t.drift.drifting ? 1 : 0,
    features: t.features.length,
    points: t.points,
  };
  t.betti.forEach((v, k) => (row[`betti.${k}`] = v));
  t.entropy.forEach((v, k) => (row[`entropy.${k}`] = v));
  t.totalPersistence.forEach((v, k) => (row[`persistence.${k}`] = v));
  t.landscape.l1.forEach((v, k) => (row[`landscape.l1.${k}`] = v));
  t.landscape.l2.forEach((v, k) => (row[`landscape.l2.${k}`] = v));
  return row;
}

/**
 * The history with a newer window appended (a copy; an older or repeated window changes nothing),
 * keeping at most `keepSeconds` before the newest.
 * @example appendWindow(history, analysis.ts, analysis.topology, 3600)
 */
export function appendWindow(h: TopologyHistoryResponse, ts: number, t: TopologySummary, keepSeconds: number): TopologyHistoryResponse {
  const last = h.timestamps.at(-1);
  if (last !== undefined && ts <= last) return h;
  const row = historyRow(t);
  const names = new Set([...Object.keys(h.series), ...Object.keys(row)]);
  const cut = h.timestamps.findIndex((x) => x >= ts - keepSeconds);
  const from = cut < 0 ? h.timestamps.length : cut;
  const series: TopologyHistoryResponse['series'] = {};
  for (const n of names) series[n] = [...(h.series[n] ?? new Array<null>(h.timestamps.length).fill(null)).slice(from), row[n] ?? null];
  return { timestamps: [...h.timestamps.slice(from), ts], series };
}

/** Windows shown, and those past the drift threshold. */
export function driftCounts(h: TopologyHistoryResponse): { windows: number; drifting: number; scored: number } {
  const d = h.series['drift.drifting'] ?? [];
  const s = h.series['drift.score'] ?? [];
  return { windows: h.timestamps.length, drifting: d.filter((v) => v === 1).length, scored: s.filter((v) => v !== null).length };
}
