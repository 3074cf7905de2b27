/** Which metrics go on which host chart, from the names a host actually reports. */
import type { SeriesSpec } from '../charts/time-chart.js';
import { formatBytes, formatPercent } from '../lib/format.js';

export interface ChartGroup {
  id: string;
  title: string;
  metrics: string[];
  series: SeriesSpec[];
  yRange?: [number, number];
}

const pct = (v: number | null) => formatPercent(v);
const rate = (v: number | null) => (v === null ? '—' : `${formatBytes(v)}/s`);
const plain = (v: number | null) => (v === null ? '—' : v.toFixed(2));

/**
 * @example chartGroups(['cpu.total','disk./.used_pct']) // CPU and Disk groups
 */
export function chartGroups(names: string[]): ChartGroup[] {
  const has = (n: string) => names.includes(n);
  const all = (re: RegExp) => names.filter((n) => re.test(n)).sort();
  const group = (id: string, title: string, metrics: string[], format: (v: number | null) => string, yRange?: [number, number]): ChartGroup | undefined =>
    metrics.length === 0 ? undefined : { id, title, metrics, series: metrics.map((m) => ({ label: m, format })), ...(yRange ? { yRange } : {}) };
  return [
    group('cpu', 'CPU %', ['cpu.total', 'cpu.user', 'cpu.system', 'cpu.iowait', 'cpu.steal'].filter(has), pct, [0, 100]),
    group('mem', 'Memory and swap %', ['mem.used_pct', 'swap.used_pct'].filter(has), pct, [0, 100]),
    group('disk', 'Filesystems used %', all(/^disk\..+\.(inodes_)?used_pct$/), pct, [0, 100]),
    group('load', 'Load', ['load.1', 'load.5', 'load.15'].filter(has), plain),
    group('net', 'Network', all(/^net\..+\.(rx|tx)_bps$/), rate),
    group('diskio', 'Disk IO', all(/^diskio\..+\.(read|write)_bps$/), rate),
    group('tcp', 'TCP and processes', ['tcp.established', 'proc.count'].filter(has), plain),
    group('temp', 'Temperature °C', ['temp.cpu'].filter(has), plain),
  ].filter((g): g is ChartGroup => g !== undefined);
}
