import { describe, expect, it } from 'vitest';
import { collectOnce, FIXTURES } from '../testing.js';
import { countProcesses, createProcessesCollector } from './processes.js';
import { createUptimeCollector, parseUptime } from './uptime.js';

describe('uptime and processes', () => {
  it('reads seconds since boot', async () => {
    expect((await collectOnce(createUptimeCollector(FIXTURES.now))).gauges).toEqual({ 'uptime.seconds': 4868.45 });
    expect(() => parseUptime('')).toThrow(/uptime/);
  });

  it('counts process directories only', () => {
    expect(countProcesses(['1', '42', 'self', 'net', '999', 'thread-self', '1a'])).toBe(3);
  });

  it('counts the processes of this machine (at least this one)', async () => {
    const g = (await collectOnce(createProcessesCollector({ proc: '/proc', sys: '/sys' }))).gauges;
    expect(g['proc.count']).toBeGreaterThanOrEqual(1);
  });
});
