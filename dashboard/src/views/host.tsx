/** One host: status and facts, charts over a range (live for short ones), the analysis, drift over time, CSV export. */
import type { AnalysisResponse, HostAnalysis, HostSummary } from '@aura/protocol';
import { useState } from 'hono/jsx/dom';
import { formatAgo, formatBytes } from '../lib/format.js';
import { RANGE_SECONDS, RANGES, formatRoute, type Range } from '../lib/route.js';
import type { Session } from '../session.js';
import { CouncilPanel, PredictionPanel, Recommendations, TopologyPanel, missingAbout } from './analysis-panels.js';
import { HostCharts } from './host-charts.js';
import { Missing, StatusBadge } from './status.js';
import { TopologyHistory } from './topology-history.js';
import { useSafeEffect } from '../lib/effect.js';

type HostDetail = HostSummary & { facts: { kernel?: string; cpu?: { model?: string } } };

/** The parts an analysis carries drop their old "missing" notes (the stream's analyses come without notes). */
function stillMissing(missing: string[], a: HostAnalysis): string[] {
  const has: Record<string, boolean> = { topology: a.topology !== null, prediction: a.prediction !== null, forecasts: a.forecasts.length > 0, council: a.council !== null };
  return missing.filter((m) => !Object.entries(has).some(([part, present]) => present && missingAbout([m], part).length > 0));
}

export function HostView(props: { session: Session; id: string; range: Range }) {
  const { session, id, range } = props;
  const [host, setHost] = useState<HostDetail | null>(null);
  const [hostError, setHostError] = useState<string | null>(null);
  const [analysis, setAnalysis] = useState<{ a: HostAnalysis | null; missing: string[] } | string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const live = session.fleet.hosts.get(id);
  const path = `/api/v1/hosts/${encodeURIComponent(id)}`;
  const [now] = useState(() => Math.floor(Date.now() / 1000));
  const from = now - RANGE_SECONDS[range];

  useSafeEffect(() => {
    session.watch(id);
    session.api.get<{ host: HostDetail }>(path).then((b) => setHost(b.host), (e: Error) => setHostError(e.message));
    session.api.get<AnalysisResponse>(`${path}/analysis`).then(
      (b) => setAnalysis({ a: b.analysis, missing: b.missing }),
      (e: Error) => setAnalysis(e.message),
    );
    const onAnalysis = (a: HostAnalysis) => {
      if (a.hostId === id) setAnalysis((cur) => ({ a, missing: cur && typeof cur !== 'string' ? stillMissing(cur.missing, a) : [] }));
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
  const a = analysis && typeof analysis !== 'string' ? analysis.a : null;
  const missing = analysis && typeof analysis !== 'string' ? analysis.missing : [];
  const silent = live ? session.fleet.isSilent(live) : false;
  const known = ['topology', 'prediction', 'forecasts', 'council'];
  const other = missing.filter((m) => !known.some((p) => missingAbout([m], p).length > 0));
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
      <div class="analysis">
        {analysis === null && <p class="muted">Loading the analysis…</p>}
        {typeof analysis === 'string' && <Missing what="Analysis" why={analysis} />}
        {analysis !== null && typeof analysis !== 'string' && !a && <Missing what="Analysis" why={missing.length ? missing.join('; ') : 'this host has not been analysed yet (it needs a window of samples)'} />}
        {a && other.map((m) => <Missing what="Analysis" why={m} />)}
        {analysis !== null && typeof analysis !== 'string' && (
          <div class="panels">
            <CouncilPanel analysis={a} />
            <PredictionPanel analysis={a} missing={missing} />
            <Recommendations analysis={a} />
            <TopologyPanel analysis={a} missing={missing} />
          </div>
        )}
      </div>
      <TopologyHistory session={session} id={id} from={from} to={now} span={RANGE_SECONDS[range]} rangeLabel={range} />
    </article>
  );
}
