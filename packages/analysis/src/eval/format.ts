/** The evaluation tables as Markdown, for docs/scenarios.md and the terminal. */
import type { EvalTable } from './table.js';

const h = (s: number | null) => (s === null || Number.isNaN(s) ? '–' : s >= 3600 ? `${(s / 3600).toFixed(1)} h` : `${Math.round(s / 60)} min`);
const pct = (x: number | null) => (x === null || Number.isNaN(x) ? '–' : x.toFixed(2));

/** One table per detector: a row per group, then false alarms per host-day. */
export function formatTables(tables: EvalTable[]): string {
  const out: string[] = [];
  out.push('| detector | group | failures | recall ≥15 min | detected | lead median | lead p10 | precision | TTF error (median abs / rel) |');
  out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const t of tables) {
    for (const r of t.rows) {
      const ttf = r.ttfMedianAbsErrS === null ? '–' : `${h(r.ttfMedianAbsErrS)} / ${pct(r.ttfMedianRelErr)}`;
      out.push(`| ${t.detector} | ${r.group} | ${r.failures} | ${pct(r.recall)} | ${pct(r.detected)} | ${h(r.leadMedianS)} | ${h(r.leadP10S)} | ${pct(r.precision)} | ${ttf} |`);
    }
  }
  out.push('');
  out.push('| detector | false alarms / host-day (healthy) | episodes / host-days | false alarms / host-day (failing hosts, outside the failure window) |');
  out.push('| --- | ---: | ---: | ---: |');
  for (const t of tables) out.push(`| ${t.detector} | ${t.healthy.perHostDay.toFixed(3)} | ${t.healthy.falseAlarms} / ${t.healthy.hostDays.toFixed(0)} | ${t.failingOutside.perHostDay.toFixed(3)} |`);
  return out.join('\n');
}
