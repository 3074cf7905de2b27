// Three readings of the fixture trees through the whole path a sample takes: collectors →
// sampler → delta codec (and JSON) → derivation, across a counter reset and devices that come and go.
import { decodeSamples, encodeSamples, deriveMetrics, type Sample } from '@aura/protocol';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../log.js';
import { Sampler } from '../sampler.js';
import { FIXTURES } from '../testing.js';
import { createCollectors } from './index.js';

const T0 = 1_800_000_000_000;

async function readings(): Promise<Sample[]> {
  const out: Sample[] = [];
  for (const [i, tree] of (['now', 'later', 'unplugged'] as const).entries()) {
    const sampler = new Sampler({ collectors: createCollectors(FIXTURES[tree]), slowEvery: 1, log: createLogger('error', () => {}) });
    out.push(await sampler.sample(T0 + i * 5000));
  }
  return out;
}

describe('collectors → codec → derivation on fixtures', () => {
  it('survives the wire exactly, sending a reset counter as an absolute value and naming what vanished', async () => {
    const samples = await readings();
    const encoded = encodeSamples(samples);
    expect(decodeSamples(JSON.parse(JSON.stringify(encoded)))).toEqual(samples);
    expect(encoded[1]!.cr?.['net.eth0.rx_bytes_total']).toBe(1200);
    expect(encoded[1]!.cr?.['net.eth1.rx_bytes_total']).toBe(5000000);
    expect(encoded[2]!.cx).toContain('net.eth1.rx_bytes_total');
    expect(encoded[2]!.cx).toContain('diskio.nvme0n1.read_bytes_total');
  });

  it('derives the vocabulary: CPU percentages, per-second rates, a reset counted from zero, no rate for a newcomer', async () => {
    const [a, b, c] = await readings();
    const d1 = deriveMetrics(a, b!);
    // 1000 ticks in 5 s on 2 cores: 240 user, 120 system, 600 idle, 40 iowait.
    expect(d1['cpu.total']).toBeCloseTo(36, 10);
    expect(d1['cpu.user']).toBeCloseTo(24, 10);
    expect(d1['cpu.iowait']).toBeCloseTo(4, 10);
    expect(d1['net.eth0.rx_bps']).toBe(1200 / 5);
    expect(d1['net.eth1.rx_bps']).toBeUndefined();
    expect(d1['diskio.vda.read_bps']).toBe((400 * 512) / 5);
    expect(d1['diskio.vda.util_pct']).toBe(5);
    for (const m of ['load.1', 'mem.used_pct', 'swap.used_pct', 'tcp.established', 'uptime.seconds', 'temp.cpu', 'disk./.used_pct']) expect(d1[m], m).toBeTypeOf('number');
    const d2 = deriveMetrics(b, c!);
    expect(d2['net.eth0.rx_bps']).toBe(5000 / 5);
    expect(Object.keys(d2).some((k) => k.startsWith('net.eth1.') || k.startsWith('diskio.nvme0n1.'))).toBe(false);
  });
});
