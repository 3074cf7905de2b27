/** CSV cells that spreadsheets read as text, never as formulas (OWASP's CSV-injection rules). */

/** Characters that make a spreadsheet treat a cell as a formula when they start it. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Escape one text cell: neutralise a leading formula character with a quote, and quote cells
 * holding separators, quotes or line breaks (RFC 4180).
 * @example csvText('=cmd|"/c calc"!A1') // "'=cmd|""/c calc""!A1" quoted
 */
export function csvText(s: string): string {
  const safe = FORMULA_START.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A numeric cell: the shortest exact decimal, empty when absent. Numbers are never formulas. */
export function csvNumber(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '' : String(v);
}
