// The delivery worker against a real HTTP receiver on loopback and a real SQLite outbox:
// retries with backoff, Retry-After, time-outs, the breaker, order per key, permanent
// failures, the maximum age, and a restart that resends what was pending.
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ALERTING, type DeliveryConfig } from '../alerts/config.js';
import { Catalog } from '../store/index.js';
import { tempDir } from '../testing.js';
import { ChannelStore } from './channels.js';
import { NOTIFIERS } from './index.js';
import { Outbox } from './outbox.js';
import { createGuardedAgent, targetPolicy } from './ssrf.js';
import { notification } from './test-notifications.js';
import { startReceiver, type Receiver } from './test-receiver.js';
import { DeliveryWorker } from './worker.js';

const log = pino({ level: process.env.DBG ? "debug" : "silent" });
const policy = targetPolicy(['127.0.0.1/32']);
const CONFIG: DeliveryConfig = {
  ...DEFAULT_ALERTING.delivery,
  timeout: 300,
  maxAge: 60_000,
  backoff: { initial: 20, max: 200 },
  breaker: { failures: 3, cooldown: 150, maxCooldown: 600 },
};

let dir: ReturnType<typeof tempDir>;
let catalog: Catalog;
let receiver: Receiver;
let channels: ChannelStore;
let outbox: Outbox;
const workers: DeliveryWorker[] = [];
const agents: Array<ReturnType<typeof createGuardedAgent>> = [];

beforeEach(async () => {
  dir = tempDir('aura-worker-');
  catalog = new Catalog(join(dir.dir, 'aura.db'));
  receiver = await startReceiver();
  channels = new ChannelStore(catalog.db);
  outbox = new Outbox(catalog.db);
});
afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop(100);
  for (const a of agents.splice(0)) await a.close();
  await receiver.close();
  catalog.close();
  dir.remove();
});

function worker(config: Partial<DeliveryConfig> = {}, now?: () => number): DeliveryWorker {
  const dispatcher = createGuardedAgent(policy, { connectTimeoutMs: 1000 });
  agents.push(dispatcher);
  const w = new DeliveryWorker({ outbox: new Outbox(catalog.db), channels, notifiers: NOTIFIERS, dispatcher, policy, config: { ...CONFIG, ...config }, log, ...(now ? { now } : {}) });
  workers.push(w);
  w.start();
  return w;
}

function hook(name = 'hook', path = '/hook') {
  return channels.create({ name, type: 'webhook', url: receiver.url(path), secret: 'a-webhook-secret' }, 'api').channel;
}

function enqueue(channelId: string, keys: string[], orderKey = 'k1') {
  return outbox.enqueue(keys.map((k) => ({ channelId, orderKey, event: 'firing', notification: notification(undefined, { idempotencyKey: k }) })), Date.now());
}

const keyOf = (r: { headers: Record<string, unknown> }) => r.headers['idempotency-key'] as string;
const okKeys = (reqs: Array<{ headers: Record<string, unknown>; answer: unknown }>) =>
  reqs.filter((r) => r.answer !== 'hang' && (r.answer as { status: number }).status < 300).map(keyOf);

