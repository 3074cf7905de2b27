/** Reconnect delays for the connection state machine. Pure: the randomness is passed in. */

/**
 * Exponential backoff with full jitter, from 1 s to 60 s: delay = random(0, min(cap, base · 2^attempt)),
 * the variant that spreads a fleet's reconnects best ("Exponential Backoff And Jitter", AWS
 * Architecture Blog, 2015). Without jitter, 5,000 agents reconnect in lockstep after a server restart.
 */
export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 60_000;

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: BACKOFF_BASE_MS, capMs: BACKOFF_CAP_MS };

/** Delay before reconnect number `attempt` (0-based). @example backoffDelay(3, () => 0.5) // 4000 */
export function backoffDelay(attempt: number, random: () => number = Math.random, p: BackoffPolicy = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(p.capMs, p.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/**
 * Delay after a refusal only an operator can fix (a wrong token): near the cap, half of it fixed
 * ("equal jitter"), so a fleet holding a revoked token does not hammer the server or its log.
 */
export function refusedDelay(random: () => number = Math.random, p: BackoffPolicy = DEFAULT_BACKOFF): number {
  return Math.floor(p.capMs / 2 + random() * (p.capMs / 2));
}
