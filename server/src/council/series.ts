/** Reading the recent samples an analyser gets: robust "now" values and the metrics present. */
import type { RecentSample } from './types.js';

/** Median of a non-empty list (NaN for an empty one). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The samples within `windowMs` of the newest one. */
export function newestWindow(recent: readonly RecentSample[], windowMs: number): readonly RecentSample[] {
  const last = recent.at(-1);
  if (!last) return [];
  let i = recent.length - 1;
  while (i > 0 && recent[i - 1]!.ts >= last.ts - windowMs) i--;
  return recent.slice(i);
}

/**
 * A metric's value "now": the median over the window, so a single spike is not a state.
 * @example nowValue(window, 'cpu.total') // 42.5, or undefined when no sample carries it
 */
export function nowValue(window: readonly RecentSample[], metric: string): number | undefined {
  const xs: number[] = [];
  for (const s of window) {
    const v = s.values[metric];
    if (v !== undefined && Number.isFinite(v)) xs.push(v);
  }
  return xs.length ? median(xs) : undefined;
}

/**
 * The middle parts of metrics named `<prefix>.<middle>.<suffix>` (mounts, devices, interfaces)
 * in the newest sample: what the host has now.
 */
export function middles(window: readonly RecentSample[], prefix: string, suffix: string): string[] {
  const found: string[] = [];
  const head = `${prefix}.`;
  const tail = `.${suffix}`;
  const newest = window.at(-1);
  if (!newest) return found;
  for (const name in newest.values) {
    if (name.startsWith(head) && name.endsWith(tail) && name.length > head.length + tail.length) found.push(name.slice(head.length, -tail.length));
  }
  return found.sort();
}

/** Round for evidence text: 93.456 → "93.5". */
export function fmt(v: number, digits = 1): string {
  return String(Number(v.toFixed(digits)));
}

/** Seconds as a short human duration: 5400 → "1h 30m". */
export function fmtSeconds(s: number): string {
  if (s < 90) return `${Math.round(s)}s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  return `${Math.round(h / 24)}d`;
}
