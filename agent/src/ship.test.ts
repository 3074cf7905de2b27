// The connection state machine against a real `ws` server on loopback that speaks the protocol
// (a minimal peer written here; the real server is tested in test/). Every wait is on an event,
// never on a sleep, so a slow machine makes the tests slower, not flaky.
import { CLOSE_CODES, helloFrameSchema, PROTOCOL_VERSION } from '@aura/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from './log.js';
import { Ship, type ShipOptions, type ShipState, type ShipTiming } from './ship.js';
import type { Spool } from './spool.js';
import { FACTS, spoolWith, startPeer, TOKEN, type Peer } from './test-peer.js';

const FAST: Partial<ShipTiming> = { backoff: { baseMs: 5, capMs: 40 }, heartbeatMs: 60_000, deadAfterMs: 120_000 };
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function startShip(peer: Peer, spool: Spool, extra: Partial<ShipOptions> = {}) {
  const logs: Array<Record<string, unknown> & { msg: string; level: string }> = [];
  const states: ShipState[] = [];
  const configs: unknown[] = [];
  let fatal: (code: number) => void = () => {};
  const fatalCode = new Promise<number>((r) => (fatal = r));
  const ship = new Ship({
    server: peer.url,
    token: TOKEN,
    agentVersion: '1.2.3',
    facts: FACTS,
    intervalMs: () => 5000,
    spool,
    log: createLogger('debug', (l) => logs.push(JSON.parse(l) as (typeof logs)[number])),
    onConfig: (c) => configs.push(c),
    onFatal: (code) => fatal(code),
    onState: (s) => states.push(s),
    timing: FAST,
    random: () => 0.5,
    ...extra,
  });
  ship.start();
  cleanup.push(async () => {
    await ship.close();
    spool.close();
  });
  return { ship, logs, states, configs, fatalCode };
}

async function peer(opts?: { autoPong?: boolean }): Promise<Peer> {
  const p = await startPeer(opts);
  cleanup.push(() => p.close());
  return p;
}

