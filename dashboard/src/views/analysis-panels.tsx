/** The latest analysis of a host in words and tables: council votes, predictions, forecasts, topology, recommendations. */
import { HORIZONS, type AnalysisResponse, type HostAnalysis, type TopologySummary } from '@aura/protocol';
import { formatDuration, formatRisk, formatTime } from '../lib/format.js';
import { Missing, StatusBadge } from './status.js';

export function CouncilPanel(props: { analysis: HostAnalysis | null }) {
  const c = props.analysis?.council ?? null;
  if (!c) return <Missing what="Council" why="no decision yet for this host (the council has not voted on an analysed window)" />;
  return (
    <section class="panel" aria-labelledby="council-h" data-testid="council">
      <h2 id="council-h">
        Council: <StatusBadge status={c.decision} /> <span class="muted">{c.kind}</span>
      </h2>
      <p>{c.summary}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">Analyser</th>
            <th scope="col">Vote</th>
            <th scope="col">Confidence</th>
            <th scope="col">About</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {c.votes.map((v) => (
            <tr>
              <td>{v.analyser}</td>
              <td>
                <StatusBadge status={v.severity} />
              </td>
              <td class="num">{formatRisk(v.confidence)}</td>
              <td>{v.kind}</td>
              <td>
                <ul class="evidence">
                  {v.evidence.map((e) => (
                    <li>{e}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">Decided at {formatTime(c.ts)} (event time).</p>
    </section>
  );
}

export function PredictionPanel(props: { analysis: HostAnalysis | null }) {
  const p = props.analysis?.prediction ?? null;
  const forecasts = props.analysis?.forecasts ?? [];
  return (
    <section class="panel" aria-labelledby="pred-h" data-testid="predictions">
      <h2 id="pred-h">Predictions</h2>
      {p ? (
        <>
          <table>
            <thead>
              <tr>
                {HORIZONS.map((h) => (
                  <th scope="col">within {h}</th>
                ))}
                <th scope="col">time to failure</th>
                <th scope="col">class</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                {HORIZONS.map((h) => (
                  <td class="num">{formatRisk(p.risk[h])}</td>
                ))}
                <td class="num">{p.ttfSeconds === null ? 'none expected' : formatDuration(p.ttfSeconds)}</td>
                <td>{p.class ? `${p.class} (${formatRisk(p.classProbability)})` : '—'}</td>
              </tr>
            </tbody>
          </table>
          <h3>What drove it</h3>
          {p.drivers.length === 0 ? (
            <p class="muted">The model reported no drivers.</p>
          ) : (
            <ul class="drivers">
              {p.drivers.map((d) => (
                <li>
                  <span>{d.input}</span> <span class="num">{d.effect >= 0 ? '+' : ''}{d.effect.toFixed(3)}</span>
                </li>
              ))}
            </ul>
          )}
          <p class="muted">Model {p.model}</p>
        </>
      ) : (
        <Missing what="Prediction" why="the predictor has not produced one for this host yet" />
      )}
      <h3>Forecasts (robust trends)</h3>
      {forecasts.length === 0 ? (
        <Missing what="Forecasts" why="none yet (they need enough history of each metric)" />
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">Now</th>
              <th scope="col">Threshold</th>
              <th scope="col">Per hour</th>
              <th scope="col">Reaches it in</th>
            </tr>
          </thead>
          <tbody>
            {forecasts.map((f) => (
              <tr>
                <td>{f.metric}</td>
                <td class="num">{f.value.toFixed(1)}</td>
                <td class="num">{f.threshold}</td>
                <td class="num">{f.slopePerHour.toFixed(2)}</td>
                <td class="num">{f.ttfSeconds === null ? 'not heading there' : formatDuration(f.ttfSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function TopologyNumbers(props: { t: TopologySummary }) {
  const t = props.t;
  const row = (label: string, xs: number[]) => (
    <tr>
      <th scope="row">{label}</th>
      {xs.map((x) => (
        <td class="num">{Number.isInteger(x) ? x : x.toFixed(3)}</td>
      ))}
    </tr>
  );
  return (
    <table>
      <thead>
        <tr>
          <th />
          {t.betti.map((_, d) => (
            <th scope="col">H{d}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {row('Betti', t.betti)}
        {row('Entropy', t.entropy)}
        {row('Total persistence', t.totalPersistence)}
        {row('Landscape L2', t.landscape.l2)}
      </tbody>
    </table>
  );
}

export function TopologyPanel(props: { analysis: HostAnalysis | null; missing: string[] }) {
  const t = props.analysis?.topology ?? null;
  if (!t) {
    const why = props.missing.find((m) => m.startsWith('topology')) ?? 'no topological analysis of this host yet';
    return <Missing what="Topology" why={why} />;
  }
  return (
    <section class="panel" aria-labelledby="topo-h" data-testid="topology">
      <h2 id="topo-h">Shape of the current window</h2>
      <p class="muted">
        {String(t.points)} points over {t.metrics.join(', ')}, {formatTime(t.from)} – {formatTime(t.to)}
      </p>
      <TopologyNumbers t={t} />
      <p>
        Distance to this host's baseline (Wasserstein): {t.wasserstein === null ? 'baseline still being learned' : t.wasserstein.toFixed(3)}; drift{' '}
        {t.drift.score === null ? `learning (${t.drift.learned} of ${t.drift.needed} windows)` : `${t.drift.score.toFixed(3)} against ${t.drift.threshold?.toFixed(3) ?? '—'}${t.drift.drifting ? ' — drifting' : ''}`}
      </p>
      <Missing what="Persistence diagram and Betti curves" why="the analysis response carries the summary numbers above, not the diagram's points or the curves yet" />
      <h3>Longest-lived features</h3>
      {t.features.length === 0 ? (
        <p class="muted">No feature stands out in this window.</p>
      ) : (
        <ul class="features">
          {t.features.map((f) => (
            <li>
              <strong>H{String(f.dim)}</strong> {f.reading} <span class="muted">(persistence {f.persistence.toFixed(3)}; {f.metrics.join(', ')})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Recommendations(props: { analysis: HostAnalysis | null }) {
  const a = props.analysis;
  const recs = [
    ...(a?.prediction?.recommendation ? [a.prediction.recommendation] : []),
    ...(a?.council?.votes ?? []).filter((v) => v.severity !== 'ok' && v.recommendation).map((v) => `${v.analyser}: ${v.recommendation}`),
  ];
  return (
    <section class="panel" aria-labelledby="rec-h">
      <h2 id="rec-h">Recommendations</h2>
      {recs.length === 0 ? <p class="muted">Nothing to do{a ? '' : ' that the analysis knows of yet'}.</p> : <ul>{[...new Set(recs)].map((r) => <li>{r}</li>)}</ul>}
    </section>
  );
}

export type { AnalysisResponse };
