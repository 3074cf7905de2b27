// The hosts API through real HTTP against a real server, with data sent by an agent over the
// real WebSocket: the documented shapes, and 400s that name the field at fault.
import type { HostsResponse, MetricsResponse } from '@aura/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { T0, batchFrame, helloFrame, startTestServer, type TestServer } from '../../testing.js';

let t: TestServer;
const FROM = T0 / 1000;

beforeAll(async () => {
  t = await startTestServer();
  const a = t.agent();
  await a.opened;
  a.send(helloFrame('api-web-1'));
  await a.expect('welcome');
  // 10 minutes every 10 s: cpu ticks, rx bytes at 1000 B/s, memory alternating 40/60 %.
  const samples = Array.from({ length: 60 }, (_, i) => ({
    ts: T0 + i * 10_000,
    gauges: { 'load.1': i / 10, 'mem.used_pct': i % 2 === 0 ? 40 : 60, 'disk./.used_pct': 71.5 },
    counters: { 'net.eth0.rx_bytes_total': i * 10_000, 'cpu.user_ticks': i * 30, 'cpu.idle_ticks': i * 70 },
  }));
  a.send(batchFrame(1, samples));
  await a.expect('ack');
  // A second host registered but silent (it said hello, sent nothing).
  const b = t.agent();
  await b.opened;
  b.send(helloFrame('api-quiet'));
  await b.expect('welcome');
  await b.close();
  // The first agent stays connected.
});
afterAll(async () => {
  await t?.stop();
});

async function error(path: string): Promise<{ status: number; error: { code: string; message: string; field?: string } }> {
  const res = await t.api(path);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string; field?: string } };
  return { status: res.status, error: body.error };
}

describe('GET /api/v1/hosts', () => {
  it('lists hosts in the documented shape, lastSeen in unix seconds (null before the first sample)', async () => {
    const body = await t.json<HostsResponse>('/api/v1/hosts');
    expect(Object.keys(body)).toEqual(['hosts']);
    expect(body.hosts.map((h) => h.id)).toEqual(['api-quiet', 'api-web-1']);
    const web = body.hosts[1]!;
    expect(web).toEqual({
      id: 'api-web-1',
      hostname: 'api-web-1.example.net',
      lastSeen: (T0 + 590_000) / 1000,
      firstSeen: expect.any(Number),
      connected: true,
      agentVersion: '0.1.0-test',
      os: 'Debian 12',
      kernel: '6.1.0-18-amd64',
      arch: 'x64',
      cores: 4,
      memoryBytes: 8_000_000_000,
      intervalSeconds: 5,
    });
    expect(Math.abs(web.firstSeen - Date.now() / 1000)).toBeLessThan(3600);
    expect(body.hosts[0]).toMatchObject({ id: 'api-quiet', lastSeen: null, connected: false });
  });

  it('one host: summary, facts and the latest values', async () => {
    const body = await t.json<{ host: Record<string, unknown> & { latest: { ts: number; values: Record<string, number> } } }>('/api/v1/hosts/api-web-1');
    expect(body.host).toMatchObject({ id: 'api-web-1', connected: true, facts: { hostname: 'api-web-1.example.net', cpu: { cores: 4 } } });
    expect(body.host.latest.ts).toBe((T0 + 590_000) / 1000);
    expect(body.host.latest.values).toMatchObject({ 'load.1': 5.9, 'mem.used_pct': 60, 'net.eth0.rx_bps': 1000, 'cpu.total': 30 });
    expect((await t.json<{ host: { latest: unknown } }>('/api/v1/hosts/api-quiet')).host.latest).toBeNull();
  });
});

