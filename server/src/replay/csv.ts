/**
 * Reading a recorded trace: CSV with a header `timestamp,<metric>,…`, timestamps in unix seconds
 * (or milliseconds, or ISO 8601), any subset of metric columns. Real exports are messy, so the
 * reader is lenient where it can be without guessing (empty cells are missing values, rows out
 * of order are sorted, duplicate times keep the last row) and precise where it cannot (a cell that
 * is not a number, a row of the wrong width: one error naming the row and the column).
 */
import { METRIC_NAME_PATTERN } from '@aura/protocol';

export interface Trace {
  /** Unix ms, strictly increasing. */
  timestamps: Float64Array;
  /** Metric names, in column order. */
  columns: string[];
  /** Row-major values, NaN where missing: `values[row * columns.length + col]`. */
  values: Float64Array;
  warnings: string[];
}

/** A problem with the input file: printed as one line, exit code 2. */
export class TraceError extends Error {
  override name = 'TraceError';
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Unix times above this are milliseconds (in seconds it would be the year 5138). */
const MS_THRESHOLD = 1e11;

/**
 * Parse a trace; throws TraceError naming the row (1-based, the header is row 1) and column.
 *
 * @example
 * parseTraceCsv('timestamp,cpu.total\n1735689600,12.5\n1735689605,\n', 'trace.csv').values; // → Float64Array [12.5, NaN]
 */
export function parseTraceCsv(text: string, file: string): Trace {
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) throw new TraceError(`${file}: the file is empty (expected a header like "timestamp,cpu.total,mem.used_pct")`);
  const header = splitRow(lines[headerAt]!).map((h) => h.trim());
  if (header[0]?.toLowerCase() !== 'timestamp') {
    throw new TraceError(`${file}: row ${headerAt + 1}: the first column must be "timestamp" (header like "timestamp,cpu.total,mem.used_pct"), got "${header[0] ?? ''}"`);
  }
  const warnings: string[] = [];
  const names = header.slice(1);
  const keep: number[] = [];
  names.forEach((name, i) => {
    if (METRIC_NAME_PATTERN.test(name) && !names.slice(0, i).includes(name)) keep.push(i);
    else warnings.push(`column "${name}" is ${names.slice(0, i).includes(name) ? 'a duplicate' : 'not a metric name'}; ignored`);
  });
  const columns = keep.map((i) => names[i]!);
  const width = header.length;
  const rows: Array<{ ts: number; values: Float64Array; line: number }> = [];
  let msRows = 0;
  for (let l = headerAt + 1; l < lines.length; l++) {
    const raw = lines[l]!;
    if (raw.trim() === '') continue;
    const fields = splitRow(raw);
    if (fields.length !== width) throw new TraceError(`${file}: row ${l + 1} has ${fields.length} fields, the header has ${width}`);
    const time = parseTime(fields[0]!.trim());
    if (time === undefined) throw new TraceError(`${file}: row ${l + 1}, column timestamp: "${fields[0]}" is not a unix time (seconds) or an ISO 8601 time`);
    if (time.numericMs) msRows++;
    const ts = time.ms;
    const values = new Float64Array(columns.length);
    keep.forEach((i, c) => {
      const cell = fields[i + 1]!.trim();
      if (cell === '' || cell === 'NaN' || cell === 'null') values[c] = Number.NaN;
      else if (NUMBER.test(cell)) values[c] = Number(cell);
      else throw new TraceError(`${file}: row ${l + 1}, column ${names[i]}: "${cell}" is not a number (leave the cell empty for a missing value)`);
    });
    rows.push({ ts: Math.round(ts), values, line: l + 1 });
  }
  if (rows.length === 0) throw new TraceError(`${file}: no data rows after the header`);
  if (msRows > 0) warnings.push(`${msRows} timestamps look like milliseconds and were read as such`);
  let outOfOrder = 0;
  for (let i = 1; i < rows.length; i++) if (rows[i]!.ts < rows[i - 1]!.ts) outOfOrder++;
  if (outOfOrder > 0) {
    warnings.push(`${outOfOrder} rows were out of time order and were sorted`);
    rows.sort((a, b) => a.ts - b.ts || a.line - b.line);
  }
  const unique = rows.filter((r, i) => i === rows.length - 1 || rows[i + 1]!.ts !== r.ts);
  if (unique.length < rows.length) warnings.push(`${rows.length - unique.length} rows repeated an earlier time; the last of each was kept`);
  const values = new Float64Array(unique.length * columns.length);
  unique.forEach((r, i) => values.set(r.values, i * columns.length));
  return { timestamps: Float64Array.from(unique, (r) => r.ts), columns, values, warnings };
}

/** Unix ms from unix seconds, unix ms (numbers past MS_THRESHOLD) or ISO 8601 (without a zone: UTC). */
function parseTime(s: string): { ms: number; numericMs: boolean } | undefined {
  if (NUMBER.test(s)) {
    const n = Number(s);
    return n > MS_THRESHOLD ? { ms: n, numericMs: true } : { ms: n * 1000, numericMs: false };
  }
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!iso) return undefined;
  const ms = Date.parse(`${iso[1]}T${iso[2] ?? '00:00'}${iso[3] ?? 'Z'}`);
  return Number.isFinite(ms) ? { ms, numericMs: false } : undefined;
}

/** Split one CSV row: commas, with double-quoted fields ("a,b" and "" escapes). */
function splitRow(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}
