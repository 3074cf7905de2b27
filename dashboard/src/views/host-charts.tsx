/**
 * A host's metrics over the chosen range (from the rollups the API picks by step) and, for
 * ranges up to 6 h, live: the stream's samples are appended as they are committed.
 */
import type { MetricsResponse } from '@aura/protocol';
import { useState } from 'hono/jsx/dom';
import { TimeChart } from '../charts/time-chart.js';
import { RANGE_SECONDS, type Range } from '../lib/route.js';
import type { Session } from '../session.js';
import { chartGroups } from './chart-groups.js';
import { Missing } from './status.js';
import { useSafeEffect } from '../lib/effect.js';

/** Live appending for short ranges only: longer ones are rollups, where one raw sample is noise. */
const LIVE_UP_TO_S = 6 * 3600;

export function HostCharts(props: { session: Session; id: string; range: Range }) {
  const [data, setData] = useState<MetricsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const span = RANGE_SECONDS[props.range];

  useSafeEffect(() => {
    let live: MetricsResponse | null = null;
    let pending: Array<{ ts: number; values: Record<string, number> }> = [];
    const now = Math.floor(Date.now() / 1000);
    props.session.api
      .get<MetricsResponse>(`/api/v1/hosts/${encodeURIComponent(props.id)}/metrics?from=${now - span}&to=${now}`)
      .then((m) => {
        live = m;
        append(pending);
        pending = [];
        setData({ ...m });
      })
      .catch((e: Error) => setError(e.message));
    const append = (rows: Array<{ ts: number; values: Record<string, number> }>) => {
      if (!live || rows.length === 0) return;
      for (const r of rows) {
        if (live.timestamps.length > 0 && r.ts <= live.timestamps[live.timestamps.length - 1]!) continue;
        live.timestamps.push(r.ts);
        for (const [name, col] of Object.entries(live.series)) col.push(r.values[name] ?? null);
        for (const name of Object.keys(r.values)) if (!live.series[name]) live.series[name] = [...new Array<null>(live.timestamps.length - 1).fill(null), r.values[name]!];
      }
      // Keep the window's width: drop what slid out on the left.
      const cut = live.timestamps.findIndex((t) => t >= r0());
      if (cut > 0) {
        live.timestamps.splice(0, cut);
        for (const col of Object.values(live.series)) col.splice(0, cut);
      }
    };
    const r0 = () => (live?.timestamps[live.timestamps.length - 1] ?? 0) - span;
    const onSamples = (hostId: string, rows: Array<{ ts: number; values: Record<string, number> }>) => {
      if (hostId !== props.id || span > LIVE_UP_TO_S) return;
      if (!live) pending.push(...rows);
      else {
        append(rows);
        setData({ ...live, timestamps: live.timestamps });
      }
    };
    props.session.onSamples.add(onSamples);
    return () => props.session.onSamples.delete(onSamples);
  }, []);

  if (error) return <Missing what="Metrics" why={error} />;
  if (!data) return <p class="muted">Loading metrics…</p>;
  const groups = chartGroups(Object.keys(data.series));
  if (groups.length === 0) return <Missing what="Metrics" why={`no samples stored in the last ${props.range}`} />;
  return (
    <div class="charts" data-source={data.source}>
      {groups.map((g) => (
        <TimeChart
          key={g.id}
          title={g.title}
          testId={`chart-${g.id}`}
          file={`${props.id}-${g.id}-${props.range}`}
          series={g.series}
          yRange={g.yRange}
          data={[data.timestamps, ...g.metrics.map((m) => data.series[m] ?? [])]}
        />
      ))}
    </div>
  );
}
