import { describe, expect, it } from 'vitest';
import { formatAgo, formatBytes, formatDuration, formatPercent, formatRisk } from './format.js';

describe('format', () => {
  it('durations in the two largest units', () => {
    expect(formatDuration(5400)).toBe('1h 30m');
    expect(formatDuration(90_061)).toBe('1d 1h');
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(null)).toBe('—');
  });
  it('percentages, risk, bytes and ago', () => {
    expect(formatPercent(12.345)).toBe('12.3%');
    expect(formatPercent(null)).toBe('—');
    expect(formatRisk(0.426)).toBe('43%');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatAgo(100, 160)).toBe('1m ago');
    expect(formatAgo(null, 160)).toBe('never');
  });
});
