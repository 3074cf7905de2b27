/**
 * Retry timing for deliveries (wall clock: it is about the receiver, not the hosts): exponential
 * backoff with jitter, and the receiver's Retry-After honoured, as Prometheus remote-write and
 * Alertmanager's notifiers do.
 */

/**
 * Delay before attempt `attempt + 1` after `attempt` failures: doubling from `initialMs` up to
 * `maxMs`, with "equal jitter" (between half and all of it), so retries from many alerts spread
 * out but never come back at once.
 * @example backoffDelay(1, 1000, 300_000) // 500–1000 ms
 */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  const d = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(d / 2 + random() * (d / 2));
}

/** Longest Retry-After we follow; a receiver asking for more gets retried at this cadence. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * Retry-After as milliseconds from now: delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
 * @example parseRetryAfter('120', Date.now()) // 120000
 * @returns undefined when absent or unreadable
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  const t = v.trim();
  if (/^\d+$/.test(t)) return Math.min(MAX_RETRY_AFTER_MS, Number(t) * 1000);
  const at = Date.parse(t);
  if (Number.isNaN(at)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - nowMs));
}
