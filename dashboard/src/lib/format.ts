/** How numbers, durations and times read on screen: short, unit-bearing, "—" when absent. */

export const NONE = '—';

/** 12.34 → "12.3%"; null → "—". */
export function formatPercent(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? NONE : `${v.toFixed(1)}%`;
}

/** A probability 0–1 as a percentage: 0.42 → "42%". */
export function formatRisk(p: number | null | undefined): string {
  return p === null || p === undefined || !Number.isFinite(p) ? NONE : `${Math.round(p * 100)}%`;
}

/**
 * Seconds as the two largest units: 5400 → "1h 30m", 42 → "42s".
 * @example formatDuration(90061) // "1d 1h"
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return NONE;
  const units: Array<[string, number]> = [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]];
  const parts: string[] = [];
  let rest = Math.round(seconds);
  for (const [u, n] of units) {
    if (rest >= n || (u === 's' && parts.length === 0)) {
      parts.push(`${Math.floor(rest / n)}${u}`);
      rest %= n;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

/** How long ago, from two unix-second times: "12s ago", "3m ago", "never". */
export function formatAgo(ts: number | null, now: number): string {
  if (ts === null) return 'never';
  const d = Math.max(0, now - ts);
  return d < 1 ? 'just now' : `${formatDuration(d)} ago`;
}

/** 1536 → "1.5 KiB". */
export function formatBytes(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NONE;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let x = Math.abs(v);
  let i = 0;
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${v < 0 ? '-' : ''}${i === 0 ? x : x.toFixed(1)} ${units[i]}`;
}

/** Unix seconds as local "YYYY-MM-DD HH:MM:SS". */
export function formatTime(ts: number): string {
  const d = new Date(ts * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
