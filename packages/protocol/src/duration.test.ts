import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { durationMsSchema, formatDuration, parseDuration, parseTime, timeMsSchema } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['5s', 5000],
    ['1m', 60_000],
    ['1h', 3_600_000],
    ['7d', 7 * 86_400_000],
    ['2w', 14 * 86_400_000],
    ['2y', 2 * 365 * 86_400_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['90', 90_000],
    ['0.5', 500],
    [' 30s ', 30_000],
    ['0', 0],
  ])('%j is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('a number is seconds', () => {
    expect(parseDuration(30)).toBe(30_000);
    expect(parseDuration(0.25)).toBe(250);
  });

  it.each(['', ' ', '5x', 's', '-1s', '1 h', '1h 30m', 'ms', '1e3', '1.s', '.5s', 'NaN', '5S', '7d!'])('%j is not a duration', (bad) => {
    expect(parseDuration(bad)).toBeUndefined();
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('%d seconds is not a duration', (bad) => {
    expect(parseDuration(bad)).toBeUndefined();
  });

  it('formatDuration and parseDuration agree on whole units', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(1, 1000, 60_000, 3_600_000, 86_400_000), (n, unit) => {
        expect(parseDuration(formatDuration(n * unit))).toBe(n * unit);
      }),
    );
    expect(formatDuration(300_000)).toBe('5m');
    expect(formatDuration(1500)).toBe('1500ms');
  });
});

describe('durationMsSchema', () => {
  it('parses text and numbers to milliseconds', () => {
    expect(durationMsSchema.parse('1m')).toBe(60_000);
    expect(durationMsSchema.parse(15)).toBe(15_000);
  });

  it('refuses bad input with a message that shows good examples', () => {
    const r = durationMsSchema.safeParse('7x');
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]!.message).toBe('"7x" is not a duration (examples: 30s, 5m, 1h, 7d, or seconds as a number)');
    for (const bad of [-5, true, null, {}, '']) expect(durationMsSchema.safeParse(bad).success, String(bad)).toBe(false);
  });
});

describe('parseTime', () => {
  it.each([
    ['1700000000', 1_700_000_000_000],
    ['1700000000.5', 1_700_000_000_500],
    ['1700000000.0004', 1_700_000_000_000],
    ['0', 0],
    [' 1700000000 ', 1_700_000_000_000],
    ['2026-01-02T03:04:05Z', Date.UTC(2026, 0, 2, 3, 4, 5)],
    ['2026-01-02T03:04:05.250Z', Date.UTC(2026, 0, 2, 3, 4, 5, 250)],
    ['2026-01-02T03:04:05+02:00', Date.UTC(2026, 0, 2, 1, 4, 5)],
    ['2026-01-02', Date.UTC(2026, 0, 2)],
  ])('%j is %i ms', (text, ms) => {
    expect(parseTime(text)).toBe(ms);
  });

  it.each(['yesterday', '2026-13-45', '', 'now', '1e9', '17OO', '26-01-02', '9'.repeat(400), 'Jan 2 2026'])('%j is not a time', (bad) => {
    expect(parseTime(bad)).toBeUndefined();
  });

  it('unix seconds round-trip through milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800 }), (sec) => {
        expect(parseTime(String(sec))).toBe(sec * 1000);
        expect(parseTime(new Date(sec * 1000).toISOString())).toBe(sec * 1000);
      }),
    );
  });
});

describe('timeMsSchema', () => {
  it('parses to unix milliseconds and names both accepted forms when it refuses', () => {
    expect(timeMsSchema.parse('1700000000')).toBe(1_700_000_000_000);
    const r = timeMsSchema.safeParse('tomorrow');
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]!.message).toMatch(/^"tomorrow" is not a time \(unix seconds like 1700000000, or ISO 8601/);
    // Query strings are strings: a bare number is a programming error, not a time.
    expect(timeMsSchema.safeParse(1_700_000_000).success).toBe(false);
  });
});
