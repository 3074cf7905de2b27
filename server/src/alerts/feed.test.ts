// The council feed in a real server: inputs built from what ingest stored (facts, recent
// samples, the newest connection summary, the fleet), standalone decisions once per minute of
// event time, and the council's memory surviving a restart.
import type { HostAnalysis } from '@aura/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { T0, batchFrame, helloFrame, startTestServer, tempDir, type TestServer } from '../testing.js';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop(false);
});

function samples(from: number, n: number) {
  return Array.from({ length: n }, (_, i) => ({
    ts: from + i * 10_000,
    gauges: { 'load.1': 0.5, 'mem.used_pct': 40, 'proc.count': 150 },
    counters: { 'cpu.user_ticks': i * 400, 'cpu.idle_ticks': i * 3600 },
    ...(i % 6 === 0 ? { conns: { listening: [22, 443], remotes: [{ addr: '10.0.0.9', port: 5432, count: 3 }] } } : {}),
  }));
}

async function feed(t: TestServer, hostId: string, seq: number, from: number, n: number): Promise<HostAnalysis[]> {
  const a = t.agent();
  await a.opened;
  a.send(helloFrame(hostId, { instanceId: `inst-${hostId}-0001` }));
  await a.expect('welcome');
  const done: HostAnalysis[] = [];
  const on = (x: HostAnalysis) => x.hostId === hostId && done.push(x);
  t.server.events.on('analysis.done', on);
  a.send(batchFrame(seq, samples(from, n)));
  await a.expect('ack');
  t.server.events.off('analysis.done', on);
  await a.close();
  return done;
}

describe('council feed', () => {
  it('decides once per minute of event time with facts, recent samples, connections and the fleet', async () => {
    const t = await startTestServer();
    servers.push(t);
    const done = await feed(t, 'feed-1', 1, T0, 60);
    // 10 minutes of samples from T0: a decision as each new minute starts.
    expect(done.map((d) => d.ts)).toEqual(Array.from({ length: 9 }, (_, i) => T0 / 1000 + 60 * (i + 1)));
    expect(done.every((d) => d.council?.decision === 'ok' && d.topology === null && d.prediction === null)).toBe(true);
    const input = t.server.alerting.feed.inputFor({ hostId: 'feed-1', ts: (T0 + 590_000) / 1000, topology: null, forecasts: [], prediction: null });
    expect(input.facts?.cpu.cores).toBe(4);
    expect(input.recent.at(-1)).toMatchObject({ ts: T0 + 590_000, values: { 'load.1': 0.5, 'mem.used_pct': 40 } });
    expect(input.recent.every((s) => s.ts > T0 + 470_000)).toBe(true);
    expect(input.conns).toEqual({ ts: T0 + 540_000, summary: { listening: [22, 443], remotes: [{ addr: '10.0.0.9', port: 5432, count: 3 }] } });
    expect(input.fleet).toMatchObject({ now: T0 + 590_000, hosts: { 'feed-1': { lastSeen: T0 + 590_000, intervalMs: 5000 } } });
  });

  it("the council's memory of a host survives a restart", async () => {
    const dir = tempDir('aura-feed-');
    const t = await startTestServer({}, dir.dir);
    await feed(t, 'feed-2', 1, T0, 30);
    const before = t.server.alerting.council.exportHost('feed-2');
    expect(before?.lastTs).toBe(T0 + 240_000);
    await t.stop(false);
    const again = await startTestServer({}, dir.dir);
    servers.push(again);
    expect(again.server.alerting.council.exportHost('feed-2')).toEqual(before);
    // And it goes on from there: the fleet clock starts from the catalog.
    expect(again.server.alerting.now()).toBe(T0 + 290_000);
    dir.remove();
  });
});