describe('GET /api/v1/hosts/:id/metrics', () => {
  it('columnar: {timestamps, series} with dotted names, values per timestamp, null where absent', async () => {
    const m = await t.json<MetricsResponse>(`/api/v1/hosts/api-web-1/metrics?from=${FROM}&to=${FROM + 30}&step=10s`);
    expect(m.timestamps).toEqual([FROM, FROM + 10, FROM + 20, FROM + 30]);
    expect(m.step).toBe(10);
    expect(m.source).toBe('raw');
    expect(Object.keys(m.series).sort()).toEqual(['cpu.iowait', 'cpu.steal', 'cpu.system', 'cpu.total', 'cpu.user', 'disk./.used_pct', 'load.1', 'mem.used_pct', 'net.eth0.rx_bps']);
    expect(m.series['mem.used_pct']).toEqual([40, 60, 40, 60]);
    expect(m.series['net.eth0.rx_bps']).toEqual([null, 1000, 1000, 1000]);
    expect(m.series['cpu.total']).toEqual([null, 30, 30, 30]);
    expect(m.series['disk./.used_pct']).toEqual([71.5, 71.5, 71.5, 71.5]);
  });

  it('times as ISO 8601, step as a duration, metric prefixes and min/max', async () => {
    const iso = new Date(T0).toISOString();
    const to = new Date(T0 + 599_999).toISOString();
    const m = await t.json<MetricsResponse>(`/api/v1/hosts/api-web-1/metrics?from=${iso}&to=${to}&step=1m&metrics=mem.*,load.1&agg=max`);
    expect(m.source).toBe('1m');
    expect(m.timestamps).toHaveLength(10);
    expect(Object.keys(m.series).sort()).toEqual(['load.1', 'mem.used_pct']);
    expect(m.series['mem.used_pct']).toEqual(Array(10).fill(60));
    expect(m.series['load.1']![0]).toBe(0.5);
    const min = await t.json<MetricsResponse>(`/api/v1/hosts/api-web-1/metrics?from=${iso}&to=${to}&step=60&metrics=mem.used_pct&agg=min`);
    expect(min.series['mem.used_pct']).toEqual(Array(10).fill(40));
    const avg = await t.json<MetricsResponse>(`/api/v1/hosts/api-web-1/metrics?from=${iso}&to=${to}&step=5m&metrics=mem.used_pct`);
    expect(avg.series['mem.used_pct']).toEqual([50, 50]);
  });

  it('without from/to: the last hour, with an automatic step', async () => {
    const m = await t.json<MetricsResponse>('/api/v1/hosts/api-web-1/metrics');
    expect(m).toEqual({ timestamps: [], series: {}, step: 5, source: 'raw' });
  });

  it.each([
    ['from=yesterday', 'from', /^query from: "yesterday" is not a time/],
    ['to=13:00', 'to', /^query to: /],
    ['step=5x', 'step', /^query step: "5x" is not a duration/],
    ['step=500ms', 'step', /^query step: must be at least 1s$/],
    [`from=${FROM + 10}&to=${FROM}`, 'from', /^query from: must not be after "to"$/],
    [`from=0&to=${FROM}&step=1s`, 'step', /more than 11000; use a larger step$/],
    ['agg=median', 'agg', /^query agg: /],
    ['metrics=cpu.total,Not%20A%20Name', 'metrics', /^query metrics: "Not A Name" is not a metric name like "cpu.total" or a prefix ending in "\*"/],
    ['bogus=1', 'bogus', /^unknown query parameter: bogus$/],
  ])('400 for %s, naming the field', async (query, field, message) => {
    const r = await error(`/api/v1/hosts/api-web-1/metrics?${query}`);
    expect(r.status).toBe(400);
    expect(r.error.code).toBe('bad_request');
    expect(r.error.field).toBe(field);
    expect(r.error.message).toMatch(message);
  });

  it('the most points allowed is fine; one more is not', async () => {
    // 11,000 points at 1 s: from … from + 10,999.
    expect((await t.api(`/api/v1/hosts/api-web-1/metrics?from=${FROM}&to=${FROM + 10_999}&step=1s`)).status).toBe(200);
    expect((await t.api(`/api/v1/hosts/api-web-1/metrics?from=${FROM}&to=${FROM + 11_000}&step=1s`)).status).toBe(400);
  });
});

describe('not found and bad ids', () => {
  it('404 for an unknown host, on every host route', async () => {
    for (const path of ['/api/v1/hosts/no-such-host', '/api/v1/hosts/no-such-host/metrics']) {
      const r = await error(path);
      expect(r).toEqual({ status: 404, error: { code: 'not_found', message: 'no host with id "no-such-host"' } });
    }
  });

  it('400 for a host id that is not a safe file name', async () => {
    const r = await error('/api/v1/hosts/..%2F..%2Fetc/metrics');
    expect(r.status).toBe(400);
    expect(r.error.code).toBe('bad_request');
  });

  it('404 JSON for routes that do not exist', async () => {
    expect(await error('/api/v1/nope')).toEqual({ status: 404, error: { code: 'not_found', message: 'no route for GET /api/v1/nope' } });
    expect(await error('/nope')).toEqual({ status: 404, error: { code: 'not_found', message: 'no route for GET /nope' } });
    expect((await t.api('/api/v1/hosts', { method: 'DELETE' })).status).toBe(404);
  });
});
