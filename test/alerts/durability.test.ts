// kill -9 of the server while its notifications are in flight (the receiver hangs): after a
// restart on the same data directory every one of them is sent again with the same
// idempotency key and delivered; nothing is lost, nothing is planned twice.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelsResponse } from '@aura/protocol';
import { Proc, tempDir, type ServerProc } from '../helpers/procs.js';
import { alertServer, answered2xx, apiCall, changesFor, channelsFor, checkBodies, simulate, startReceiver, untilFleet, type Receiver } from './helpers.js';

const running: Array<Proc | ServerProc> = [];
const receivers: Receiver[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) await p.kill('SIGKILL');
  for (const r of receivers.splice(0)) await r.close();
});

function pendingOutbox(data: string): Array<{ idempotency_key: string; channel_id: string; event: string }> {
  const db = new Database(join(data, 'aura.db'), { readonly: true });
  try {
    return db.prepare("SELECT idempotency_key, channel_id, event FROM outbox WHERE state = 'pending' ORDER BY id").all() as Array<{ idempotency_key: string; channel_id: string; event: string }>;
  } finally {
    db.close();
  }
}

describe('durable outbox', () => {
  it('kill -9 with every notification in flight: after the restart each is delivered, same keys, none planned twice', async () => {
    const r = await startReceiver();
    receivers.push(r);
    r.answer(() => 'hang');
    const data = tempDir('alerts-kill');
    const config = { channels: channelsFor(r), alerting: { groupWait: '10s', council: { silentAfter: '2m' }, delivery: { timeout: '60s', backoff: { initial: '200ms', max: '1s' } } } };
    let server = await alertServer(data, config);
    running.push(server);
    const startS = Date.now() / 1000 - 86_400;
    const keep = simulate(server, { hosts: 3, prefix: 'keep', speed: 30, startS });
    const lost = simulate(server, { hosts: 1, prefix: 'lost', speed: 30, startS });
    running.push(keep, lost);
    await keep.waitFor(/"connected":3/);
    await lost.waitFor(/"connected":1/);
    await untilFleet(server, startS + 180);
    await lost.kill('SIGKILL');
    // All three notifications are out, and hanging.
    const hung = await r.until((reqs) => new Set(reqs.map((q) => q.path)).size === 3, 90_000);
    expect(hung.every((q) => q.answer === 'hang')).toBe(true);
    await server.kill('SIGKILL');
    const pending = pendingOutbox(data);
    expect(pending.map((p) => p.event)).toEqual(['firing', 'firing', 'firing']);
    const hungHookKey = hung.find((q) => q.path === '/hook')!.headers['idempotency-key'];
    expect(pending.map((p) => p.idempotency_key)).toContain(hungHookKey);

    r.answer(() => ({ status: 200 }));
    r.release();
    server = await alertServer(data, config, server.port);
    running.push(server);
    await r.until((reqs) => new Set(reqs.filter(answered2xx).map((q) => q.path)).size === 3, 60_000);
    // The webhook got the very notification it was sent before the crash.
    const ok = r.requests.filter((q) => q.path === '/hook' && answered2xx(q));
    expect(ok.map((q) => q.headers['idempotency-key'])).toEqual([hungHookKey]);
    // More fleet time: no second firing is planned after the restart.
    const t = (await apiCall<{ now: number }>(server, 'GET', '/alerts')).body.now;
    await untilFleet(server, t + 300);
    expect(changesFor(r, 'lost-0001/silent')).toEqual({ slack: ['firing'], pagerduty: ['firing'], hook: ['firing'] });
    checkBodies(r);
    // Nothing left behind. (Other hosts may rightly alert too: after the restart their simulated
    // agents reconnect with jittered backoff and can be silent on the fleet clock for a while.)
    const channels = await apiCall<ChannelsResponse>(server, 'GET', '/channels');
    for (const c of channels.body.channels) expect(c.outbox).toMatchObject({ pending: 0, failed: 0 });
  });
});
