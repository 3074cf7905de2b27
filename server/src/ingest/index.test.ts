// The agent stream over real WebSockets against a real server on a loopback port: every refusal
// comes with an error frame, a close code from CLOSE_CODES and a reason naming the problem, and
// nothing of a refused frame is stored (checked through the API, as a user would).
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CLOSE_CODES, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, type Sample } from '@aura/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TOKEN, T0, TestAgent, batchFrame, helloFrame, netSample, startTestServer, type TestServer } from '../testing.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ agents: { maxFrameBytes: '64KiB' } });
});
afterAll(async () => {
  await t?.stop();
});

/** Timestamps the API has for a host in the hour after T0 (one per stored sample). */
async function stored(hostId: string): Promise<number[]> {
  const from = T0 / 1000;
  const res = await t.api(`/api/v1/hosts/${hostId}/metrics?from=${from}&to=${from + 3600}&step=1s`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { timestamps: number[] }).timestamps;
}

/** A connected agent that has said hello and got its welcome. */
async function helloed(hostId: string, instanceId?: string): Promise<{ a: TestAgent; lastSeq: number }> {
  const a = t.agent();
  await a.opened;
  a.send(helloFrame(hostId, instanceId ? { instanceId } : {}));
  const w = await a.expect('welcome');
  return { a, lastSeq: w.lastSeq };
}

/** The refusal an agent gets: its last frame (an error frame) and how the socket closed. */
async function refusal(a: TestAgent) {
  const closed = await a.closed;
  const frames = a.drain();
  return { ...closed, frames, error: frames.at(-1) };
}

const batchOf = (n: number, start = T0): Sample[] => Array.from({ length: n }, (_, i) => netSample(start + i * 5000, i * 5000));

describe('agent upgrade', () => {
  it('without a token: HTTP 401 and no upgrade', async () => {
    const a = t.agent(null);
    await expect(a.opened).rejects.toThrow(/401/);
    const c = await a.closed;
    expect(c.refused?.status).toBe(401);
    expect(c.refused?.body).toMatch(/missing "Authorization: Bearer <agent token>"/);
    expect(t.server.ingest.connectedCount).toBe(0);
  });

  it('with a wrong token, or the API token: HTTP 401', async () => {
    for (const token of ['not-the-agent-token-at-all', API_TOKEN]) {
      const a = t.agent(token);
      await expect(a.opened).rejects.toThrow(/401/);
      const c = await a.closed;
      expect(c.refused?.status).toBe(401);
      expect(c.refused?.body).toMatch(/not valid or was revoked/);
    }
  });

  it('with a revoked token: HTTP 401', async () => {
    const { id, token } = t.server.catalog.createToken('agent', 'short-lived');
    const ok = t.agent(token);
    await ok.opened;
    await ok.close();
    t.server.catalog.revokeToken(id);
    const a = t.agent(token);
    await expect(a.opened).rejects.toThrow(/401/);
  });

  it('on another path: 404', async () => {
    const a = new TestAgent(`${t.server.url.replace(/^http/, 'ws')}/v1/nope`, 'x');
    expect((await a.closed).refused?.status).toBe(404);
  });
});

