// The host vector: aggregation over disks and interfaces, load per core, missing features.
import { describe, expect, it } from 'vitest';
import { FEATURE_COUNT, FEATURE_INDEX, HOST_FEATURES, hostVector, hostVectorOf, transformFeature } from './host-vector.js';

const at = (v: Float64Array, name: string) => v[FEATURE_INDEX[name]!];

describe('hostVector', () => {
  it('takes the worst filesystem, sums interfaces and devices, divides load by cores, ignores lo', () => {
    const v = hostVectorOf(
      {
        'cpu.total': 37.5,
        'load.1': 6,
        'mem.used_pct': 71,
        'disk./.used_pct': 40,
        'disk./var/lib/data.used_pct': 93,
        'disk./.inodes_used_pct': 12,
        'diskio.sda.read_bps': 100,
        'diskio.nvme0n1.read_bps': 50,
        'diskio.sda.write_bps': 7,
        'net.eth0.rx_bps': 1000,
        'net.eth1.rx_bps': 24,
        'net.lo.rx_bps': 1e9,
        'net.eth0.rx_errors': 0.5,
        'net.eth0.tx_errors': 0.25,
        'net.eth0.rx_drops': 2,
        'tcp.established': 120,
      },
      4,
    );
    expect(at(v, 'cpu.total')).toBe(37.5);
    expect(at(v, 'load.per_core')).toBe(1.5);
    expect(at(v, 'disk.max_used_pct')).toBe(93);
    expect(at(v, 'disk.max_inodes_used_pct')).toBe(12);
    expect(at(v, 'diskio.read_bps')).toBe(150);
    expect(at(v, 'diskio.write_bps')).toBe(7);
    expect(at(v, 'net.rx_bps')).toBe(1024);
    expect(at(v, 'net.errors')).toBe(0.75);
    expect(at(v, 'net.drops')).toBe(2);
    expect(at(v, 'tcp.established')).toBe(120);
    // Not in the sample: missing, not zero.
    expect(at(v, 'swap.used_pct')).toBeNaN();
    expect(at(v, 'net.tx_bps')).toBeNaN();
    expect(at(v, 'proc.count')).toBeNaN();
  });

  it('reuses the output buffer and clears it first; unknown cores keep load as is', () => {
    const out = new Float64Array(FEATURE_COUNT);
    hostVector(['cpu.total'], [50], undefined, out);
    hostVector(['load.1', 'cpu.total'], [3, Number.NaN], undefined, out);
    expect(at(out, 'load.per_core')).toBe(3);
    expect(at(out, 'cpu.total')).toBeNaN();
  });

  it('compares heavy-tailed rates on a log scale and percentages as they are', () => {
    expect(transformFeature(FEATURE_INDEX['net.rx_bps']!, Math.E - 1)).toBeCloseTo(1, 12);
    expect(transformFeature(FEATURE_INDEX['mem.used_pct']!, 42)).toBe(42);
    expect(new Set(HOST_FEATURES.map((f) => f.name)).size).toBe(FEATURE_COUNT);
  });
});
