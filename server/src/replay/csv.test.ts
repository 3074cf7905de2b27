// Reading recorded traces: the header contract, times in seconds, milliseconds or ISO 8601,
// missing cells, rows out of order or repeated, and errors that name the row and column.
import { describe, expect, it } from 'vitest';
import { TraceError, parseTraceCsv } from './csv.js';

const parse = (text: string) => parseTraceCsv(text, 'trace.csv');

describe('parseTraceCsv', () => {
  it('reads unix seconds, empty cells as missing, any subset of metrics', () => {
    const t = parse('timestamp,cpu.total,mem.used_pct\n1735689600,12.5,40\n1735689605,,41\n\n1735689610.5,13,NaN\n');
    expect(Array.from(t.timestamps)).toEqual([1735689600000, 1735689605000, 1735689610500]);
    expect(t.columns).toEqual(['cpu.total', 'mem.used_pct']);
    expect(Array.from(t.values)).toEqual([12.5, 40, Number.NaN, 41, 13, Number.NaN]);
    expect(t.warnings).toEqual([]);
  });

  it('reads ISO 8601 (zone or UTC) and milliseconds, saying so for milliseconds', () => {
    const iso = parse('timestamp,cpu.total\n2025-01-01T00:00:00Z,1\n2025-01-01 00:00:05,2\n2025-01-01T01:00:10+01:00,3\n');
    expect(Array.from(iso.timestamps)).toEqual([Date.UTC(2025, 0, 1), Date.UTC(2025, 0, 1, 0, 0, 5), Date.UTC(2025, 0, 1, 0, 0, 10)]);
    const ms = parse('timestamp,cpu.total\n1735689600000,1\n');
    expect(ms.timestamps[0]).toBe(1735689600000);
    expect(ms.warnings).toEqual(['1 timestamps look like milliseconds and were read as such']);
  });

  it('sorts rows out of order and keeps the last of repeated times, with warnings', () => {
    const t = parse('timestamp,load.1\n30,3\n10,1\n20,2\n20,2.5\n');
    expect(Array.from(t.timestamps)).toEqual([10_000, 20_000, 30_000]);
    expect(Array.from(t.values)).toEqual([1, 2.5, 3]);
    expect(t.warnings).toEqual(['1 rows were out of time order and were sorted', '1 rows repeated an earlier time; the last of each was kept']);
  });

  it('ignores columns that are not metric names, with a warning; quoted fields are fine', () => {
    const t = parse('timestamp,cpu.total,Host Name,cpu.total\n1,"2",web-1,3\n');
    expect(t.columns).toEqual(['cpu.total']);
    expect(Array.from(t.values)).toEqual([2]);
    expect(t.warnings).toEqual(['column "Host Name" is not a metric name; ignored', 'column "cpu.total" is a duplicate; ignored']);
  });

  it.each([
    ['', /the file is empty/],
    ['time,cpu.total\n1,2\n', /row 1: the first column must be "timestamp"/],
    ['timestamp,cpu.total\n', /no data rows/],
    ['timestamp,cpu.total\n1,2\n2,3,4\n', /row 3 has 3 fields, the header has 2/],
    ['timestamp,cpu.total\n1,2\n2,high\n', /row 3, column cpu.total: "high" is not a number/],
    ['timestamp,cpu.total\nyesterday,2\n', /row 2, column timestamp: "yesterday" is not a unix time/],
  ])('refuses %j with one clear message', (text, message) => {
    expect(() => parse(text)).toThrow(TraceError);
    expect(() => parse(text)).toThrow(message);
  });
});
