/** The latest analysis of a host in words, tables and diagrams: council votes, predictions, forecasts, topology, recommendations. */
import { HORIZONS, type HostAnalysis, type TopologySummary } from '@aura/protocol';
import { PersistenceDiagram } from '../charts/persistence-diagram.js';
import { TimeChart } from '../charts/time-chart.js';
import { formatDuration, formatRisk, formatTime } from '../lib/format.js';
import { bettiCurves, diagramExtent } from '../lib/topology.js';
import { Missing, StatusBadge } from './status.js';
import { VotesTable } from './votes.js';

/** The `missing` notes about one part ("topology: 12 of 20 samples…" → topology). */
export function missingAbout(missing: string[], part: string): string[] {
  return missing.filter((m) => m.startsWith(`${part}:`) || m.startsWith(`${part},`) || m.startsWith(`${part} `));
}

function MissingNotes(props: { what: string; notes: string[]; fallback: string }) {
  if (props.notes.length === 0) return <Missing what={props.what} why={props.fallback} />;
  return (
    <div class="missing-notes">
      {props.notes.map((n) => (
        <Missing what={props.what} why={n.replace(/^[^:]*:\s*/, '')} />
      ))}
    </div>
  );
}

export function CouncilPanel(props: { analysis: HostAnalysis | null }) {
  const c = props.analysis?.council ?? null;
  if (!c) return <Missing what="Council" why="no decision yet for this host (the council votes on each analysed window)" />;
  return (
    <section class="panel panel-wide" aria-labelledby="council-h" data-testid="council">
      <h2 id="council-h">
        Council: <StatusBadge status={c.decision} /> <span class="muted">{c.kind}</span>
      </h2>
      <p class="council-summary">{c.summary}</p>
      <VotesTable votes={c.votes} />
      {c.concerns && c.concerns.length > 0 && (
        <div class="concerns-block">
          <h3>Levels per kind</h3>
          <table class="concerns">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Level</th>
                <th scope="col">Quorum now</th>
                <th scope="col">Since</th>
                <th scope="col">Waiting</th>
              </tr>
            </thead>
            <tbody>
              {c.concerns.map((k) => (
                <tr>
                  <td>{k.kind}</td>
                  <td>
                    <StatusBadge status={k.severity} />
                  </td>
                  <td>
                    <StatusBadge status={k.raw} />
                  </td>
                  <td>{formatTime(k.since)}</td>
                  <td>{k.pending ? `${k.pending.severity} since ${formatTime(k.pending.since)} (its "for" not yet elapsed)` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="muted">Decided at {formatTime(c.ts)} (event time).</p>
    </section>
  );
}

export function PredictionPanel(props: { analysis: HostAnalysis | null; missing: string[] }) {
  const p = props.analysis?.prediction ?? null;
  const forecasts = props.analysis?.forecasts ?? [];
  return (
    <section class="panel" aria-labelledby="pred-h" data-testid="predictions">
      <h2 id="pred-h">Predictions</h2>
      {p ? (
        <div class="prediction">
          <table class="risk">
            <thead>
              <tr>
                {HORIZONS.map((h) => (
                  <th scope="col">fails within {h}</th>
                ))}
                <th scope="col">time to failure</th>
                <th scope="col">class</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                {HORIZONS.map((h) => (
                  <td class="num" data-horizon={h}>
                    {formatRisk(p.risk[h])}
                  </td>
                ))}
                <td class="num" data-testid="ttf">
                  {p.ttfSeconds === null ? 'none expected' : formatDuration(p.ttfSeconds)}
                </td>
                <td>{p.class ? `${p.class.replace(/_/g, ' ')} (${formatRisk(p.classProbability)} sure)` : 'none'}</td>
              </tr>
            </tbody>
          </table>
          <h3>What drove it</h3>
          {p.drivers.length === 0 ? (
            <p class="muted">The model explains its risk only when it is worth explaining; none to explain now.</p>
          ) : (
            <ul class="drivers">
              {p.drivers.map((d) => (
                <li>
                  <span>{d.input}</span> <span class="muted">{d.effect >= 0 ? 'raises' : 'lowers'} the risk</span>{' '}
                  <span class="num">
                    ({d.effect >= 0 ? '+' : ''}
                    {d.effect.toFixed(3)})
                  </span>
                </li>
              ))}
            </ul>
          )}
          {p.recommendation && <p class="recommendation">What to do: {p.recommendation}</p>}
          <p class="muted">Model {p.model}</p>
        </div>
      ) : (
        <MissingNotes what="Prediction" notes={missingAbout(props.missing, 'prediction')} fallback="the predictor has not produced one for this host yet" />
      )}
      <h3>Forecasts (robust trends)</h3>
      {forecasts.length === 0 ? (
        <MissingNotes what="Forecasts" notes={missingAbout(props.missing, 'forecasts')} fallback="none in this window (they need enough history of each metric)" />
      ) : (
        <table class="forecasts">
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
                <td class="num">{String(f.threshold)}</td>
                <td class="num">
                  {f.slopePerHour >= 0 ? '+' : ''}
                  {f.slopePerHour.toFixed(2)}
                </td>
                <td class="num">{f.ttfSeconds === null ? 'not heading there' : f.ttfSeconds === 0 ? 'already there' : formatDuration(f.ttfSeconds)}</td>
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
        <td class="num">{Number.isInteger(x) ? String(x) : x.toFixed(3)}</td>
      ))}
    </tr>
  );
  return (
    <table class="topo-numbers">
      <thead>
        <tr>
          <td />
          {t.betti.map((_, d) => (
            <th scope="col">H{String(d)}</th>
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

function Diagrams(props: { t: TopologySummary; host: string }) {
  const d = props.t.diagrams;
  if (!d) return <Missing what="Persistence diagram" why="this analysis carries the summary numbers only (diagrams come with the newest window)" />;
  const extent = diagramExtent([d.current, d.baseline]);
  const curves = bettiCurves(d.current, d.baseline);
  return (
    <div class="diagrams">
      <div class="pd-pair">
        <PersistenceDiagram title="Current window" diagram={d.current} extent={extent} testId="pd-current" />
        {d.baseline ? (
          <PersistenceDiagram title="Baseline (typical healthy window)" diagram={d.baseline} extent={extent} testId="pd-baseline" />
        ) : (
          <Missing what="Baseline diagram" why={`the host's baseline is still being learned (${props.t.drift.learned} of ${props.t.drift.needed} windows)`} />
        )}
      </div>
      <div class="charts">
        {[0, 1].map((dim) => {
          const series = curves.series.filter((x) => x.dim === dim);
          return (
            <TimeChart
              key={`betti-${dim}`}
              title={dim === 0 ? 'Betti curve H0: groups alive at each scale' : 'Betti curve H1: loops alive at each scale'}
              testId={`betti-curve-${dim}`}
              file={`${props.host}-betti-curve-h${dim}`}
              xTime={false}
              xLabel="scale"
              height={160}
              series={series.map((x) => ({ label: x.label, stepped: true, ...(x.baseline ? { color: '--c-2', dash: [6, 4] } : { color: '--c-1' }) }))}
              data={[curves.scales, ...series.map((x) => x.values)]}
            />
          );
        })}
      </div>
    </div>
  );
}

export function TopologyPanel(props: { analysis: HostAnalysis | null; missing: string[] }) {
  const t = props.analysis?.topology ?? null;
  if (!t) return <MissingNotes what="Topology" notes={missingAbout(props.missing, 'topology')} fallback="no topological analysis of this host yet" />;
  const drift = t.drift;
  return (
    <section class="panel panel-wide" aria-labelledby="topo-h" data-testid="topology">
      <h2 id="topo-h">Shape of the current window</h2>
      <p class="muted">
        {String(t.points)} points over {t.metrics.join(', ')}; {formatTime(t.from)} – {formatTime(t.to)}
      </p>
      <TopologyNumbers t={t} />
      <p data-testid="drift-now">
        Distance to this host's baseline (Wasserstein): {t.wasserstein === null ? 'none yet, the baseline is being learned' : t.wasserstein.toFixed(3)}; drift score{' '}
        {drift.score === null ? `not yet (learning, ${drift.learned} of ${drift.needed} windows)` : drift.score.toFixed(3)}
        {drift.score !== null && (drift.threshold === null ? `, its threshold still being learned (${drift.learned} of ${drift.needed} windows)` : ` against a threshold of ${drift.threshold.toFixed(3)}`)}
        {drift.drifting ? ': drifting' : ''}.
      </p>
      <Diagrams t={t} host={props.analysis!.hostId} />
      <h3>Longest-lived features</h3>
      {t.features.length === 0 ? (
        <p class="muted">No feature stands out in this window.</p>
      ) : (
        <ul class="features">
          {t.features.map((f) => (
            <li>
              <strong>H{String(f.dim)}</strong> <span class="reading">{f.reading}</span>{' '}
              <span class="muted">
                (persistence {f.persistence.toFixed(3)}
                {f.since !== undefined ? `; since ${formatTime(f.since)}` : ''}; {f.metrics.join(', ')})
              </span>
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
    ...(a?.prediction?.recommendation ? [`predictor: ${a.prediction.recommendation}`] : []),
    ...(a?.council?.votes ?? []).filter((v) => v.severity !== 'ok' && v.recommendation).map((v) => `${v.analyser}: ${v.recommendation}`),
  ];
  return (
    <section class="panel" aria-labelledby="rec-h" data-testid="recommendations">
      <h2 id="rec-h">Recommendations</h2>
      {recs.length === 0 ? (
        <p class="muted">Nothing to do{a ? '' : ' that the analysis knows of yet'}.</p>
      ) : (
        <ul>
          {[...new Set(recs)].map((r) => (
            <li>{r}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
