/** One host: status and facts, charts over a range (live for short ones), the analysis, drift over time, CSV export. */
import type { AnalysisResponse, HostAnalysis, HostSummary, TopologyHistoryResponse } from '@aura/protocol';
import { useEffect, useState } from 'hono/jsx/dom';
import { ApiError } from '../api/client.js';
import { TimeChart } from '../charts/time-chart.js';
import { formatAgo, formatBytes } from '../lib/format.js';
import { RANGE_SECONDS, RANGES, formatRoute, type Range } from '../lib/route.js';
import type { Session } from '../session.js';
import { CouncilPanel, PredictionPanel, Recommendations, TopologyPanel } from './analysis-panels.js';
import { HostCharts } from './host-charts.js';
import { Missing, StatusBadge } from './status.js';

type HostDetail = HostSummary & { facts: { kernel?: string; cpu?: { model?: string } } };

/** Explain a failed optional endpoint: 404 means that part of the server is not there (yet). */
function why(e: unknown, what: string): string {
  if (e instanceof ApiError && e.status === 404 && !/no host/.test(e.message)) return `this server has no ${what} endpoint yet (${e.path} answered 404)`;
  return (e as Error).message;
}

export function HostView(props: { session: Session; id: string; range: Range }) {
  const { session, id, range } = props;
  const [host, setHost] = useState<HostDetail | null>(null);
  const [hostError, setHostError] = useState<string | null>(null);
  const [analysis, setAnalysis] = useState<{ a: HostAnalysis | null; missing: string[] } | null>(null);
  const [history, setHistory] = useState<TopologyHistoryResponse | string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const live = session.fleet.hosts.get(id);
  const path = `/api/v1/hosts/${encodeURIComponent(id)}`;
  const now = Math.floor(Date.now() / 1000);
  const from = now - RANGE_SECONDS[range];

  useEffect(() => {
    session.watch(id);
    session.api.get<{ host: HostDetail }>(path).then((b) => setHost(b.host), (e: Error) => setHostError(e.message));
    session.api.get<AnalysisResponse>(`${path}/analysis`).then(
      (b) => setAnalysis({ a: b.analysis, missing: b.missing }),
      (e) => setAnalysis({ a: null, missing: [`analysis: ${why(e, 'analysis')}`, `topology: ${why(e, 'analysis')}`] }),
    );
    session.api.get<TopologyHistoryResponse>(`${path}/topology?from=${from}&to=${now}`).then(setHistory, (e) => setHistory(why(e, 'topology history')));
    const onAnalysis = (a: HostAnalysis) => {
      if (a.hostId === id) setAnalysis((cur) => ({ a, missing: cur?.missing ?? [] }));
    };
    session.onAnalysis.add(onAnalysis);
    return () => {
      session.onAnalysis.delete(onAnalysis);
      session.watch(null);
    };
  }, []);

  const exportCsv = () => {
    setExportError(null);
    session.api.download(`/api/v1/export.csv?host=${encodeURIComponent(id)}&from=${from}&to=${now}`, `${id}-${range}.csv`).catch((e: Error) => setExportError(e.message));
  };

  if (hostError) return <Missing what={`Host ${id}`} why={hostError} />;
  const a = analysis?.a ?? null;
  const silent = live ? session.fleet.isSilent(live) : false;
  return (
    <article class="host" aria-labelledby="host-h">
      <header class="host-head">
        <a href="#/" class="back">
          ← Fleet
        </a>
        <h1 id="host-h" data-testid="host-name">
          {host?.hostname ?? live?.hostname ?? id}
        </h1>
        <StatusBadge status={live?.status ?? a?.council?.decision ?? null} silent={silent} />
        <span class="muted">
          {host ? `${host.os} · ${host.kernel} · ${host.arch} · ${host.cores} cores · ${formatBytes(host.memoryBytes)}` : ''} · last seen{' '}
          {formatAgo(live?.lastSeen ?? host?.lastSeen ?? null, session.fleet.serverTime || now)}
        </span>
      </header>
      <nav class="ranges" aria-label="Time range">
        {RANGES.map((r) => (
          <a href={formatRoute({ view: 'host', id, range: r })} aria-current={r === range ? 'true' : undefined}>
            {r}
          </a>
        ))}
        <button type="button" onClick={exportCsv}>
          Export CSV
        </button>
        {exportError && (
          <span class="error" role="alert">
            {exportError}
          </span>
        )}
      </nav>
      <HostCharts session={session} id={id} range={range} />
      <div class="panels">
        <CouncilPanel analysis={a} />
        <PredictionPanel analysis={a} />
        <TopologyPanel analysis={a} missing={analysis?.missing ?? []} />
        <Recommendations analysis={a} />
      </div>
      <section class="panel" aria-labelledby="drift-h">
        <h2 id="drift-h">Drift and topology over time</h2>
        {history === null ? (
          <p class="muted">Loading…</p>
        ) : typeof history === 'string' ? (
          <Missing what="Topology history" why={history} />
        ) : history.timestamps.length === 0 ? (
          <Missing what="Topology history" why={`no analysed windows in the last ${range}`} />
        ) : (
          <div class="charts">
            {[
              ['drift', 'Drift score and threshold', ['drift.score', 'drift.threshold', 'wasserstein']],
              ['betti', 'Betti numbers and entropy', ['betti.0', 'betti.1', 'entropy.0', 'entropy.1']],
            ].map(([key, title, names]) => {
              const present = (names as string[]).filter((n) => history.series[n]);
              return present.length === 0 ? null : (
                <TimeChart key={key as string} title={title as string} file={`${id}-${key as string}-${range}`} series={present.map((n) => ({ label: n }))} data={[history.timestamps, ...present.map((n) => history.series[n]!)]} />
              );
            })}
          </div>
        )}
      </section>
    </article>
  );
}
