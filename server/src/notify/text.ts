/** Text helpers shared by the notifiers: truncation to a limit, times, severity words. */
import type { Severity } from '@aura/protocol';

/** Cut to at most `max` characters (code points never split), ending with "…" when cut. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const chars = [...s];
  if (chars.length <= max) return s;
  return chars.slice(0, max - 1).join('') + '…';
}

export function isoSeconds(unixS: number): string {
  return new Date(Math.round(unixS * 1000)).toISOString().replace('.000Z', 'Z');
}

export const SEVERITY_WORD: Record<Severity, string> = { ok: 'OK', watch: 'Watch', warning: 'Warning', critical: 'Critical' };