describe('delivery worker', () => {
  it('delivers, signs, logs the attempt and marks the row delivered', async () => {
    const ch = hook();
    const [id] = enqueue(ch.id, ['n-1']);
    worker();
    const [req] = await receiver.until((r) => r.length === 1);
    expect(keyOf(req!)).toBe('n-1');
    expect(req!.headers['x-aura-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    await waitRow(id!, 'delivered');
    expect(outbox.deliveries(ch.id, 10)).toMatchObject([{ attempt: 1, status: 200, ok: true, idempotencyKey: 'n-1', outboxId: id }]);
  });

  it('500s for a while: every notification arrives afterwards, in order, each key delivered once; the breaker held requests back', async () => {
    const ch = hook();
    receiver.answer(({ n }) => (n < 8 ? { status: 500 } : { status: 200 }));
    const keys = ['a', 'b', 'c', 'd'];
    const ids = enqueue(ch.id, keys);
    const w = worker();
    let sawOpen = false;
    const watch = setInterval(() => (sawOpen ||= w.status(ch.id).breaker.state === 'open'), 5);
    const reqs = await receiver.until((r) => okKeys(r).length === 4);
    clearInterval(watch);
    expect(okKeys(reqs)).toEqual(keys);
    // Failed attempts retried the head only: nothing behind it was sent out of order.
    expect(reqs.slice(0, 8).map(keyOf)).toEqual(Array(8).fill('a'));
    expect(sawOpen).toBe(true);
    for (const id of ids) await waitRow(id, 'delivered');
    expect(outbox.counts(ch.id)).toEqual({ pending: 0, failed: 0, delivered: 4 });
  });

  it('429 with Retry-After: nothing is sent to the channel before it has passed', async () => {
    const ch = hook();
    receiver.answer(({ n }) => (n === 0 ? { status: 429, retryAfter: '1' } : { status: 200 }));
    enqueue(ch.id, ['first']);
    worker();
    const [limited] = await receiver.until((r) => r.length === 1);
    expect((limited!.answer as { status: number }).status).toBe(429);
    // Queued after the 429 on another key of the same channel: held back too.
    await new Promise((r) => setTimeout(r, 50));
    enqueue(ch.id, ['other'], 'k2');
    const reqs = await receiver.until((r) => okKeys(r).length === 2);
    expect(reqs.map(keyOf).sort()).toEqual(['first', 'first', 'other']);
    for (const r of reqs.slice(1)) expect(r.at - limited!.at).toBeGreaterThanOrEqual(950);
  });

  it('a half-open probe answered 429 leaves the channel usable (the receiver is up)', async () => {
    const ch = hook();
    receiver.answer(({ n }) => (n < 2 ? { status: 500 } : n === 2 ? { status: 429, retryAfter: '0' } : { status: 200 }));
    enqueue(ch.id, ['x']);
    worker({ breaker: { failures: 2, cooldown: 50, maxCooldown: 100 } });
    const reqs = await receiver.until((r) => okKeys(r).length === 1);
    expect(reqs.map((r) => (r.answer as { status: number }).status)).toEqual([500, 500, 429, 200]);
  });

  it('a receiver that hangs: the attempt times out and is retried with the same idempotency key', async () => {
    const ch = hook();
    receiver.answer(({ n }) => (n < 2 ? 'hang' : { status: 200 }));
    enqueue(ch.id, ['slow']);
    worker();
    const [id] = outbox.due(Date.now() + 3_600_000).map((r) => r.id);
    const reqs = await receiver.until((r) => okKeys(r).length === 1);
    expect(reqs.map(keyOf)).toEqual(['slow', 'slow', 'slow']);
    await waitRow(id!, 'delivered');
    const log = outbox.deliveries(ch.id, 10).reverse();
    expect(log.map((d) => d.ok)).toEqual([false, false, true]);
    expect(log[0]!.error).toMatch(/timed out after 300 ms/);
  });

  it('a permanent refusal (400) is not retried, and the next notification of the key goes on', async () => {
    const ch = hook();
    receiver.answer(({ n }) => (n === 0 ? { status: 400, body: 'invalid_payload' } : { status: 200 }));
    const [bad] = enqueue(ch.id, ['bad', 'good']);
    worker();
    const reqs = await receiver.until((r) => okKeys(r).length === 1);
    expect(reqs.map(keyOf)).toEqual(['bad', 'good']);
    expect(outbox.get(bad!)).toMatchObject({ state: 'failed', last_error: 'HTTP 400: invalid_payload' });
  });

  it('gives up after the maximum age and says so', async () => {
    const ch = hook();
    receiver.answer(() => ({ status: 503 }));
    const [id] = enqueue(ch.id, ['old']);
    // The clock says the row was created long ago.
    worker({}, () => Date.now() + 120_000);
    await waitRow(id!, 'failed');
    expect(outbox.get(id!)!.last_error).toMatch(/^gave up after 1 attempts: HTTP 503/);
  });

  it('rows still pending when a worker stops are sent by the next one, same keys', async () => {
    const ch = hook();
    receiver.answer(() => ({ status: 500 }));
    enqueue(ch.id, ['p1', 'p2']);
    const first = worker();
    await receiver.until((r) => r.length >= 2);
    await first.stop(100);
    receiver.answer(() => ({ status: 200 }));
    worker();
    const reqs = await receiver.until((r) => okKeys(r).length === 2);
    expect(okKeys(reqs)).toEqual(['p1', 'p2']);
  });

  it('a URL the guard refuses fails at once with the reason, without a request', async () => {
    const ch = channels.create({ name: 'meta', type: 'webhook', url: 'http://169.254.169.254/latest', secret: 'a-webhook-secret' }, 'api').channel;
    const [id] = enqueue(ch.id, ['m']);
    worker();
    await waitRow(id!, 'failed');
    expect(outbox.get(id!)!.last_error).toBe('refused: 169.254.169.254 is a metadata address; list it in allowPrivateTargets as a CIDR if you really mean it');
    expect(receiver.requests).toHaveLength(0);
  });
});

async function waitRow(id: number, state: string): Promise<void> {
  // The outcome is written right after the response; poll the row briefly (no event to hook into from here).
  for (let i = 0; i < 400; i++) {
    if (outbox.get(id)?.state === state) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`outbox row ${id} never became ${state}: ${JSON.stringify(outbox.get(id))}`);
}
