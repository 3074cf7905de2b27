import { describe, expect, it } from 'vitest';
import { collectOnce, FIXTURES } from '../testing.js';
import { memoryGauges, parseMeminfo } from './memory.js';
import { createMemoryCollector } from './memory.js';

describe('memory', () => {
  it('reads the captured /proc/meminfo in bytes; no swap means 0 %, not NaN', async () => {
    const g = (await collectOnce(createMemoryCollector(FIXTURES.now))).gauges;
    expect(g['mem.total_bytes']).toBe(24684096 * 1024);
    expect(g['mem.available_bytes']).toBe(24207516 * 1024);
    expect(g['mem.used_pct']).toBeCloseTo(((24684096 - 24207516) / 24684096) * 100, 10);
    expect(g['swap.used_pct']).toBe(0);
    expect(g['swap.total_bytes']).toBe(0);
  });

  it('counts keys without a kB unit as plain numbers', () => {
    expect(parseMeminfo('HugePages_Total:       4\nHugepagesize:       2048 kB\n')).toEqual({ HugePages_Total: 4, Hugepagesize: 2048 * 1024 });
  });

  it('falls back to free + buffers + cached on kernels without MemAvailable', () => {
    const g = memoryGauges(parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\nSwapTotal: 200 kB\nSwapFree: 50 kB\n'));
    expect(g['mem.available_bytes']).toBe(400 * 1024);
    expect(g['mem.used_pct']).toBeCloseTo(60);
    expect(g['swap.used_pct']).toBeCloseTo(75);
  });
});
