/** One host in the fleet list: status, risk, time to failure, sparklines, last seen, badges. */
import type { SparkPoint } from '@aura/protocol';
import { Sparkline } from '../charts/sparkline.js';
import type { FleetHost } from '../lib/fleet-model.js';
import { formatAgo, formatDuration, formatPercent, formatRisk } from '../lib/format.js';
import { formatRoute } from '../lib/route.js';
import { StatusBadge } from './status.js';

interface Columns {
  ts: number[];
  cpu: Array<number | null>;
  mem: Array<number | null>;
  disk: Array<number | null>;
}
/** Columns per points array: the model makes a new array only when a host gets new points. */
const columnsCache = new WeakMap<SparkPoint[], Columns>();
function columns(points: SparkPoint[]): Columns {
  let c = columnsCache.get(points);
  if (!c) {
    c = { ts: points.map((p) => p[0]), cpu: points.map((p) => p[1]), mem: points.map((p) => p[2]), disk: points.map((p) => p[3]) };
    columnsCache.set(points, c);
  }
  return c;
}

export const ROW_HEIGHT = 44;

export function FleetRow(props: { host: FleetHost; top: number; silent: boolean; isNew: boolean; now: number; index: number }) {
  const h = props.host;
  const c = columns(h.points);
  const metric = (label: string, color: string, values: Array<number | null>, v: number | null) => (
    <span class="metric">
      <Sparkline ts={c.ts} values={values} color={color} label={`${label} of ${h.hostname}, last ${formatPercent(v)}`} />
      <span class="num">{formatPercent(v)}</span>
    </span>
  );
  return (
    <a
      class={`row${props.silent ? ' is-silent' : ''} status-${h.status ?? 'unknown'}`}
      href={formatRoute({ view: 'host', id: h.id, range: '1h' })}
      data-host-id={h.id}
      data-index={String(props.index)}
      role="listitem"
      style={{ transform: `translateY(${props.top}px)` }}
    >
      <span class="name">
        <span class="hostname">{h.hostname}</span>
        {h.hostname !== h.id && <span class="id">{h.id}</span>}
      </span>
      <span class="status">
        <StatusBadge status={h.status} silent={props.silent} />
        {props.isNew && <span class="badge badge-new">new</span>}
      </span>
      <span class="num risk">{formatRisk(h.risk)}</span>
      <span class="num ttf">{h.ttfSeconds === null ? '—' : formatDuration(h.ttfSeconds)}</span>
      {metric('CPU', '--c-cpu', c.cpu, h.cpu)}
      {metric('Memory', '--c-mem', c.mem, h.mem)}
      {metric('Disk', '--c-disk', c.disk, h.disk)}
      <span class="seen">{formatAgo(h.lastSeen, props.now)}</span>
    </a>
  );
}