describe('agent stream', () => {
  it('hello → welcome (lastSeq 0), batch → ack after commit; the samples are in the API', async () => {
    const a = t.agent();
    await a.opened;
    a.send(helloFrame('ing-basic'));
    const w = await a.expect('welcome');
    expect(w).toEqual({ type: 'welcome', protocol: PROTOCOL_VERSION, hostId: 'ing-basic', lastSeq: 0, config: { intervalMs: 5000 } });
    a.send(batchFrame(1, batchOf(3)));
    expect(await a.next()).toEqual({ type: 'ack', seq: 1 });
    expect(await stored('ing-basic')).toEqual([T0, T0 + 5000, T0 + 10_000].map((x) => x / 1000));
    const m = (await t.json(`/api/v1/hosts/ing-basic/metrics?from=${T0 / 1000}&to=${T0 / 1000 + 10}&step=5s`)) as { series: Record<string, unknown[]> };
    expect(m.series['net.eth0.rx_bps']).toEqual([null, 1000, 1000]);
    expect(t.server.ingest.isConnected('ing-basic' as never)).toBe(true);
    await a.close();
  });

  it('a reconnect with the same instance gets the last acked seq; a replayed seq is acked again and stored once', async () => {
    const { a } = await helloed('ing-replay', 'instance-replay-1');
    a.send(batchFrame(1, batchOf(2)));
    await a.expect('ack');
    a.send(batchFrame(2, batchOf(2, T0 + 10_000)));
    expect(await a.expect('ack')).toEqual({ type: 'ack', seq: 2 });
    await a.close();

    const again = await helloed('ing-replay', 'instance-replay-1');
    expect(again.lastSeq).toBe(2);
    // The agent never got the ack for 2 and replays it, then 1 for good measure, then goes on.
    again.a.send(batchFrame(2, batchOf(2, T0 + 10_000)));
    expect(await again.a.expect('ack')).toEqual({ type: 'ack', seq: 2 });
    again.a.send(batchFrame(1, batchOf(2)));
    expect(await again.a.expect('ack')).toEqual({ type: 'ack', seq: 1 });
    again.a.send(batchFrame(3, batchOf(1, T0 + 20_000)));
    expect(await again.a.expect('ack')).toEqual({ type: 'ack', seq: 3 });
    expect(await stored('ing-replay')).toEqual([0, 5, 10, 15, 20].map((s) => T0 / 1000 + s));
    expect(t.server.ingest.stats.duplicateBatches).toBeGreaterThanOrEqual(2);
    await again.a.close();

    // Sequence numbers belong to an agent instance (a reinstalled agent starts over).
    const other = await helloed('ing-replay', 'instance-replay-2');
    expect(other.lastSeq).toBe(0);
    await other.a.close();
    expect((await helloed('ing-replay', 'instance-replay-1')).lastSeq).toBe(3);
  });

  it('the hosts API lists a connected host', async () => {
    const { a } = await helloed('ing-listed');
    const body = (await t.json('/api/v1/hosts')) as { hosts: Array<{ id: string; connected: boolean; hostname: string }> };
    expect(body.hosts.find((h) => h.id === 'ing-listed')).toMatchObject({ connected: true, hostname: 'ing-listed.example.net' });
    await a.close();
  });

  it('a second connection for the same host replaces the first (4409)', async () => {
    const first = await helloed('ing-twice');
    const second = await helloed('ing-twice');
    const r = await refusal(first.a);
    expect(r.code).toBe(CLOSE_CODES.replaced);
    expect(r.reason).toMatch(/another connection for this host took over/);
    expect(r.error).toMatchObject({ type: 'error', code: 'replaced' });
    // The new one works, and the host stays connected after the old socket is gone.
    second.a.send(batchFrame(1, batchOf(1)));
    expect(await second.a.expect('ack')).toEqual({ type: 'ack', seq: 1 });
    expect(t.server.ingest.isConnected('ing-twice' as never)).toBe(true);
    await second.a.close();
  });
});

