// The alerts and silences API over real HTTP against a real server: an agent's samples make
// the council (standalone, from samples alone) raise a cpu alert; list, show, acknowledge;
// silences created, listed, expired; every 400 names its field.
import type { AlertResponse, AlertsResponse, AnalysisResponse, SilenceView } from '@aura/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { T0, batchFrame, helloFrame, startTestServer, type TestServer } from '../../testing.js';

let t: TestServer;

async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${t.server.url}/api/v1${path}`, {
    method,
    headers: { authorization: 'Bearer api-token-for-unit-tests-0123456789ab', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** 10 minutes every 10 s of a 4-core host with its CPUs pegged and a long run queue. */
function busySamples(from: number, n: number, busy = true) {
  return Array.from({ length: n }, (_, i) => ({
    ts: from + i * 10_000,
    gauges: { 'load.1': busy ? 14 : 0.5, 'mem.used_pct': 40 },
    counters: { 'cpu.user_ticks': i * (busy ? 3960 : 400), 'cpu.idle_ticks': i * (busy ? 40 : 3600) },
  }));
}

beforeAll(async () => {
  t = await startTestServer();
  const a = t.agent();
  await a.opened;
  a.send(helloFrame('busy-1'));
  await a.expect('welcome');
  const changed = new Promise<void>((ok) => t.server.events.on('alert.changed', (v) => v.state === 'firing' && ok()));
  a.send(batchFrame(1, busySamples(T0, 60)));
  await a.expect('ack');
  await changed;
  await a.close();
});
afterAll(async () => {
  await t?.stop();
});

describe('alerts API', () => {
  it('lists active alerts with the fleet event time; the alert carries its evidence and the votes', async () => {
    const { status, body } = await call<AlertsResponse>('GET', '/alerts');
    expect(status).toBe(200);
    expect(body.now).toBe((T0 + 590_000) / 1000);
    expect(body.alerts).toHaveLength(1);
    const a = body.alerts[0]!;
    expect(a).toMatchObject({ fingerprint: 'busy-1/cpu', hostId: 'busy-1', hostname: 'busy-1.example.net', kind: 'cpu', state: 'firing', severity: 'warning', acknowledged: null, silencedBy: [] });
    expect(a.evidence.some((e) => e.startsWith('resources: CPU 99% busy'))).toBe(true);
    expect(a.evidence.some((e) => e.startsWith('performance: load 14 is 3.5 per core'))).toBe(true);
    expect(a.decision!.votes.map((v) => v.analyser).sort()).toEqual(['network', 'performance', 'predictor', 'resources', 'security']);
    expect(a.url).toBe(`${t.server.url}/#/host/busy-1`);
    // Fired after the council's 5 minutes of `for`.
    expect(a.firedAt! - a.startsAt).toBeGreaterThanOrEqual(0);
    expect(a.firedAt).toBeGreaterThanOrEqual(T0 / 1000 + 300);
  });

  it('filters by state, host and kind; a bad state is a 400 naming it', async () => {
    expect((await call<AlertsResponse>('GET', '/alerts?state=resolved')).body.alerts).toEqual([]);
    expect((await call<AlertsResponse>('GET', '/alerts?host=busy-1&kind=cpu')).body.alerts).toHaveLength(1);
    expect((await call<AlertsResponse>('GET', '/alerts?kind=disk')).body.alerts).toHaveLength(0);
    expect(await call('GET', '/alerts?state=burning')).toMatchObject({ status: 400, body: { error: { field: 'state', message: 'query state: "burning" is not a state (one of pending, firing, resolved)' } } });
    expect((await call('GET', '/alerts?limit=0')).status).toBe(400);
    expect((await call('GET', '/alerts?colour=red')).body).toMatchObject({ error: { message: 'unknown query parameter: colour' } });
  });

  it('shows one alert with its history; unknown ids are 404', async () => {
    const [a] = (await call<AlertsResponse>('GET', '/alerts')).body.alerts;
    const { body } = await call<AlertResponse>('GET', `/alerts/${a!.id}`);
    expect(body.history.map((h) => h.type)).toContain('firing');
    expect(body.history.filter((h) => h.type === 'notified')).toEqual([]);
    expect((await call('GET', '/alerts/999999')).status).toBe(404);
    expect((await call('GET', '/alerts/abc')).status).toBe(404);
  });

  it('acknowledges (who and why), 400 without who, 404 unknown', async () => {
    const [a] = (await call<AlertsResponse>('GET', '/alerts')).body.alerts;
    expect(await call('POST', `/alerts/${a!.id}/ack`, {})).toMatchObject({ status: 400, body: { error: { field: 'by' } } });
    const r = await call<{ alert: AlertsResponse['alerts'][number] }>('POST', `/alerts/${a!.id}/ack`, { by: 'alice', comment: 'on it' });
    expect(r.status).toBe(200);
    expect(r.body.alert.acknowledged).toMatchObject({ by: 'alice', comment: 'on it' });
    expect((await call('POST', '/alerts/424242/ack', { by: 'x' })).status).toBe(404);
  });

  it('hosts/:id/analysis has the latest decision with its votes', async () => {
    const { body } = await call<AnalysisResponse>('GET', '/hosts/busy-1/analysis');
    expect(body.analysis!.council).toMatchObject({ decision: 'warning', kind: 'cpu' });
    expect(body.analysis!.council!.votes.length).toBeGreaterThanOrEqual(5);
    expect(body.missing).toEqual(['topology, forecasts and prediction: analysis is disabled in the configuration (analysis.enabled)']);
    expect((await call('GET', '/hosts/nobody/analysis')).status).toBe(404);
  });
});

