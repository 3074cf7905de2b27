// Silences and acknowledgements with real processes: a silence mutes a silent-host alert until
// it expires (on the fleet's event time), then the alert goes out; reminders follow the repeat
// interval until someone acknowledges, which PagerDuty hears as an acknowledge.
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertsResponse, AlertView, SilenceView } from '@aura/protocol';
import { Proc, tempDir, type ServerProc } from '../helpers/procs.js';
import { alertServer, apiCall, changesFor, channelsFor, checkBodies, fleetNow, simulate, startReceiver, untilFleet, type Receiver } from './helpers.js';

const running: Array<Proc | ServerProc> = [];
const receivers: Receiver[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) await p.kill('SIGKILL');
  for (const r of receivers.splice(0)) await r.close();
});

const FP = 'lost-0001/silent';

async function activeAlert(server: ServerProc): Promise<AlertView | undefined> {
  return (await apiCall<AlertsResponse>(server, 'GET', '/alerts?host=lost-0001')).body.alerts[0];
}

describe('silences and acknowledgements', () => {
  it('a silence mutes the alert until it expires; reminders come every repeat interval until the alert is acknowledged', async () => {
    const r = await startReceiver();
    receivers.push(r);
    const server = await alertServer(tempDir('alerts-silence'), {
      channels: channelsFor(r),
      alerting: { groupWait: '10s', groupInterval: '30s', repeatInterval: '3m', council: { silentAfter: '1m' } },
    });
    running.push(server);
    const startS = Date.now() / 1000 - 86_400;
    const keep = simulate(server, { hosts: 3, prefix: 'keep', speed: 30, startS });
    const lost = simulate(server, { hosts: 1, prefix: 'lost', speed: 30, startS });
    running.push(keep, lost);
    await keep.waitFor(/"connected":3/);
    await lost.waitFor(/"connected":1/);
    await untilFleet(server, startS + 120);

    const now = (await fleetNow(server))!;
    const created = await apiCall<{ silence: SilenceView }>(server, 'POST', '/silences', {
      matchers: [{ name: 'host', value: 'lost-0001' }, { name: 'kind', value: 'silent' }],
      endsAt: now + 8 * 60,
      createdBy: 'alice',
      comment: 'rack maintenance',
    });
    expect(created.status).toBe(201);
    const silence = created.body.silence;
    await lost.kill('SIGKILL');

    // The alert fires, muted: the API says by what; no channel hears of it.
    const fired = await until(async () => {
      const a = await activeAlert(server);
      return a?.state === 'firing' ? a : undefined;
    });
    expect(fired.silencedBy).toEqual([silence.id]);
    await untilFleet(server, silence.endsAt - 15);
    expect(r.requests).toEqual([]);

    // Expired: the alert goes out on every channel.
    await r.until(() => Object.values(changesFor(r, FP)).every((c) => c.includes('firing')), 60_000);
    const firstAt = (await fleetNow(server))!;
    expect(firstAt).toBeGreaterThanOrEqual(silence.endsAt);
    expect((await activeAlert(server))!.silencedBy).toEqual([]);

    // Reminders every 3 minutes of event time to Slack and the webhook, never to PagerDuty.
    await r.until(() => changesFor(r, FP).hook!.filter((c) => c === 'repeat').length >= 2 && changesFor(r, FP).slack!.filter((c) => c === 'repeat').length >= 2, 90_000);
    expect(changesFor(r, FP).pagerduty).toEqual(['firing']);

    // Acknowledged: PagerDuty acknowledges, the others are told, and reminders stop.
    const ack = await apiCall<{ alert: AlertView }>(server, 'POST', `/alerts/${fired.id}/ack`, { by: 'bob', comment: 'replacing the switch' });
    expect(ack.body.alert.acknowledged).toMatchObject({ by: 'bob', comment: 'replacing the switch' });
    await r.until(() => Object.values(changesFor(r, FP)).every((c) => c.at(-1) === 'acknowledged'), 30_000);
    const before = changesFor(r, FP);
    await untilFleet(server, (await fleetNow(server))! + 2 * 180 + 60);
    expect(changesFor(r, FP)).toEqual(before);
    expect(before.pagerduty).toEqual(['firing', 'acknowledged']);
    for (const ch of ['slack', 'hook'] as const) {
      expect(before[ch]![0]).toBe('firing');
      expect(before[ch]!.at(-1)).toBe('acknowledged');
      expect(before[ch]!.slice(1, -1).every((c) => c === 'repeat')).toBe(true);
    }
    const pdAck = r.requests.filter((q) => q.path === '/pagerduty').map((q) => q.json as { event_action: string; dedup_key: string }).at(-1)!;
    expect(pdAck).toMatchObject({ event_action: 'acknowledge', dedup_key: FP });
    checkBodies(r);
  });
});

async function until<T>(fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((res) => setTimeout(res, 200));
  }
}
