// A host of a simulated fleet goes silent (its `aura simulate` process is killed) while the
// rest keeps reporting: the server, on the fleet's event-time clock, fires one "silent" alert
// to Slack, PagerDuty and a webhook (a real receiver on loopback), and resolves it when the host
// reports again. Then the same with a receiver that fails for a while (500, 429, hangs).
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertResponse, AlertsResponse, ChannelsResponse } from '@aura/protocol';
import { Proc, tempDir, type ServerProc } from '../helpers/procs.js';
import { alertServer, answered2xx, apiCall, changesFor, channelsFor, checkBodies, delivered, fleetNow, simulate, startReceiver, untilFleet, type Receiver } from './helpers.js';

const running: Array<Proc | ServerProc> = [];
const receivers: Receiver[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) await p.kill('SIGKILL');
  for (const r of receivers.splice(0)) await r.close();
});

const SPEED = 30;
const FP = 'lost-0001/silent';

async function fleet(server: ServerProc, startS: number) {
  const keep = simulate(server, { hosts: 3, prefix: 'keep', speed: SPEED, startS });
  const lost = simulate(server, { hosts: 1, prefix: 'lost', speed: SPEED, startS });
  running.push(keep, lost);
  await keep.waitFor(/"connected":3/);
  await lost.waitFor(/"connected":1/);
  return { keep, lost };
}

/** Kill the lost host's simulator, wait for its alert, bring it back at the fleet's time. */
async function loseAndReturn(server: ServerProc, r: Receiver, lost: Proc, firedWhen: () => boolean): Promise<Proc> {
  await lost.kill('SIGKILL');
  await r.until(firedWhen, 90_000);
  const now = await fleetNow(server);
  const back = simulate(server, { hosts: 1, prefix: 'lost', speed: SPEED, startS: now! });
  running.push(back);
  return back;
}

const allGot = (r: Receiver, change: string) => () => Object.values(changesFor(r, FP)).every((cs) => cs.includes(change));

describe('silent host, end to end', () => {
  it('one trigger and one resolve per channel; bodies valid for Block Kit, the Events API v2 and the signed webhook', async () => {
    const r = await startReceiver();
    receivers.push(r);
    const server = await alertServer(tempDir('alerts-silent'), { channels: channelsFor(r), alerting: { groupWait: '10s', groupInterval: '30s', council: { silentAfter: '1m' } } });
    running.push(server);
    const startS = Date.now() / 1000 - 86_400;
    const { lost } = await fleet(server, startS);
    await untilFleet(server, startS + 120);
    await loseAndReturn(server, r, lost, allGot(r, 'firing'));
    await r.until(allGot(r, 'resolved'), 90_000);
    // Let more fleet time pass: nothing else may arrive for this alert.
    await untilFleet(server, (await fleetNow(server))! + 300);
    expect(changesFor(r, FP)).toEqual({ slack: ['firing', 'resolved'], pagerduty: ['firing', 'resolved'], hook: ['firing', 'resolved'] });
    checkBodies(r);
    expect(delivered(r).every((d) => d.fingerprints.every((f) => f.startsWith('lost-0001')))).toBe(true);
    const pd = r.requests.filter((q) => q.path === '/pagerduty').map((q) => q.json as { event_action: string; dedup_key: string; payload?: { severity: string; source: string } });
    expect(pd.map((e) => [e.event_action, e.dedup_key])).toEqual([['trigger', FP], ['resolve', FP]]);
    expect(pd[0]!.payload).toMatchObject({ severity: 'error', source: 'lost-0001.sim.local' });
    // The API has the alert's whole life.
    const resolved = await apiCall<AlertsResponse>(server, 'GET', '/alerts?state=resolved&host=lost-0001');
    expect(resolved.body.alerts).toMatchObject([{ fingerprint: FP, state: 'resolved', kind: 'silent' }]);
    const one = await apiCall<AlertResponse>(server, 'GET', `/alerts/${resolved.body.alerts[0]!.id}`);
    expect(one.body.history.map((h) => h.type).filter((t) => t !== 'notified')).toEqual(['firing', 'resolved']);
    expect(one.body.alert.evidence[0]).toMatch(/^network: no samples for \d+m? ?\d*s? of fleet time .* while 3 of 4 hosts keep reporting/);
    expect((await apiCall<AlertsResponse>(server, 'GET', '/alerts')).body.alerts).toEqual([]);
  });

  it('a receiver failing for a while (500s, 429 with Retry-After, hangs): everything arrives once it recovers, in order, each idempotency key once', async () => {
    const r = await startReceiver();
    receivers.push(r);
    // Per path: three 500s, two 429s (Retry-After 1 s), one hang, then 200s.
    r.answer(({ n }) => (n < 3 ? { status: 500 } : n < 5 ? { status: 429, retryAfter: '1' } : n === 5 ? 'hang' : { status: 200 }));
    const server = await alertServer(tempDir('alerts-flaky'), {
      channels: channelsFor(r),
      alerting: { groupWait: '10s', groupInterval: '30s', council: { silentAfter: '1m' }, delivery: { timeout: '1s', backoff: { initial: '200ms', max: '2s' }, breaker: { failures: 3, cooldown: '1s' } } },
    });
    running.push(server);
    const startS = Date.now() / 1000 - 86_400;
    const { lost } = await fleet(server, startS);
    await untilFleet(server, startS + 120);
    await loseAndReturn(server, r, lost, allGot(r, 'firing'));
    await r.until(allGot(r, 'resolved'), 120_000);
    expect(changesFor(r, FP)).toEqual({ slack: ['firing', 'resolved'], pagerduty: ['firing', 'resolved'], hook: ['firing', 'resolved'] });
    // Every path saw the failures first.
    for (const path of ['/slack', '/pagerduty', '/hook']) {
      const answers = r.requests.filter((q) => q.path === path).map((q) => (q.answer === 'hang' ? 'hang' : q.answer.status));
      expect(answers.slice(0, 6)).toEqual([500, 500, 500, 429, 429, 'hang']);
    }
    // Retries carry the same key; among accepted deliveries no key repeats.
    const okKeys = r.requests.filter((q) => q.path === '/hook' && answered2xx(q)).map((q) => q.headers['idempotency-key']);
    expect(new Set(okKeys).size).toBe(okKeys.length);
    const allKeys = new Set(r.requests.filter((q) => q.path === '/hook').map((q) => q.headers['idempotency-key']));
    expect(allKeys.size).toBe(okKeys.length);
    // Retry-After was honoured: the attempt after a 429 came at least a second later.
    for (const path of ['/slack', '/pagerduty', '/hook']) {
      const reqs = r.requests.filter((q) => q.path === path);
      const after429 = reqs.findIndex((q) => q.answer !== 'hang' && q.answer.status === 429);
      expect(reqs[after429 + 1]!.at - reqs[after429]!.at).toBeGreaterThanOrEqual(950);
    }
    checkBodies(r);
    const channels = await apiCall<ChannelsResponse>(server, 'GET', '/channels');
    for (const c of channels.body.channels) expect(c.outbox).toMatchObject({ pending: 0, failed: 0, delivered: 2 });
  });
});
