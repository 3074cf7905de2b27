/** Durations ("500ms", "5s", "1m", "7d", or plain seconds) and times (unix seconds or ISO 8601). */
import { z } from 'zod';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

/**
 * Parse a duration to milliseconds. A bare number is seconds.
 * @example parseDuration('1m') // 60000
 * @returns undefined when the text is not a duration
 */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text * 1000 : undefined;
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  // Compound forms like "1h30m" are accepted, as in Prometheus.
  const part = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/;
  let rest = t;
  let total = 0;
  if (!rest) return undefined;
  while (rest) {
    const m = part.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return total;
}

/** Format milliseconds compactly: 300000 → "5m". */
export function formatDuration(ms: number): string {
  for (const [u, f] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms >= f && ms % f === 0) return `${ms / f}${u}`;
  }
  return `${ms}ms`;
}

/** zod schema: a duration given as text or seconds, parsed to milliseconds. */
export const durationMsSchema = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = parseDuration(v);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${String(v)}" is not a duration (examples: 30s, 5m, 1h, 7d, or seconds as a number)` });
    return z.NEVER;
  }
  return ms;
});

/**
 * Parse a point in time: unix seconds (integer or decimal) or ISO 8601.
 * @returns unix milliseconds, or undefined when the text is neither
 */
export function parseTime(text: string): number | undefined {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) {
    const n = Number(t);
    return Number.isFinite(n) ? Math.round(n * 1000) : undefined;
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** zod schema: a time as unix seconds or ISO 8601, parsed to unix milliseconds. */
export const timeMsSchema = z.string().transform((v, ctx) => {
  const ms = parseTime(v);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${v}" is not a time (unix seconds like 1700000000, or ISO 8601 like 2026-01-02T15:04:05Z)` });
    return z.NEVER;
  }
  return ms;
});