describe('Ship', () => {
  it('hello → welcome(lastSeq) → replays the rest in order; acks empty the spool', async () => {
    const p = await peer();
    const spool = spoolWith(5);
    const { ship, logs, states } = startShip(p, spool);
    const c = await p.connections.next();
    expect(c.req.url).toBe('/v1/agent');
    expect(c.req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(c.req.headers['sec-websocket-extensions']).toMatch(/permessage-deflate/);
    const hello = helloFrameSchema.parse(await c.frames.next());
    expect(hello.agent).toEqual({ version: '1.2.3', instanceId: spool.instanceId });
    expect(hello.host.hostname).toBe('test-host');
    c.send({ type: 'welcome', protocol: PROTOCOL_VERSION, hostId: 'test-host' as never, lastSeq: 2, config: {} });
    expect([(await c.batch()).seq, (await c.batch()).seq, (await c.batch()).seq]).toEqual([3, 4, 5]);
    expect(spool.pendingAfter(0)).toEqual([3, 4, 5]);
    c.send({ type: 'ack', seq: 5 });
    expect(await ship.drained(10_000)).toBe(true);
    expect(states).toEqual(['connecting', 'handshaking', 'streaming']);
    expect(logs.find((l) => l.msg === 'connected')).toMatchObject({ level: 'info', lastSeq: 2, spooled: 3 });
    expect(logs.find((l) => l.msg === 'replaying spool')).toMatchObject({ fromSeq: 3, toSeq: 5, batches: 3 });
    expect(logs.find((l) => l.msg === 'acked')).toMatchObject({ level: 'debug', seq: 5 });
  });

  it('counts as drained when the welcome says the server already has everything (a lost ack)', async () => {
    const p = await peer();
    const spool = spoolWith(2);
    const { ship } = startShip(p, spool);
    const drained = ship.drained(10_000);
    const c = await p.connections.next();
    await c.welcome(2);
    expect(await drained).toBe(true);
    expect(spool.batchCount).toBe(0);
  });

  it('keeps at most 16 batches unacknowledged on the wire', async () => {
    const p = await peer();
    const spool = spoolWith(40);
    const { ship } = startShip(p, spool);
    const c = await p.connections.next();
    await c.welcome(0);
    for (let i = 1; i <= 16; i++) expect((await c.batch()).seq).toBe(i);
    // A pong is queued behind anything the agent already sent: after it, nothing more is in the pipe.
    await new Promise<void>((r) => {
      c.ws.once('pong', () => r());
      c.ws.ping();
    });
    expect(c.received.filter((f) => f.type === 'batch')).toHaveLength(16);
    c.send({ type: 'ack', seq: 10 });
    for (let i = 17; i <= 26; i++) expect((await c.batch()).seq).toBe(i);
    c.send({ type: 'ack', seq: 26 });
    for (let i = 27; i <= 40; i++) expect((await c.batch()).seq).toBe(i);
    c.send({ type: 'ack', seq: 40 });
    expect(await ship.drained(10_000)).toBe(true);
  });

  it('after a close with storeUnavailable it backs off, reconnects and resends what was not acknowledged', async () => {
    const p = await peer();
    const spool = spoolWith(3);
    const { ship, logs, states } = startShip(p, spool);
    const first = await p.connections.next();
    await first.welcome(0);
    expect((await first.batch()).seq).toBe(1);
    first.send({ type: 'ack', seq: 1 });
    first.send({ type: 'error', code: 'store_unavailable', message: 'server cannot store samples: disk full' });
    first.ws.close(CLOSE_CODES.storeUnavailable, 'store_unavailable: disk full');
    const second = await p.connections.next();
    await second.welcome(1);
    expect([(await second.batch()).seq, (await second.batch()).seq]).toEqual([2, 3]);
    second.send({ type: 'ack', seq: 3 });
    expect(await ship.drained(10_000)).toBe(true);
    expect(states).toContain('backoff');
    expect(logs.find((l) => l.msg === 'server refused the agent')).toMatchObject({ level: 'error', code: 'store_unavailable' });
    expect(logs.find((l) => l.msg === 'disconnected')).toMatchObject({ level: 'warn', code: 4503 });
  });

  it('a 401 at the upgrade is logged clearly and retried no sooner than half the backoff cap', async () => {
    const p = await peer();
    p.refuseNext.push(401);
    const { logs } = startShip(p, spoolWith(1), { timing: { ...FAST, backoff: { baseMs: 5, capMs: 300 } }, random: () => 0 });
    const c = await p.connections.next();
    await c.welcome(0);
    expect(p.upgrades).toHaveLength(2);
    expect(p.upgrades[1]! - p.upgrades[0]!).toBeGreaterThanOrEqual(145);
    expect(logs.find((l) => l.level === 'error')?.msg).toMatch(/server refused the agent token \(HTTP 401\)/);
    expect(logs.some((l) => l.msg === 'disconnected')).toBe(false);
  });

  it('a protocol refusal (4426) stops for good with exit code 3 and keeps the spool', async () => {
    const p = await peer();
    const spool = spoolWith(2);
    const { ship, logs, fatalCode } = startShip(p, spool);
    const c = await p.connections.next();
    await c.frames.next();
    c.send({ type: 'error', code: 'protocol_unsupported', message: 'agent speaks protocol 1, older than this server accepts', supported: { min: 2, max: 2 } });
    c.ws.close(CLOSE_CODES.protocolUnsupported, 'protocol_unsupported');
    expect(await fatalCode).toBe(3);
    expect(ship.state).toBe('closed');
    expect(spool.batchCount).toBe(2);
    expect(logs.find((l) => l.level === 'error' && l.msg.includes('upgrade'))).toBeTruthy();
  });

  it('gives up on a server that stops answering pings, and reconnects', async () => {
    const p = await peer({ autoPong: false });
    const { logs } = startShip(p, spoolWith(0), { timing: { ...FAST, heartbeatMs: 20, deadAfterMs: 100 } });
    const first = await p.connections.next();
    await first.welcome(0);
    const second = await p.connections.next();
    await second.welcome(0);
    expect((await first.closed).code).toBe(1006);
    expect(logs.some((l) => l.msg === 'the server stopped answering pings; reconnecting')).toBe(true);
  });

  it('drops a batch the server refuses three times in a row, so the ones after it still go', async () => {
    const p = await peer();
    const spool = spoolWith(3);
    const { ship, logs } = startShip(p, spool);
    let committed = 0;
    let connections = 0;
    // The peer commits what it can and closes with 4400 whenever batch 2 arrives.
    while (committed < 3) {
      const c = await p.connections.next();
      connections++;
      await c.welcome(committed);
      for (;;) {
        const b = await c.batch();
        if (b.seq === 2) {
          c.ws.close(CLOSE_CODES.badFrame, 'bad_frame: samples[0].t: expected number');
          break;
        }
        committed = b.seq;
        c.send({ type: 'ack', seq: b.seq });
        if (b.seq === 3) break;
      }
    }
    expect(connections).toBe(4);
    expect(await ship.drained(10_000)).toBe(true);
    expect(logs.find((l) => l.msg.includes('dropped it'))).toMatchObject({ level: 'error', seq: 2, times: 3 });
  });

  it('hands config frames to the agent and closes cleanly with 1000', async () => {
    const p = await peer();
    const { ship, configs, logs } = startShip(p, spoolWith(0));
    const c = await p.connections.next();
    await c.welcome(0, { intervalMs: 2000 });
    c.ws.send('{"type":"nonsense"}');
    c.send({ type: 'config', config: { intervalMs: 3000 } });
    await new Promise<void>((r) => {
      const check = () => (configs.length >= 2 ? r() : setTimeout(check, 5));
      check();
    });
    expect(configs).toEqual([{ intervalMs: 2000 }, { intervalMs: 3000 }]);
    expect(logs.some((l) => l.msg === 'ignored an invalid frame from the server')).toBe(true);
    await ship.close();
    expect(await c.closed).toEqual({ code: 1000, reason: 'agent stopping' });
  });
});
