// The live stream over real WebSockets against a real server fed by a real agent connection:
// auth in the first message, the snapshot, coalesced fleet updates, watched samples, analyses,
// alert changes from the real council and an acknowledgement, refusals with close codes, and
// bounded pending rows.
import { STREAM_CLOSE, type AlertView, type HostAnalysis, type StreamServerMessage } from '@aura/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { API_TOKEN, T0, batchFrame, helloFrame, startTestServer, type TestAgent, type TestServer } from '../../testing.js';
import { MAX_ALERTS_PER_FLUSH, alertsMessage } from './index.js';

let t: TestServer;
let agent: TestAgent;
let seq = 0;

/** A stream client that queues messages and reports how the socket closed. */
class StreamPeer {
  readonly ws: WebSocket;
  readonly messages: StreamServerMessage[] = [];
  private waiters: Array<{ pick: (m: StreamServerMessage) => boolean; ok: (m: StreamServerMessage) => void }> = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;
  constructor(url: string) {
    this.ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/stream`);
    this.opened = new Promise((ok) => this.ws.once('open', () => ok()));
    this.closed = new Promise((ok) => this.ws.once('close', (code, reason) => ok({ code, reason: reason.toString() })));
    this.ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as StreamServerMessage;
      this.messages.push(m);
      this.waiters = this.waiters.filter((w) => (w.pick(m) ? (w.ok(m), false) : true));
    });
  }
  send(m: unknown): void {
    this.ws.send(typeof m === 'string' ? m : JSON.stringify(m));
  }
  /** The first message (already received or future) of this type that passes `pick`. */
  next<K extends StreamServerMessage['type']>(type: K, pick: (m: Extract<StreamServerMessage, { type: K }>) => boolean = () => true): Promise<Extract<StreamServerMessage, { type: K }>> {
    const test = (m: StreamServerMessage) => m.type === type && pick(m as Extract<StreamServerMessage, { type: K }>);
    const seen = this.messages.find(test);
    if (seen) return Promise.resolve(seen as Extract<StreamServerMessage, { type: K }>);
    return new Promise((ok) => this.waiters.push({ pick: test, ok: (m) => ok(m as Extract<StreamServerMessage, { type: K }>) }));
  }
  async signIn(): Promise<Extract<StreamServerMessage, { type: 'ready' }>> {
    await this.opened;
    this.send({ type: 'auth', token: API_TOKEN });
    return this.next('ready');
  }
}

async function sendSamples(n: number, startIndex: number, metrics: Record<string, number> = {}): Promise<void> {
  const samples = Array.from({ length: n }, (_, i) => ({
    ts: T0 + (startIndex + i) * 5000,
    gauges: { 'mem.used_pct': 40 + i, 'disk./.used_pct': 70, 'disk./var.used_pct': 91.25, 'disk./var.inodes_used_pct': 99, ...metrics },
    counters: { 'cpu.user_ticks': (startIndex + i) * 25, 'cpu.idle_ticks': (startIndex + i) * 75 },
  }));
  agent.send(batchFrame(++seq, samples));
  await agent.expect('ack');
}

beforeAll(async () => {
  t = await startTestServer();
  agent = t.agent();
  await agent.opened;
  agent.send(helloFrame('stream-web-1'));
  await agent.expect('welcome');
  await sendSamples(2, 0);
});
afterAll(async () => {
  await agent?.close();
  await t?.stop();
});

describe('/api/v1/stream', () => {
  it('refuses a first message that is not auth, and a wrong token, with 4401 and an error message', async () => {
    const a = new StreamPeer(t.server.url);
    await a.opened;
    a.send({ type: 'watch', hostId: 'stream-web-1' });
    expect((await a.closed).code).toBe(STREAM_CLOSE.unauthorized);
    expect(a.messages[0]).toMatchObject({ type: 'error', code: 'unauthorized' });
    const b = new StreamPeer(t.server.url);
    await b.opened;
    b.send({ type: 'auth', token: 'not-the-token-at-all' });
    expect((await b.closed).code).toBe(STREAM_CLOSE.unauthorized);
    expect(b.messages[0]).toMatchObject({ type: 'error', message: expect.stringMatching(/not valid/) });
  });

  it('refuses messages that are not JSON or not in the schema with 4400, naming what is wrong', async () => {
    const a = new StreamPeer(t.server.url);
    await a.opened;
    a.send('{nope');
    expect((await a.closed).code).toBe(STREAM_CLOSE.badMessage);
    const b = new StreamPeer(t.server.url);
    await b.signIn();
    b.send({ type: 'watch', hostId: '../etc/passwd' });
    expect((await b.closed).code).toBe(STREAM_CLOSE.badMessage);
    expect(b.messages.at(-1)).toMatchObject({ type: 'error', message: expect.stringMatching(/hostId/) });
  });

  it('a 404 for other WebSocket paths', async () => {
    const ws = new WebSocket(`${t.server.url.replace(/^http/, 'ws')}/api/v1/nope`);
    const status = await new Promise<number>((ok) => ws.on('unexpected-response', (_q, res) => ok(res.statusCode ?? 0)));
    ws.on('error', () => undefined);
    expect(status).toBe(404);
  });

  it('sends the fleet snapshot after auth: every host with its newest values and sparkline ring', async () => {
    const s = new StreamPeer(t.server.url);
    const ready = await s.signIn();
    const host = ready.hosts.find((h) => h.id === 'stream-web-1');
    // Values seen by the stream since the server started; the fullest filesystem counts, inodes do not.
    expect(host).toMatchObject({ hostname: 'stream-web-1.example.net', connected: true, mem: 41, disk: 91.3, cpu: 25, status: null, risk: null });
    expect(host!.points.length).toBe(2);
    expect(host!.lastSeen).toBe((T0 + 5000) / 1000);
    s.ws.close();
  });

  it('coalesces: many batches within one flush arrive as one fleet update per host, with every new point', async () => {
    const s = new StreamPeer(t.server.url);
    await s.signIn();
    // Wait for a flush boundary so all five batches land in the same second.
    await s.next('fleet').catch(() => undefined);
    const before = s.messages.length;
    for (let i = 0; i < 5; i++) await sendSamples(1, 10 + i);
    const update = await s.next('fleet', (m) => m.hosts.some((h) => h.id === 'stream-web-1' && h.points.some((p) => p[0] === (T0 + 14 * 5000) / 1000)));
    const fleetMessages = s.messages.slice(before).filter((m) => m.type === 'fleet');
    const pointsSeen = fleetMessages.flatMap((m) => (m.type === 'fleet' ? m.hosts.filter((h) => h.id === 'stream-web-1').flatMap((h) => h.points) : []));
    expect(pointsSeen.map((p) => p[0])).toEqual([10, 11, 12, 13, 14].map((i) => (T0 + i * 5000) / 1000));
    // Five batches, at most two flushes (a flush may fall between them), one entry per host per message.
    expect(fleetMessages.length).toBeLessThanOrEqual(2);
    for (const m of fleetMessages) if (m.type === 'fleet') expect(m.hosts.filter((h) => h.id === 'stream-web-1').length).toBe(1);
    expect(update.hosts[0]!.lastSeen).toBe((T0 + 14 * 5000) / 1000);
    s.ws.close();
  });

  it('a watcher gets every sample of its host with all metrics, and its analyses; the fleet gets the status', async () => {
    const s = new StreamPeer(t.server.url);
    await s.signIn();
    s.send({ type: 'watch', hostId: 'stream-web-1' });
    s.send({ type: 'ping', id: 7 });
    await s.next('pong', (m) => m.id === 7); // the watch was applied before the pong
    await sendSamples(3, 20, { 'temp.cpu': 55 });
    const samples = await s.next('samples', (m) => m.rows.some((r) => r.ts === (T0 + 22 * 5000) / 1000));
    expect(samples.hostId).toBe('stream-web-1');
    expect(samples.rows.at(-1)!.values).toMatchObject({ 'temp.cpu': 55, 'disk./var.inodes_used_pct': 99, 'cpu.total': 25 });
    const analysis: HostAnalysis = {
      hostId: 'stream-web-1',
      ts: (T0 + 22 * 5000) / 1000,
      topology: null,
      forecasts: [{ metric: 'disk./var.used_pct', value: 91.25, threshold: 100, slopePerHour: 1, ttfSeconds: 31_500 }],
      prediction: { risk: { '15m': 0.1, '1h': 0.2, '2h': 0.3, '4h': 0.4 }, ttfSeconds: 7200, class: 'disk_fill', classProbability: 0.8, drivers: [], recommendation: 'clean /var', model: 'test' },
      council: { ts: (T0 + 22 * 5000) / 1000, decision: 'warning', kind: 'disk', summary: 'disk /var filling', votes: [] },
    };
    t.server.events.emit('analysis.done', analysis);
    expect((await s.next('analysis')).analysis).toEqual(analysis);
    const fleet = await s.next('fleet', (m) => m.hosts.some((h) => h.status === 'warning'));
    expect(fleet.hosts.find((h) => h.id === 'stream-web-1')).toMatchObject({ status: 'warning', risk: 0.4, ttfSeconds: 7200 });
    s.send({ type: 'watch', hostId: null });
    s.ws.close();
  });

  it('marks a host disconnected when its agent leaves, in the next fleet update', async () => {
    const s = new StreamPeer(t.server.url);
    await s.signIn();
    const other = t.agent();
    await other.opened;
    other.send(helloFrame('stream-short-lived'));
    await other.expect('welcome');
    await s.next('fleet', (m) => m.hosts.some((h) => h.id === 'stream-short-lived' && h.connected));
    await other.close();
    await s.next('fleet', (m) => m.hosts.some((h) => h.id === 'stream-short-lived' && !h.connected));
    s.ws.close();
  });

  it('sends alert changes to every client, coalesced per flush (newest view of each alert), and an acknowledgement', async () => {
    const s = new StreamPeer(t.server.url);
    await s.signIn();
    const busy = t.agent();
    await busy.opened;
    busy.send(helloFrame('stream-busy-1'));
    await busy.expect('welcome');
    // Ten minutes of a 4-core host with its CPUs pegged and a long run queue: the council (from
    // the samples alone in this server) raises a cpu alert that goes pending, then fires.
    const samples = Array.from({ length: 60 }, (_, i) => ({ ts: T0 + i * 10_000, gauges: { 'load.1': 14, 'mem.used_pct': 40 }, counters: { 'cpu.user_ticks': i * 3960, 'cpu.idle_ticks': i * 40 } }));
    busy.send(batchFrame(1, samples));
    await busy.expect('ack');
    const firing = await s.next('alerts', (m) => m.alerts.some((a) => a.fingerprint === 'stream-busy-1/cpu' && a.state === 'firing'));
    const views = s.messages.flatMap((m) => (m.type === 'alerts' ? m.alerts.filter((a) => a.fingerprint === 'stream-busy-1/cpu') : []));
    // Many decisions touched the alert within the batch; each message holds it once.
    for (const m of s.messages) if (m.type === 'alerts') expect(new Set(m.alerts.map((a) => a.id)).size).toBe(m.alerts.length);
    expect(views.length).toBeLessThan(60);
    const alert = firing.alerts.find((a) => a.fingerprint === 'stream-busy-1/cpu')!;
    expect(alert).toMatchObject({ hostname: 'stream-busy-1.example.net', kind: 'cpu', acknowledged: null });
    expect(alert.decision?.votes.length).toBeGreaterThan(0);
    const res = await fetch(`${t.server.url}/api/v1/alerts/${alert.id}/ack`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ by: 'alice', comment: 'on it' }),
    });
    expect(res.status).toBe(200);
    const acked = await s.next('alerts', (m) => m.alerts.some((a) => a.id === alert.id && a.acknowledged !== null));
    expect(acked.alerts.find((a) => a.id === alert.id)!.acknowledged).toMatchObject({ by: 'alice', comment: 'on it' });
    await busy.close();
    s.ws.close();
  });
});

describe('alertsMessage', () => {
  const view = (id: number) => ({ id, fingerprint: `h-${id}/cpu` }) as AlertView;
  it('carries every changed alert up to the bound, then the newest ones and how many were left out', () => {
    expect(alertsMessage([view(1), view(2)])).toEqual({ type: 'alerts', alerts: [view(1), view(2)] });
    const many = Array.from({ length: MAX_ALERTS_PER_FLUSH + 5 }, (_, i) => view(i + 1));
    const m = alertsMessage(many);
    expect(m).toMatchObject({ type: 'alerts', omitted: 5 });
    expect(m.type === 'alerts' && m.alerts.map((a) => a.id)).toEqual(many.slice(5).map((a) => a.id));
  });
});
