// `aura replay` in-process on traces written like real exports: one JSON line per analysed
// step in event time, gaps and irregular times handled, warnings for unused columns, and bad
// input refused with one line and exit code 2.
import { createHealthyHost } from '@aura/analysis/scenarios';
import { deriveInto, type Sample } from '@aura/protocol';
import { describe, expect, it } from 'vitest';
import type { ReplayLine } from '../replay/index.js';
import { replayCommand } from './replay.js';

const T0 = Date.UTC(2025, 0, 1) / 1000;
const COLUMNS = ['cpu.total', 'cpu.iowait', 'load.1', 'mem.used_pct', 'swap.used_pct', 'disk./.used_pct', 'net.eth0.rx_bps', 'net.eth0.tx_bps', 'tcp.established', 'proc.count'];

/** A trace CSV of a simulated host: `minutes` of samples every `every` seconds, minus skipped minutes. */
function traceCsv(minutes: number, every = 5, skip: (minute: number) => boolean = () => false, extra = ''): string {
  const host = createHealthyHost({ id: 'replayed' });
  const lines = [`timestamp,${COLUMNS.join(',')}${extra ? `,${extra}` : ''}`];
  let prev: Sample | undefined;
  for (let s = 0; s < minutes * 60; s += every) {
    const sample = host.sample((T0 + s) * 1000);
    const values: Record<string, number> = {};
    deriveInto(prev, sample, (n, v) => (values[n] = v));
    prev = sample;
    if (skip(Math.floor(s / 60))) continue;
    // Irregular: a little jitter on each time, as real exporters have.
    const ts = T0 + s + (s % 3) * 0.2;
    lines.push([ts.toFixed(1), ...COLUMNS.map((c) => (values[c] === undefined ? '' : String(values[c]))), ...(extra ? ['7'] : [])].join(','));
  }
  return `${lines.join('\n')}\n`;
}

async function replay(text: string, args: string[] = []): Promise<{ code: number; lines: ReplayLine[]; stderr: string }> {
  let out = '';
  let err = '';
  const code = await replayCommand(['trace.csv', ...args], { stdout: (s) => (out += s), stderr: (s) => (err += s), env: {}, readFile: async () => text });
  return { code, lines: out.trim() ? out.trim().split('\n').map((l) => JSON.parse(l) as ReplayLine) : [], stderr: err };
}

describe('aura replay', () => {
  it('prints one line per analysed minute of event time, in unix seconds, with the documented fields', async () => {
    const { code, lines, stderr } = await replay(traceCsv(60));
    expect(code, stderr).toBe(0);
    expect(stderr).toBe('');
    expect(lines.length).toBe(60);
    for (const l of lines) expect(Object.keys(l)).toEqual(expect.arrayContaining(['ts', 'risk', 'anomaly', 'ttfSeconds', 'class', 'council']));
    expect(lines.every((l, i) => i === 0 || l.ts > lines[i - 1]!.ts)).toBe(true);
    expect(lines[0]!.ts).toBeGreaterThanOrEqual(T0);
    expect(lines.at(-1)!.ts).toBeLessThan(T0 + 3600);
    // Full windows once ten minutes are in; the drift baseline is learned after that.
    expect(lines[20]!.points).toBe(60);
    expect(lines.at(-1)!.anomaly).toBeTypeOf('number');
  });

  it('handles a gap: windows inside it say what is missing, analysis resumes after it', async () => {
    const { code, lines } = await replay(traceCsv(90, 5, (m) => m >= 40 && m < 60));
    expect(code).toBe(0);
    // The first minute after the gap has 12 samples in its window: too few, and it says so.
    const first = lines.find((l) => l.ts >= T0 + 60 * 60)!;
    expect(first.ts).toBeLessThan(T0 + 60 * 61);
    expect(first.points).toBe(0);
    expect(first.missing).toEqual([expect.stringMatching(/^topology: 12 of 20 samples in the window$/)]);
    const after = lines.at(-1)!;
    expect(after.points).toBe(60);
    // No line for the minutes with no samples at all: steps come from the trace's own times.
    expect(lines.some((l) => l.ts > T0 + 60 * 41 && l.ts < T0 + 60 * 59)).toBe(false);
  });

  it('reads a trace sampled every 15 s, and warns about columns it does not use', async () => {
    const { code, lines, stderr } = await replay(traceCsv(30, 15, undefined, 'agent.rss_bytes'));
    expect(code).toBe(0);
    expect(stderr).toMatch(/warning: 1 column\(s\) not used by the analysis, ignored: agent.rss_bytes/);
    expect(lines.at(-1)!.points).toBe(40); // 10 minutes at 15 s
  });

  it('refuses bad input with one line and exit code 2', async () => {
    for (const [text, message] of [
      ['', /trace.csv: the file is empty/],
      ['timestamp,cpu.total\n1,x\n', /row 2, column cpu.total: "x" is not a number/],
      ['timestamp,agent.rss_bytes\n1,2\n', /no column the analysis uses/],
    ] as const) {
      const r = await replay(text);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n').at(-1)).toMatch(message);
    }
    await expect(replayCommand(['trace.csv', '--points', '5'], { stdout: () => undefined, stderr: () => undefined, env: {}, readFile: async () => '' })).rejects.toThrow(/--points: "5"/);
  });
});
