// `aura simulate --scenario disk-fill` against the built server over real WebSockets: the stored
// metrics, read back through the API, show the precursor, the full disk at the labelled time and
// the recovery; the healthy host beside it stays healthy.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_TOKEN, Proc, SERVER_CLI, api, startServerProc, tempDir, type ServerProc } from '../helpers/procs.js';

interface Label {
  host: string;
  class: string;
  variant: string;
  failureTs: number;
  precursorStartTs: number;
  recoveryTs: number;
  abrupt: boolean;
  target?: string;
}
type Metrics = { timestamps: number[]; series: Record<string, Array<number | null>> };

describe('aura simulate --scenario', () => {
  let server: ServerProc;
  let sim: Proc | undefined;
  beforeAll(async () => {
    server = await startServerProc({ data: tempDir('sim-scenario') });
  });
  afterAll(async () => {
    await sim?.kill();
    await server?.kill();
  });

  it('disk-fill: the failing host fills its disk at the labelled time, then recovers; the other stays healthy', async () => {
    const child = spawn(
      process.execPath,
      [SERVER_CLI, 'simulate', '--server', server.url, '--token', AGENT_TOKEN, '--hosts', '2', '--scenario', 'disk-fill', '--speed', '1200', '--failure-after', '90m', '--status-every', '1s', '--batch', '24', '--prefix', 'scen'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    sim = new Proc('simulate', child);
    const first = JSON.parse(await sim.waitFor(/"failures":\[\{"host"/, 30_000)) as { scenario: string; startTs: number; failures: Label[] };
    expect(first.scenario).toBe('disk-fill');
    expect(first.failures).toHaveLength(1);
    const label = first.failures[0]!;
    expect(label).toMatchObject({ host: 'scen-0001', class: 'disk_fill', abrupt: false });
    expect(label.failureTs - first.startTs).toBe(5400);
    // Event-driven: the simulator reports the failing host's state from the samples it has sent.
    await sim.waitFor(/"state":"recovered"/, 120_000);
    const deadline = label.recoveryTs + 1800;
    const upTo = async () => {
      for (;;) {
        const line = await sim!.waitFor(/"eventTs":\d+/, 60_000, sim!.lines.length - 1);
        const ts = Number(/"eventTs":(\d+)/.exec(line)![1]);
        if (ts >= deadline) return;
        // Wait for the next status line rather than polling.
        await sim!.waitFor(/"eventTs":\d+/, 60_000, sim!.lines.length);
      }
    };
    await upTo();
    await sim.kill();
    const metric = `disk.${label.target}.used_pct`;
    const q = `from=${first.startTs}&to=${deadline}&step=1m&metrics=${encodeURIComponent(metric)}`;
    const sick = await api<Metrics>(server.url, `/api/v1/hosts/scen-0001/metrics?${q}`);
    const at = (ts: number) => {
      let best: number | null = null;
      sick.timestamps.forEach((t, i) => {
        if (t <= ts && sick.series[metric]![i] != null) best = sick.series[metric]![i]!;
      });
      return best as number | null;
    };
    const values = sick.series[metric]!.filter((v): v is number => v !== null);
    expect(values.length).toBeGreaterThan(60);
    const beforePrecursor = at(label.precursorStartTs - 60)!;
    const nearFailure = at(label.failureTs - 300)!;
    expect(beforePrecursor).toBeLessThan(90);
    expect(nearFailure).toBeGreaterThan(beforePrecursor);
    // The 1-minute rollup averages the minute, so the full disk shows in the minute after failureTs.
    const during = sick.timestamps.map((t, i) => [t, sick.series[metric]![i]] as const).filter(([t, v]) => t >= label.failureTs && t < label.recoveryTs - 60 && v !== null);
    expect(during.length).toBeGreaterThan(5);
    expect(Math.max(...during.map(([, v]) => v!))).toBeGreaterThanOrEqual(99.5);
    const before = sick.timestamps.map((t, i) => [t, sick.series[metric]![i]] as const).filter(([t, v]) => t < label.failureTs - 60 && v !== null);
    expect(Math.max(...before.map(([, v]) => v!))).toBeLessThan(99.5);
    expect(at(deadline)!).toBeLessThan(nearFailure);
    const well = await api<Metrics>(server.url, `/api/v1/hosts/scen-0002/metrics?from=${first.startTs}&to=${deadline}&step=1m&metrics=${encodeURIComponent('disk./.used_pct')},mem.used_pct`);
    const wellDisk = well.series['disk./.used_pct']!.filter((v): v is number => v !== null);
    expect(wellDisk.length).toBeGreaterThan(60);
    expect(Math.max(...wellDisk)).toBeLessThan(90);
  });

  it('refuses an unknown scenario and a bad --failure-after, naming them', async () => {
    for (const [args, re] of [
      [['--scenario', 'meltdown'], /--scenario: unknown scenario "meltdown" \(known: healthy, memory-leak/],
      [['--scenario', 'disk-fill', '--failure-after', 'soon'], /--failure-after: "soon" is not a duration/],
    ] as const) {
      const child = spawn(process.execPath, [SERVER_CLI, 'simulate', '--server', server.url, '--token', AGENT_TOKEN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      const p = new Proc('simulate-bad', child);
      const { code } = await p.exited;
      expect(code).toBe(2);
      expect(p.lines.join('\n')).toMatch(re);
    }
  });
});
