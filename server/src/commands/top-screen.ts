/**
 * `aura top`'s screen: the fleet as fixed-width text lines (pure, testable), plus the few ANSI
 * sequences a full-screen terminal view needs. Host names are stripped of control characters so
 * a hostile hostname cannot move the cursor or recolour the terminal.
 */
import type { FleetEntry, Severity } from '@aura/protocol';

export const TOP_SORTS = ['status', 'risk', 'cpu', 'mem', 'disk', 'name'] as const;
export type TopSort = (typeof TOP_SORTS)[number];

export interface TopState {
  hosts: Map<string, FleetEntry>;
  serverTime: number;
  sort: TopSort;
  /** First host row shown (scrolling). */
  offset: number;
  status: string;
}

export const ANSI = {
  altScreen: '\x1b[?1049h',
  mainScreen: '\x1b[?1049l',
  hideCursor: '\x1b[?25l',
  showCursor: '\x1b[?25h',
  home: '\x1b[H',
  clearDown: '\x1b[J',
  clearLine: '\x1b[K',
} as const;

const COLOR: Record<Severity | 'silent' | 'unknown', string> = { ok: '\x1b[32m', watch: '\x1b[35m', warning: '\x1b[33m', critical: '\x1b[1;31m', silent: '\x1b[2m', unknown: '\x1b[2m' };
const RESET = '\x1b[0m';
const RANK: Record<Severity, number> = { ok: 0, watch: 1, warning: 2, critical: 3 };
/** A connected host with no sample for this long (server time) is shown as silent. */
const SILENT_AFTER_S = 60;

/** Remove C0/C1 control characters (ESC, BEL, CSI …) from text shown in the terminal. */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

export function isSilent(h: FleetEntry, now: number): boolean {
  return !h.connected || h.lastSeen === null || now - h.lastSeen > SILENT_AFTER_S;
}

export function sortHosts(hosts: Iterable<FleetEntry>, sort: TopSort, now: number): FleetEntry[] {
  const byName = (a: FleetEntry, b: FleetEntry) => a.hostname.localeCompare(b.hostname) || a.id.localeCompare(b.id);
  const desc = (f: (h: FleetEntry) => number | null) => (a: FleetEntry, b: FleetEntry) => (f(b) ?? -1) - (f(a) ?? -1) || byName(a, b);
  const rank = (h: FleetEntry) => (h.status ? RANK[h.status] : -1);
  const cmp = {
    status: (a: FleetEntry, b: FleetEntry) => Number(isSilent(b, now)) - Number(isSilent(a, now)) || rank(b) - rank(a) || (b.risk ?? -1) - (a.risk ?? -1) || byName(a, b),
    risk: desc((h) => h.risk),
    cpu: desc((h) => h.cpu),
    mem: desc((h) => h.mem),
    disk: desc((h) => h.disk),
    name: byName,
  }[sort];
  return [...hosts].sort(cmp);
}

const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));
const lpad = (s: string, n: number) => s.padStart(n);
const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);
function ttf(s: number | null): string {
  if (s === null) return '—';
  if (s >= 86_400) return `${Math.floor(s / 86_400)}d${Math.floor((s % 86_400) / 3600)}h`;
  if (s >= 3600) return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 60)}m${Math.floor(s % 60)}s`;
}
function ago(ts: number | null, now: number): string {
  if (ts === null) return 'never';
  const d = Math.max(0, Math.round(now - ts));
  return d < 60 ? `${d}s` : d < 3600 ? `${Math.floor(d / 60)}m` : `${Math.floor(d / 3600)}h`;
}

/**
 * The screen as lines, each at most `cols` visible characters (colour codes aside).
 * @example renderTop(state, 100, 30, false).join('\n')
 */
export function renderTop(st: TopState, cols: number, rows: number, color: boolean): string[] {
  const now = st.serverTime;
  const sorted = sortHosts(st.hosts.values(), st.sort, now);
  const counts = { critical: 0, warning: 0, watch: 0, ok: 0, silent: 0 };
  for (const h of sorted) {
    if (isSilent(h, now)) counts.silent++;
    if (h.status) counts[h.status]++;
  }
  const nameW = Math.max(12, cols - 70);
  const header = `${pad('HOST', nameW)} ${pad('STATUS', 12)} ${lpad('RISK', 5)} ${lpad('TTF', 7)} ${lpad('CPU', 7)} ${lpad('MEM', 7)} ${lpad('DISK', 7)} ${lpad('SEEN', 6)}`;
  const lines = [
    `aura top — ${sorted.length} hosts: ${counts.critical} critical, ${counts.warning} warning, ${counts.watch} watch, ${counts.ok} ok, ${counts.silent} silent   [${st.status}]`.slice(0, cols),
    `sort: ${st.sort} (s: next sort, ↑/↓ PgUp/PgDn: scroll, q: quit)`.slice(0, cols),
    header.slice(0, cols),
  ];
  const room = Math.max(0, rows - lines.length);
  const offset = Math.max(0, Math.min(st.offset, sorted.length - room));
  for (const h of sorted.slice(offset, offset + room)) {
    const silent = isSilent(h, now);
    const word = silent ? 'silent' : (h.status ?? 'unanalysed');
    const line =
      `${pad(printable(h.hostname), nameW)} ${pad(word, 12)} ${lpad(h.risk === null ? '—' : `${Math.round(h.risk * 100)}%`, 5)} ${lpad(ttf(h.ttfSeconds), 7)} ` +
      `${lpad(pct(h.cpu), 7)} ${lpad(pct(h.mem), 7)} ${lpad(pct(h.disk), 7)} ${lpad(ago(h.lastSeen, now), 6)}`;
    const text = line.slice(0, cols);
    lines.push(color ? `${COLOR[silent ? 'silent' : (h.status ?? 'unknown')]}${text}${RESET}` : text);
  }
  return lines;
}