describe('bad frames: an error frame, a close code and a reason, and nothing stored', () => {
  it('malformed JSON before hello: 4400, host never registered', async () => {
    const a = t.agent();
    await a.opened;
    a.send('{"type":"hello",');
    const r = await refusal(a);
    expect(r.code).toBe(CLOSE_CODES.badFrame);
    expect(r.reason).toBe('bad_frame: frame is not valid JSON');
    expect(r.error).toEqual({ type: 'error', code: 'bad_frame', message: 'frame is not valid JSON' });
  });

  it('malformed JSON after hello: 4400 and nothing stored', async () => {
    const { a } = await helloed('ing-badjson');
    a.send(`${JSON.stringify(batchFrame(1, batchOf(2)))}}`);
    const r = await refusal(a);
    expect(r.code).toBe(CLOSE_CODES.badFrame);
    expect(r.reason).toMatch(/not valid JSON/);
    expect(await stored('ing-badjson')).toEqual([]);
  });

  it('a schema-invalid batch: 4400 naming the field, nothing of it stored', async () => {
    const { a } = await helloed('ing-schema');
    const frame = batchFrame(1, batchOf(3));
    (frame.samples[2] as { t: unknown }).t = 'later';
    a.send(frame);
    const r = await refusal(a);
    expect(r.code).toBe(CLOSE_CODES.badFrame);
    expect(r.reason).toMatch(/^bad_frame: samples\[2\]\.t: /);
    expect(r.error).toMatchObject({ type: 'error', code: 'bad_frame', message: expect.stringMatching(/^samples\[2\]\.t: /) });
    expect(await stored('ing-schema')).toEqual([]);
  });

  it('a schema-invalid hello names the field; the host is not registered', async () => {
    const a = t.agent();
    await a.opened;
    const hello = helloFrame('ing-badhello');
    (hello.host.cpu as { cores: unknown }).cores = 'four';
    a.send(hello);
    const r = await refusal(a);
    expect(r.code).toBe(CLOSE_CODES.badFrame);
    expect(r.reason).toMatch(/host\.cpu\.cores: /);
    expect((await t.api('/api/v1/hosts/ing-badhello')).status).toBe(404);
    expect(existsSync(join(t.dir, 'hosts', 'ing-badhello.db'))).toBe(false);
  });

  it('a batch that does not decode (an increment with no previous value): 4400, nothing stored', async () => {
    const { a } = await helloed('ing-decode');
    const frame = batchFrame(1, batchOf(2));
    frame.samples[1]!.c = { 'net.eth9.rx_bytes_total': 5 };
    a.send(frame);
    const r = await refusal(a);
    expect(r.code).toBe(CLOSE_CODES.badFrame);
    expect(r.reason).toMatch(/no previous value/);
    expect(await stored('ing-decode')).toEqual([]);
  });

  it('a batch before hello: 4400 "the first frame must be hello"', async () => {
    const a = t.agent();
    await a.opened;
    a.send(batchFrame(1, batchOf(1)));
    const r = await refusal(a);
    expect(r.code).toBe(CLOSE_CODES.badFrame);
    expect(r.reason).toBe('bad_frame: the first frame must be hello');
    expect(r.error).toMatchObject({ type: 'error', code: 'bad_frame' });
  });

  it('hello twice, or a binary frame: 4400', async () => {
    const one = await helloed('ing-hello2');
    one.a.send(helloFrame('ing-hello2'));
    expect(await refusal(one.a)).toMatchObject({ code: CLOSE_CODES.badFrame, reason: 'bad_frame: hello sent twice' });
    const two = await helloed('ing-binary');
    two.a.send(Buffer.from(JSON.stringify(batchFrame(1, batchOf(1)))));
    expect(await refusal(two.a)).toMatchObject({ code: CLOSE_CODES.badFrame, reason: expect.stringMatching(/not binary/) });
    expect(await stored('ing-binary')).toEqual([]);
  });

  it.each([
    [0, 'older', 'upgrade the agent'],
    [99, 'newer', 'upgrade the server'],
  ])('protocol %i: 4426 with the versions the server speaks; the host is not registered', async (version, which, advice) => {
    const id = `ing-proto-${version}`;
    const a = t.agent();
    await a.opened;
    a.send(helloFrame(id, { protocol: version }));
    const r = await refusal(a);
    expect(r.code).toBe(CLOSE_CODES.protocolUnsupported);
    expect(r.reason).toMatch(new RegExp(`^protocol_unsupported: agent speaks protocol ${version}, ${which} than`));
    expect(r.error).toMatchObject({ type: 'error', code: 'protocol_unsupported', supported: { min: MIN_PROTOCOL_VERSION, max: PROTOCOL_VERSION } });
    expect((r.error as { message: string }).message).toContain(advice);
    expect(Buffer.byteLength(r.reason)).toBeLessThanOrEqual(123);
    expect((await t.api(`/api/v1/hosts/${id}`)).status).toBe(404);
  });

  it('a frame larger than agents.maxFrameBytes: closed with 1009, nothing stored', async () => {
    const { a } = await helloed('ing-large');
    // 200 samples × 60 gauges: ~300 KB of JSON, over the 64 KiB limit, otherwise a valid batch.
    const gauges = (i: number) => Object.fromEntries(Array.from({ length: 60 }, (_, k) => [`g.metric_${k}`, i * 1000 + k + 0.123456789]));
    const big = batchFrame(1, Array.from({ length: 200 }, (_, i) => ({ ts: T0 + i * 5000, gauges: gauges(i), counters: {} })));
    expect(Buffer.byteLength(JSON.stringify(big))).toBeGreaterThan(64 * 1024);
    a.send(big);
    const r = await a.closed;
    expect(r.code).toBe(1009);
    expect(await stored('ing-large')).toEqual([]);
    // The same samples in small batches are fine.
    const ok = await helloed('ing-large');
    ok.a.send(batchFrame(1, batchOf(2)));
    expect(await ok.a.expect('ack')).toEqual({ type: 'ack', seq: 1 });
    await ok.a.close();
  });

  it('samples more than 5 minutes in the future: the whole batch refused with the reason', async () => {
    const { a } = await helloed('ing-future');
    const now = Date.now();
    a.send(batchFrame(1, [netSample(T0, 0), netSample(now + 10 * 60_000, 1)]));
    const r = await refusal(a);
    expect(r.code).toBe(CLOSE_CODES.badFrame);
    expect(r.reason).toMatch(/^bad_timestamp: batch 1: sample time /);
    expect((r.error as { message: string }).message).toMatch(/ahead of the server clock \(limit 300 s\); check the agent's clock$/);
    expect(await stored('ing-future')).toEqual([]);
  });

  it('samples a little ahead (clock skew within 5 minutes) are accepted; samples before 2000 are refused', async () => {
    const { a } = await helloed('ing-skew');
    const soon = Date.now() + 60_000;
    a.send(batchFrame(1, [netSample(soon, 0)]));
    expect(await a.expect('ack')).toEqual({ type: 'ack', seq: 1 });
    a.send(batchFrame(2, [netSample(Date.UTC(1999, 11, 31), 0)]));
    const r = await refusal(a);
    expect(r.code).toBe(CLOSE_CODES.badFrame);
    expect(r.reason).toMatch(/before the year 2000/);
  });
});

describe('store failures', () => {
  it('a batch the store cannot commit: closed with a reason, nothing of it stored, the file reopened cleanly for the replay', async () => {
    const { a } = await helloed('ing-storefail', 'instance-storefail');
    a.send(batchFrame(1, batchOf(2)));
    await a.expect('ack');
    // A real SQLite error on the second sample of the next batch (the first one is already written in the transaction).
    t.server.pool.get('ing-storefail' as never).db.exec(`CREATE TRIGGER fail BEFORE INSERT ON sample WHEN NEW.ts = ${T0 + 15_000} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    a.send(batchFrame(2, [netSample(T0 + 10_000, 10_000), netSample(T0 + 15_000, 15_000)]));
    const r = await refusal(a);
    expect(r.code).toBe(1011);
    expect(r.error).toMatchObject({ type: 'error', code: 'internal_error' });
    expect(await stored('ing-storefail')).toEqual([T0, T0 + 5000].map((x) => x / 1000));

    t.server.pool.get('ing-storefail' as never).db.exec('DROP TRIGGER fail');
    const again = await helloed('ing-storefail', 'instance-storefail');
    expect(again.lastSeq).toBe(1);
    again.a.send(batchFrame(2, [netSample(T0 + 10_000, 10_000), netSample(T0 + 15_000, 20_000)]));
    expect(await again.a.expect('ack')).toEqual({ type: 'ack', seq: 2 });
    const m = await t.json<{ timestamps: number[]; series: Record<string, unknown[]> }>(`/api/v1/hosts/ing-storefail/metrics?from=${T0 / 1000}&to=${T0 / 1000 + 15}&step=5s`);
    expect(m.timestamps).toEqual([0, 5, 10, 15].map((x) => T0 / 1000 + x));
    expect(m.series['net.eth0.rx_bps']).toEqual([null, 1000, 1000, 2000]);
    await again.a.close();
  });
});

describe('configured interval', () => {
  it.each([['1s'], ['1h']])('agents.interval %s reaches the agent in a welcome it accepts', async (interval) => {
    const s = await startTestServer({ agents: { interval } });
    try {
      const a = s.agent();
      await a.opened;
      a.send(helloFrame('ing-interval'));
      // TestAgent validates every frame with the protocol's schema, as the agent does.
      expect((await a.expect('welcome')).config.intervalMs).toBe(s.config.agents.interval);
      await a.close();
    } finally {
      await s.stop();
    }
  });
});

describe('hello timeout', () => {
  it('a connection that never says hello is closed with 4400 hello_timeout', async () => {
    const quick = await startTestServer({ agents: { helloTimeout: '300ms' } });
    try {
      const a = quick.agent();
      await a.opened;
      const r = await refusal(a);
      expect(r.code).toBe(CLOSE_CODES.badFrame);
      expect(r.reason).toBe('hello_timeout: expected a hello frame within 300 ms');
    } finally {
      await quick.stop();
    }
  });
});

describe('shutdown', () => {
  it('agents are told the server is going away (1001); the data is there after a restart', async () => {
    const s = await startTestServer({});
    const a = s.agent();
    await a.opened;
    a.send(helloFrame('ing-restart', { instanceId: 'instance-restart' }));
    await a.expect('welcome');
    a.send(batchFrame(5, batchOf(2)));
    await a.expect('ack');
    await s.stop(false);
    expect((await a.closed).code).toBe(CLOSE_CODES.goingAway);

    const again = await startTestServer({}, s.dir);
    try {
      const b = again.agent();
      await b.opened;
      b.send(helloFrame('ing-restart', { instanceId: 'instance-restart' }));
      expect((await b.expect('welcome')).lastSeq).toBe(5);
      b.send(batchFrame(6, [netSample(T0 + 10_000, 20_000)]));
      await b.expect('ack');
      const m = await again.json<{ series: Record<string, unknown[]> }>(`/api/v1/hosts/ing-restart/metrics?from=${T0 / 1000}&to=${T0 / 1000 + 10}&step=5s`);
      // The rate of the first sample after the restart comes from the last one before it.
      expect(m.series['net.eth0.rx_bps']).toEqual([null, 1000, 3000]);
      await b.close();
    } finally {
      await again.stop();
      rmSync(s.dir, { recursive: true, force: true });
    }
  });
});
