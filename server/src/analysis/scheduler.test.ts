// Analysis in a real server: a simulated host's samples over a real WebSocket, worker threads
// analysing each minute of event time, the analysis and topology endpoints, state kept across a
// restart, and bad queries refused with the field named.
import { createHealthyHost } from '@aura/analysis/scenarios';
import type { AnalysisResponse, HostAnalysis, TopologyHistoryResponse } from '@aura/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { T0, batchFrame, helloFrame, startTestServer, tempDir, type TestServer } from '../testing.js';

const HOST = 'analysed-1';
const dir = tempDir('aura-analysis-');
let t: TestServer;
let seq = 0;
const host = createHealthyHost({ id: HOST });
let nextTs = T0;

/**
 * Send `minutes` of 5 s samples in batches of 12 (one minute each), waiting for each ack and,
 * as a real agent's pace allows, for that minute's analysis (sent all at once, minutes would be
 * coalesced into fewer analyses of the newest window: see the coalescing test).
 */
async function stream(minutes: number, paced = true): Promise<void> {
  const a = t.agent();
  await a.opened;
  a.send(helloFrame(HOST));
  await a.expect('welcome');
  for (let m = 0; m < minutes; m++) {
    const batch = Array.from({ length: 12 }, () => host.sample((nextTs += 5000)));
    const analysed = analyses(1);
    a.send(batchFrame(++seq, batch));
    await a.expect('ack');
    if (paced) await analysed;
  }
  await a.close();
}

/** Resolve once `count` analyses of the host are done. */
function analyses(count: number): Promise<HostAnalysis[]> {
  const seen: HostAnalysis[] = [];
  return new Promise((resolve) => {
    const on = (a: HostAnalysis) => {
      if (a.hostId !== HOST) return;
      seen.push(a);
      if (seen.length >= count) {
        t.server.events.off('analysis.done', on);
        resolve(seen);
      }
    };
    t.server.events.on('analysis.done', on);
  });
}

const start = () => startTestServer({ analysis: { enabled: true, workers: 1 } }, dir.dir);

beforeAll(async () => {
  t = await start();
});
afterAll(async () => {
  await t?.stop();
  dir.remove();
});

describe('analysis in the server', () => {
  it('analyses each new minute of event time in a worker and serves the latest analysis', async () => {
    const done = analyses(12);
    await stream(12);
    const seen = await done;
    // The first windows are too short to analyse, and say so.
    expect(seen[0]!.topology).toBeNull();
    expect(seen.at(-1)!.topology).not.toBeNull();
    // Windows end on the host's newest sample, a minute apart in event time.
    const gaps = seen.slice(1).map((a, i) => a.ts - seen[i]!.ts);
    expect(gaps.every((g) => g >= 60), JSON.stringify(gaps)).toBe(true);
    const body = await t.json<AnalysisResponse>(`/api/v1/hosts/${HOST}/analysis`);
    const last = body.analysis!;
    expect(last.hostId).toBe(HOST);
    expect(last.ts).toBe(seen.at(-1)!.ts);
    expect(last.topology!.points).toBe(60); // 10 minutes of 5 s samples, thinned to 60
    expect(last.topology!.metrics).toEqual(expect.arrayContaining(['cpu.total', 'mem.used_pct', 'net.rx_bps']));
    expect(last.topology!.drift.learned).toBeGreaterThanOrEqual(10);
    expect(last.topology!.diagrams!.current).toHaveLength(2);
    expect(body.missing).toEqual([]);
    // The shipped CfC model predicted this minute: risks per horizon, in [0, 1].
    const p = last.prediction!;
    expect(p.model).toMatch(/^cfc-[0-9a-f]{16}$/);
    expect(Object.keys(p.risk)).toEqual(['15m', '1h', '2h', '4h']);
    expect(Object.values(p.risk).every((r) => r >= 0 && r <= 1)).toBe(true);
    // And the exhaustion forecasts come with the same step once history allows (none yet: 12 minutes).
    expect(last.forecasts).toEqual([]);
  });

  it('keeps the topology history, one row per analysed window, in event time', async () => {
    const h = await t.json<TopologyHistoryResponse>(`/api/v1/hosts/${HOST}/topology?from=${T0 / 1000}&to=${nextTs / 1000}`);
    expect(h.timestamps.length).toBe(11); // minutes 2–12 had at least 20 samples
    expect(h.timestamps[0]).toBeGreaterThanOrEqual(T0 / 1000);
    expect(Object.keys(h.series)).toEqual(expect.arrayContaining(['betti.0', 'betti.1', 'entropy.1', 'wasserstein', 'drift.score', 'drift.threshold']));
    expect(h.series['points']!.at(-1)).toBe(60);
    // Without from/to: the last 24 h of wall time, long after this 2025 trace.
    expect((await t.json<TopologyHistoryResponse>(`/api/v1/hosts/${HOST}/topology`)).timestamps).toEqual([]);
  });

  it('carries each host’s state across a restart: learning resumes where it stopped', async () => {
    const before = (await t.json<AnalysisResponse>(`/api/v1/hosts/${HOST}/analysis`)).analysis!;
    await t.stop(false);
    t = await start();
    // Served from the host file before any new sample arrives.
    const stored = (await t.json<AnalysisResponse>(`/api/v1/hosts/${HOST}/analysis`)).analysis!;
    expect(stored.ts).toBe(before.ts);
    const done = analyses(1);
    await stream(1);
    const [next] = await done;
    expect(next!.topology!.drift.learned).toBe(before.topology!.drift.learned + 1);
    // The window after the restart is whole: the ring was warmed from the stored samples.
    expect(next!.topology!.points).toBe(60);
  });

  it('coalesces: minutes that arrive faster than they are analysed give fewer analyses, of the newest window', async () => {
    const seen: HostAnalysis[] = [];
    const on = (a: HostAnalysis) => seen.push(a);
    t.server.events.on('analysis.done', on);
    await stream(20, false);
    await expect.poll(() => seen.at(-1)?.ts, { timeout: 20_000 }).toBe(nextTs / 1000);
    t.server.events.off('analysis.done', on);
    expect(seen.length).toBeLessThan(20);
  });

  it('refuses bad queries with the field named, unknown hosts with 404', async () => {
    const bad = await t.api(`/api/v1/hosts/${HOST}/topology?from=yesterday`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('from');
    const extra = await t.api(`/api/v1/hosts/${HOST}/topology?step=1m`);
    expect(extra.status).toBe(400);
    expect((await t.api('/api/v1/hosts/nobody/analysis')).status).toBe(404);
    expect((await t.api(`/api/v1/hosts/${HOST}/analysis`, { token: null })).status).toBe(401);
  });

  it('exposes its backlog, throughput and per-host latency on /metrics', async () => {
    const text = await (await t.api('/metrics')).text();
    const value = (name: string) => Number(new RegExp(`^${name.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('aura_analysis_workers')).toBe(1);
    expect(value('aura_analysis_windows_total')).toBeGreaterThanOrEqual(1);
    expect(value('aura_analysis_failures_total')).toBe(0);
    expect(value('aura_analysis_duration_seconds_count')).toBe(value('aura_analysis_windows_total'));
    expect(value('aura_analysis_queue_depth')).toBeGreaterThanOrEqual(0);
  });

  it('reports the workers in /readyz', async () => {
    const res = await fetch(`${t.server.url}/readyz`);
    expect(((await res.json()) as { checks: Record<string, string> }).checks.analysis).toBe('ok');
  });
});
