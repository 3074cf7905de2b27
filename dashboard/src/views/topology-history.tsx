/** Drift, distance to the baseline and Betti numbers of a host over the range, from its analysed windows, growing live. */
import type { HostAnalysis, TopologyHistoryResponse } from '@aura/protocol';
import { useState } from 'hono/jsx/dom';
import { TimeChart, type SeriesSpec } from '../charts/time-chart.js';
import { appendWindow, driftCounts } from '../lib/topology-history.js';
import type { Session } from '../session.js';
import { Missing } from './status.js';
import { useSafeEffect } from '../lib/effect.js';

const CHARTS: Array<{ key: string; title: string; series: Array<SeriesSpec & { name: string }> }> = [
  { key: 'drift', title: 'Drift score and its threshold', series: [{ name: 'drift.score', label: 'drift score', color: '--c-1' }, { name: 'drift.threshold', label: 'threshold', color: '--c-5', dash: [6, 4] }] },
  { key: 'wasserstein', title: 'Distance to the baseline (Wasserstein)', series: [{ name: 'wasserstein', label: 'wasserstein', color: '--c-2' }] },
  { key: 'betti', title: 'Betti numbers', series: [{ name: 'betti.0', label: 'H0 groups', color: '--c-1', stepped: true }, { name: 'betti.1', label: 'H1 loops', color: '--c-2', stepped: true }] },
];

export function TopologyHistory(props: { session: Session; id: string; from: number; to: number; span: number; rangeLabel: string }) {
  const [history, setHistory] = useState<TopologyHistoryResponse | string | null>(null);

  useSafeEffect(() => {
    const path = `/api/v1/hosts/${encodeURIComponent(props.id)}/topology?from=${props.from}&to=${props.to}`;
    props.session.api.get<TopologyHistoryResponse>(path).then(setHistory, (e: Error) => setHistory(e.message));
    const onAnalysis = (a: HostAnalysis) => {
      if (a.hostId !== props.id || !a.topology) return;
      setHistory((h) => (h && typeof h !== 'string' ? appendWindow(h, a.ts, a.topology!, props.span) : h));
    };
    props.session.onAnalysis.add(onAnalysis);
    return () => props.session.onAnalysis.delete(onAnalysis);
  }, []);

  let body;
  if (history === null) body = <p class="muted">Loading…</p>;
  else if (typeof history === 'string') body = <Missing what="Topology history" why={history} />;
  else if (history.timestamps.length === 0) body = <Missing what="Topology history" why={`no analysed windows in the last ${props.rangeLabel}`} />;
  else {
    const n = driftCounts(history);
    body = (
      <div>
        <p data-testid="drift-summary">
          {String(n.windows)} analysed windows; {n.scored === 0 ? 'no drift score yet (the baseline is being learned)' : `${n.drifting} of the ${n.scored} scored past the drift threshold`}.
        </p>
        <div class="charts">
          {CHARTS.map((c) => {
            const present = c.series.filter((s) => history.series[s.name]?.some((v) => v !== null));
            return present.length === 0 ? (
              <Missing what={c.title} why="no values in this range yet" />
            ) : (
              <TimeChart key={c.key} title={c.title} testId={`history-${c.key}`} file={`${props.id}-${c.key}-${props.rangeLabel}`} series={present} data={[history.timestamps, ...present.map((s) => history.series[s.name]!)]} />
            );
          })}
        </div>
      </div>
    );
  }
  return (
    <section class="panel" aria-labelledby="drift-h" data-testid="topology-history">
      <h2 id="drift-h">Drift and topology over time</h2>
      {body}
    </section>
  );
}
