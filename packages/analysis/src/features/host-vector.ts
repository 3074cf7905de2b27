/**
 * A host's state as one fixed vector of host-level features, whatever its disks and interfaces
 * are called: the worst filesystem, the sum over interfaces, load per core. The same vector
 * feeds the topology windows, the forecasts and the CfC network, on the server and in replay.
 */

export interface HostFeature {
  /** Dotted name; a metric of the vocabulary where one exists, else an aggregate of several. */
  name: string;
  /** Plain words for readings and explanations ("memory", "inbound traffic"). */
  label: string;
  /**
   * Rates with heavy tails (bytes/s, errors/s) are compared as log1p(x): a burst from 1 MB/s to
   * 10 MB/s and one from 10 to 100 MB/s are the same kind of change.
   */
  log: boolean;
  /** The smallest spread (σ) normalisation assumes, in the feature's (transformed) unit. */
  minScale: number;
}

/** The features, in vector order. Extend at the end only: stored states and models index them. */
export const HOST_FEATURES: readonly HostFeature[] = [
  { name: 'cpu.total', label: 'CPU', log: false, minScale: 2 },
  { name: 'cpu.iowait', label: 'I/O wait', log: false, minScale: 1 },
  { name: 'cpu.steal', label: 'CPU steal', log: false, minScale: 1 },
  { name: 'load.per_core', label: 'load per core', log: false, minScale: 0.05 },
  { name: 'mem.used_pct', label: 'memory', log: false, minScale: 1 },
  { name: 'swap.used_pct', label: 'swap', log: false, minScale: 1 },
  { name: 'disk.max_used_pct', label: 'disk space', log: false, minScale: 0.5 },
  { name: 'disk.max_inodes_used_pct', label: 'inodes', log: false, minScale: 0.5 },
  { name: 'net.rx_bps', label: 'inbound traffic', log: true, minScale: 0.1 },
  { name: 'net.tx_bps', label: 'outbound traffic', log: true, minScale: 0.1 },
  { name: 'net.errors', label: 'network errors', log: true, minScale: 0.3 },
  { name: 'net.drops', label: 'dropped packets', log: true, minScale: 0.3 },
  { name: 'diskio.read_bps', label: 'disk reads', log: true, minScale: 0.1 },
  { name: 'diskio.write_bps', label: 'disk writes', log: true, minScale: 0.1 },
  { name: 'tcp.established', label: 'TCP connections', log: false, minScale: 5 },
  { name: 'proc.count', label: 'processes', log: false, minScale: 3 },
];

export const FEATURE_COUNT = HOST_FEATURES.length;
export const FEATURE_INDEX: Readonly<Record<string, number>> = Object.fromEntries(HOST_FEATURES.map((f, i) => [f.name, i]));

const F = FEATURE_INDEX as Record<string, number>;
const DIRECT: Record<string, number> = {
  'cpu.total': F['cpu.total']!,
  'cpu.iowait': F['cpu.iowait']!,
  'cpu.steal': F['cpu.steal']!,
  'mem.used_pct': F['mem.used_pct']!,
  'swap.used_pct': F['swap.used_pct']!,
  'tcp.established': F['tcp.established']!,
  'proc.count': F['proc.count']!,
};

/**
 * Fill `out` with the host vector of one sample given as parallel name/value arrays (derived
 * metrics in the dotted vocabulary). Missing features are NaN. `cores` turns load into load per
 * core (without it, load.1 is used as is). Fast: one pass over the names, no allocation.
 *
 * @example
 * const v = new Float64Array(FEATURE_COUNT);
 * hostVector(['cpu.total', 'disk./.used_pct', 'disk./var.used_pct'], [12, 40, 91], 4, v);
 * v[FEATURE_INDEX['disk.max_used_pct']]; // → 91
 */
export function hostVector(names: ArrayLike<string>, values: ArrayLike<number>, cores: number | undefined, out: Float64Array): Float64Array {
  out.fill(Number.NaN);
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    const direct = DIRECT[name];
    if (direct !== undefined) {
      out[direct] = v;
      continue;
    }
    const c = name.charCodeAt(0);
    if (name === 'load.1') out[F['load.per_core']!] = cores && cores > 0 ? v / cores : v;
    else if (c === 100 /* d */ && name.startsWith('diskio.')) {
      if (name.endsWith('.read_bps')) addInto(out, F['diskio.read_bps']!, v);
      else if (name.endsWith('.write_bps')) addInto(out, F['diskio.write_bps']!, v);
    } else if (c === 100 && name.startsWith('disk.')) {
      if (name.endsWith('.inodes_used_pct')) maxInto(out, F['disk.max_inodes_used_pct']!, v);
      else if (name.endsWith('.used_pct')) maxInto(out, F['disk.max_used_pct']!, v);
    } else if (c === 110 /* n */ && name.startsWith('net.') && !name.startsWith('net.lo.')) {
      if (name.endsWith('.rx_bps')) addInto(out, F['net.rx_bps']!, v);
      else if (name.endsWith('.tx_bps')) addInto(out, F['net.tx_bps']!, v);
      else if (name.endsWith('_errors')) addInto(out, F['net.errors']!, v);
      else if (name.endsWith('_drops')) addInto(out, F['net.drops']!, v);
    }
  }
  return out;
}

/** The host vector of a `{ name: value }` map (a sample's derived values, a CSV row). */
export function hostVectorOf(values: Record<string, number>, cores?: number): Float64Array {
  const names = Object.keys(values);
  return hostVector(names, names.map((n) => values[n]!), cores, new Float64Array(FEATURE_COUNT));
}

/** Feature value as topology and the network compare it (log1p for heavy-tailed rates). */
export function transformFeature(index: number, v: number): number {
  return HOST_FEATURES[index]!.log ? Math.log1p(Math.max(0, v)) : v;
}

function maxInto(out: Float64Array, i: number, v: number): void {
  if (!(out[i]! >= v)) out[i] = v;
}

function addInto(out: Float64Array, i: number, v: number): void {
  out[i] = Number.isNaN(out[i]!) ? v : out[i]! + v;
}

/**
 * Whether a metric feeds the host vector (so replaying a CSV column of it changes the analysis).
 *
 * @example
 * isAnalysedMetric('disk./var.used_pct'); // → true
 * isAnalysedMetric('agent.rss_bytes'); // → false
 */
export function isAnalysedMetric(name: string): boolean {
  if (name in DIRECT || name === 'load.1') return true;
  if (name.startsWith('diskio.')) return name.endsWith('.read_bps') || name.endsWith('.write_bps');
  if (name.startsWith('disk.')) return name.endsWith('.used_pct');
  if (name.startsWith('net.') && !name.startsWith('net.lo.')) return /\.(rx_bps|tx_bps|rx_errors|tx_errors|rx_drops|tx_drops)$/.test(name);
  return false;
}
