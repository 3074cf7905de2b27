import { describe, expect, it } from 'vitest';
import { collectOnce, FIXTURES } from '../testing.js';
import { createLoadCollector, parseLoadavg } from './load.js';

describe('load', () => {
  it('parses /proc/loadavg and refuses garbage', () => {
    expect(parseLoadavg('0.50 1.25 2.00 3/456 7890\n')).toEqual({ load1: 0.5, load5: 1.25, load15: 2, threads: 456 });
    expect(() => parseLoadavg('garbage')).toThrow(/loadavg/);
  });

  it('emits load.1/5/15 from the captured file', async () => {
    expect((await collectOnce(createLoadCollector(FIXTURES.now))).gauges).toEqual({ 'load.1': 0.98, 'load.5': 1.01, 'load.15': 1.13, 'proc.threads': 101 });
  });
});
