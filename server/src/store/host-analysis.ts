/** A host file's analysis tables: topology history, council decisions, and the analysis state kept between windows. */
import type { CouncilDecision, HostAnalysis, TopologyHistoryResponse, TopologySummary } from '@aura/protocol';
import { stateFromJson, stateToJson } from '@aura/analysis';
import type { HostDb } from './host-db.js';

/** Series names of the topology history, and the column each comes from. */
export const TOPOLOGY_SERIES: ReadonlyArray<[series: string, column: string]> = [
  ['betti.0', 'betti0'],
  ['betti.1', 'betti1'],
  ['entropy.0', 'entropy0'],
  ['entropy.1', 'entropy1'],
  ['persistence.0', 'total0'],
  ['persistence.1', 'total1'],
  ['landscape.l1.0', 'l1_0'],
  ['landscape.l1.1', 'l1_1'],
  ['landscape.l2.0', 'l2_0'],
  ['landscape.l2.1', 'l2_1'],
  ['wasserstein', 'wasserstein'],
  ['drift.score', 'drift'],
  ['drift.threshold', 'threshold'],
  ['drift.drifting', 'drifting'],
  ['features', 'features'],
  ['points', 'points'],
];

const STATE_KEY = 'analysis.state';
const LATEST_KEY = 'analysis.latest';

/** Statements prepared once per open host file (preparing costs more than running them). */
const statements = new WeakMap<HostDb, ReturnType<typeof prepare>>();

function prepare(host: HostDb) {
  const db = host.db;
  return {
    topology: db.prepare(
      `INSERT OR REPLACE INTO topology (ts, points, betti0, betti1, entropy0, entropy1, total0, total1, l1_0, l1_1, l2_0, l2_1, wasserstein, drift, threshold, drifting, features)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    lastDecision: db.prepare('SELECT decision, kind FROM decision ORDER BY ts DESC LIMIT 1'),
    insertDecision: db.prepare('INSERT OR REPLACE INTO decision (ts, decision, kind, data) VALUES (?, ?, ?, ?)'),
    getState: db.prepare('SELECT value FROM state WHERE key = ?'),
    setState: db.prepare('INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)'),
  };
}

function stmts(host: HostDb): ReturnType<typeof prepare> {
  let s = statements.get(host);
  if (!s) statements.set(host, (s = prepare(host)));
  return s;
}

/** Store one window's topology numbers (idempotent on the window's end time). */
export function writeTopologyRow(host: HostDb, tsMs: number, s: TopologySummary): void {
  stmts(host).topology.run(
      tsMs,
      s.points,
      s.betti[0] ?? null,
      s.betti[1] ?? null,
      s.entropy[0] ?? null,
      s.entropy[1] ?? null,
      s.totalPersistence[0] ?? null,
      s.totalPersistence[1] ?? null,
      s.landscape.l1[0] ?? null,
      s.landscape.l1[1] ?? null,
      s.landscape.l2[0] ?? null,
      s.landscape.l2[1] ?? null,
      s.wasserstein,
      s.drift.score,
      s.drift.threshold,
      s.drift.drifting ? 1 : 0,
      s.features.length,
    );
}

/** Topology history between two times (unix ms, inclusive), columnar; at most `limit` rows, the newest kept. */
export function queryTopology(host: HostDb, fromMs: number, toMs: number, limit: number): TopologyHistoryResponse {
  const columns = TOPOLOGY_SERIES.map(([, c]) => c).join(', ');
  const rows = host.db
    .prepare(`SELECT ts, ${columns} FROM (SELECT * FROM topology WHERE ts >= ? AND ts <= ? ORDER BY ts DESC LIMIT ?) ORDER BY ts`)
    .all(fromMs, toMs, limit) as Array<Record<string, number | null>>;
  const series: TopologyHistoryResponse['series'] = {};
  for (const [name, column] of TOPOLOGY_SERIES) series[name] = rows.map((r) => r[column] ?? null);
  return { timestamps: rows.map((r) => r.ts! / 1000), series };
}

/** Record a decision when it differs from the previous one stored. */
export function writeDecisionIfChanged(host: HostDb, d: CouncilDecision): boolean {
  const last = stmts(host).lastDecision.get() as { decision: string; kind: string } | undefined;
  if (last && last.decision === d.decision && last.kind === d.kind) return false;
  stmts(host).insertDecision.run(Math.round(d.ts * 1000), d.decision, d.kind, JSON.stringify(d));
  return true;
}

/** The analysis state (typed arrays kept exact by stateToJson) and latest analysis kept between windows, in the state table. */
export function loadAnalysis(host: HostDb): { state: unknown; latest: HostAnalysis | null } {
  const get = stmts(host).getState;
  const state = get.get(STATE_KEY) as { value: string } | undefined;
  const latest = get.get(LATEST_KEY) as { value: string } | undefined;
  return { state: state ? stateFromJson(state.value) : undefined, latest: latest ? (JSON.parse(latest.value) as HostAnalysis) : null };
}

export function saveAnalysis(host: HostDb, state: unknown, latest: HostAnalysis | null): void {
  const set = stmts(host).setState;
  host.db.transaction(() => {
    set.run(STATE_KEY, stateToJson(state));
    if (latest) set.run(LATEST_KEY, JSON.stringify(latest));
  })();
}