describe('silences API', () => {
  it('creates a silence at the fleet event time, lists it, mutes the alert, expires it', async () => {
    const created = await call<{ silence: SilenceView }>('POST', '/silences', { matchers: [{ name: 'host', value: 'busy-.*', op: '=~' }], duration: '2h', createdBy: 'alice', comment: 'load test' });
    expect(created.status).toBe(201);
    const s = created.body.silence;
    expect(s).toMatchObject({ state: 'active', startsAt: (T0 + 590_000) / 1000, endsAt: (T0 + 590_000) / 1000 + 7200, createdBy: 'alice' });
    expect((await call<AlertsResponse>('GET', '/alerts')).body.alerts[0]!.silencedBy).toEqual([s.id]);
    expect((await call<{ silences: SilenceView[] }>('GET', '/silences?state=active')).body.silences.map((x) => x.id)).toEqual([s.id]);
    const expired = await call<{ silence: SilenceView }>('DELETE', `/silences/${s.id}`);
    expect(expired.body.silence.state).toBe('expired');
    expect((await call<{ silences: SilenceView[] }>('GET', '/silences?state=active')).body.silences).toEqual([]);
    expect((await call<AlertsResponse>('GET', '/alerts')).body.alerts[0]!.silencedBy).toEqual([]);
    expect((await call('GET', `/silences/${s.id}`)).status).toBe(200);
    expect((await call('DELETE', '/silences/nope')).status).toBe(404);
  });

  it('400s name the field: matchers, regex, times', async () => {
    const base = { createdBy: 'alice', comment: 'x', duration: '1h' };
    expect(await call('POST', '/silences', { ...base, matchers: [] })).toMatchObject({ status: 400, body: { error: { field: 'matchers' } } });
    expect(await call('POST', '/silences', { ...base, matchers: [{ name: 'colour', value: 'x' }] })).toMatchObject({ status: 400, body: { error: { field: 'matchers.0.name' } } });
    expect(await call('POST', '/silences', { ...base, matchers: [{ name: 'host', value: '(', op: '=~' }] })).toMatchObject({ status: 400, body: { error: { field: 'matchers.0.value' } } });
    expect(await call('POST', '/silences', { matchers: [{ name: 'host', value: 'x' }], createdBy: 'a', comment: 'x' })).toMatchObject({ status: 400, body: { error: { field: 'endsAt' } } });
    expect(await call('POST', '/silences', { matchers: [{ name: 'host', value: 'x' }], createdBy: 'a', comment: 'x', endsAt: '2020-01-01T00:00:00Z' })).toMatchObject({ status: 400, body: { error: { field: 'endsAt' } } });
    expect(await call('POST', '/silences', { ...base, matchers: [{ name: 'host', value: 'x' }], duration: 'soon' })).toMatchObject({ status: 400, body: { error: { field: 'duration' } } });
  });
});
