import { describe, expect, it } from 'vitest';
import { collectOnce, FIXTURES, fixture } from '../testing.js';
import { createCpuCollector, parseProcStat } from './cpu.js';

describe('cpu', () => {
  it('parses machine and per-core ticks, run queue and boot time from a captured /proc/stat', () => {
    const s = parseProcStat(fixture('proc/stat'));
    expect(s.total).toEqual({ user: 209413, nice: 0, system: 54417, idle: 661643, iowait: 39600, irq: 0, softirq: 3705, steal: 159 });
    expect(s.cores.map((c) => c.core)).toEqual([0, 1]);
    expect(s.cores[0]!.ticks.idle).toBe(365523);
    expect(s).toMatchObject({ procsRunning: 1, procsBlocked: 0, contextSwitches: 15182565, forks: 42919, bootTime: 1795386898 });
  });

  it('takes what an old kernel prints (no steal column) and ignores lines it does not know', () => {
    const s = parseProcStat('cpu  10 0 5 100 1 0 0\ncpu7 1 2 3 4 5 6 7\nintr 1 2 3\nbogus\n');
    expect(s.total).toEqual({ user: 10, nice: 0, system: 5, idle: 100, iowait: 1, irq: 0, softirq: 0 });
    expect(s.cores).toEqual([{ core: 7, ticks: { user: 1, nice: 2, system: 3, idle: 4, iowait: 5, irq: 6, softirq: 7 } }]);
  });

  it('emits COUNTER.cpuTicks names for the machine and each core', async () => {
    const out = await collectOnce(createCpuCollector(FIXTURES.now));
    expect(out.counters['cpu.user_ticks']).toBe(209413);
    expect(out.counters['cpu.core.1.iowait_ticks']).toBe(33796);
    expect(Object.keys(out.counters).filter((k) => k.startsWith('cpu.core.'))).toHaveLength(16);
    expect(out.gauges).toEqual({ 'proc.running': 1, 'proc.blocked': 0 });
  });
});
