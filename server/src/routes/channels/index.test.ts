// The channels API over real HTTP against a real server: secrets never echoed, config
// channels read-only, the SSRF guard at creation, and test messages to a real receiver.
import type { ChannelCreatedResponse, ChannelTestResponse, ChannelsResponse, ChannelView, DeliveryView } from '@aura/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pagerDutyEventSchema, slackMessageSchema } from '../../notify/spec-schemas.js';
import { startReceiver, type Receiver } from '../../notify/test-receiver.js';
import { startTestServer, type TestServer } from '../../testing.js';

let t: TestServer;
let receiver: Receiver;
const SLACK_SECRET_URL = 'https://hooks.slack.com/services/T000/B000/very-secret-token';

beforeAll(async () => {
  receiver = await startReceiver();
  t = await startTestServer({
    allowPrivateTargets: ['127.0.0.1/32'],
    channels: [
      { name: 'ops', type: 'slack', url: SLACK_SECRET_URL },
      { name: 'oncall', type: 'pagerduty', routingKey: 'pd-routing-key-secret' },
    ],
  });
});
afterAll(async () => {
  await t?.stop();
  await receiver?.close();
});

async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T; text: string }> {
  const res = await fetch(`${t.server.url}/api/v1${path}`, {
    method,
    headers: { authorization: 'Bearer api-token-for-unit-tests-0123456789ab', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, text };
}

describe('channels API', () => {
  it('lists the config file channels, redacted, with which secrets are set', async () => {
    const { body, text } = await call<ChannelsResponse>('GET', '/channels');
    expect(text).not.toContain('very-secret-token');
    expect(text).not.toContain('pd-routing-key-secret');
    const ops = body.channels.find((c) => c.name === 'ops')!;
    expect(ops).toMatchObject({ id: 'cfg-ops', type: 'slack', source: 'config', url: 'https://hooks.slack.com/…', secrets: { url: true }, enabled: true, minSeverity: 'warning', matchers: [] });
    expect(ops.breaker).toEqual({ state: 'closed', failures: 0, openUntil: null });
    expect(body.channels.find((c) => c.name === 'oncall')).toMatchObject({ type: 'pagerduty', secrets: { routingKey: true }, url: 'https://events.pagerduty.com/v2/enqueue' });
  });

  it('config channels are changed in the config file only', async () => {
    expect(await call('PATCH', '/channels/ops', { enabled: false })).toMatchObject({ status: 409, body: { error: { code: 'conflict', message: 'channel "ops" comes from the config file; change it there' } } });
    expect((await call('DELETE', '/channels/cfg-ops')).status).toBe(409);
  });

  it('creates a webhook, returning a generated secret once and never again', async () => {
    const created = await call<ChannelCreatedResponse>('POST', '/channels', { name: 'hook', type: 'webhook', url: `${receiver.url('/hook')}?token=abc` });
    expect(created.status).toBe(201);
    expect(created.body.generatedSecret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(created.body.channel).toMatchObject({ name: 'hook', source: 'api', secrets: { secret: true }, url: `${receiver.url('/hook')}?…` });
    const again = await call<{ channel: ChannelView }>('GET', `/channels/${created.body.channel.id}`);
    expect(again.text).not.toContain(created.body.generatedSecret!);
    expect(again.text).not.toContain('token=abc');
  });

  it('refuses what the SSRF guard would refuse, naming the field and the address', async () => {
    const r = await call('POST', '/channels', { name: 'meta', type: 'webhook', url: 'http://169.254.169.254/latest/meta-data' });
    expect(r).toMatchObject({ status: 400, body: { error: { field: 'url', message: 'body url: refused: 169.254.169.254 is a metadata address; list it in allowPrivateTargets as a CIDR if you really mean it' } } });
    const p = await call('POST', '/channels', { name: 'lan', type: 'webhook', url: 'http://10.1.2.3/x' });
    expect(p.status).toBe(400);
  });

  it('400s name the field; a taken name is a 409; unknown channels 404', async () => {
    expect(await call('POST', '/channels', { name: 'x', type: 'teams', url: 'https://x.example' })).toMatchObject({ status: 400, body: { error: { field: 'type' } } });
    expect(await call('POST', '/channels', { name: 'x', type: 'slack', url: 'ftp://x' })).toMatchObject({ status: 400, body: { error: { field: 'url' } } });
    expect(await call('POST', '/channels', '{not json')).toMatchObject({ status: 400, body: { error: { field: 'body' } } });
    expect(await call('POST', '/channels', { name: 'ops', type: 'slack', url: 'https://hooks.slack.com/services/x' })).toMatchObject({ status: 409 });
    expect((await call('GET', '/channels/nope')).status).toBe(404);
  });

  it('changes and removes API channels', async () => {
    const { body } = await call<ChannelCreatedResponse>('POST', '/channels', { name: 'tmp', type: 'slack', url: 'https://hooks.slack.com/services/a' });
    const patched = await call<{ channel: ChannelView }>('PATCH', `/channels/${body.channel.id}`, { minSeverity: 'critical', enabled: false, name: 'tmp2' });
    expect(patched.body.channel).toMatchObject({ name: 'tmp2', minSeverity: 'critical', enabled: false });
    expect((await call('PATCH', '/channels/tmp2', { routingKey: 'x' })).status).toBe(409);
    expect((await call('DELETE', '/channels/tmp2')).status).toBe(204);
    expect((await call('GET', '/channels/tmp2')).status).toBe(404);
  });

  it('POST :id/test sends a valid message now and logs it with the channel deliveries', async () => {
    const slack = await call<ChannelCreatedResponse>('POST', '/channels', { name: 'slack-test', type: 'slack', url: receiver.url('/slack') });
    const r = await call<ChannelTestResponse>('POST', `/channels/${slack.body.channel.id}/test`);
    expect(r.body).toMatchObject({ delivered: true, status: 200, error: null });
    const [req] = await receiver.until((reqs) => reqs.some((x) => x.path === '/slack'));
    expect(slackMessageSchema.safeParse(receiver.requests.find((x) => x.path === '/slack')!.json).success).toBe(true);
    expect(req).toBeDefined();
    const log = await call<{ deliveries: DeliveryView[] }>('GET', `/channels/slack-test/deliveries`);
    expect(log.body.deliveries).toMatchObject([{ ok: true, status: 200, event: 'test', attempt: 1, outboxId: null }]);
  });

  it('a PagerDuty test triggers and resolves right away; a failing receiver is reported', async () => {
    const pd = await call<ChannelCreatedResponse>('POST', '/channels', { name: 'pd-test', type: 'pagerduty', routingKey: 'k', url: receiver.url('/pd') });
    expect((await call<ChannelTestResponse>('POST', `/channels/${pd.body.channel.id}/test`)).body.delivered).toBe(true);
    const pdReqs = receiver.requests.filter((x) => x.path === '/pd').map((x) => x.json as { event_action: string });
    expect(pdReqs.map((e) => e.event_action)).toEqual(['trigger', 'resolve']);
    for (const e of pdReqs) expect(pagerDutyEventSchema.safeParse(e).success).toBe(true);
    receiver.answer(({ path }) => (path === '/down' ? { status: 500, body: 'boom' } : { status: 200 }));
    await call('POST', '/channels', { name: 'down', type: 'webhook', url: receiver.url('/down'), secret: 'a-webhook-secret' });
    expect((await call<ChannelTestResponse>('POST', '/channels/down/test')).body).toMatchObject({ delivered: false, status: 500, error: 'HTTP 500: boom' });
  });
});

describe('catalog permissions', () => {
  it('aura.db, which holds channel secrets, is readable by the server user only', async () => {
    const { statSync } = await import('node:fs');
    const { join } = await import('node:path');
    expect(statSync(join(t.dir, 'aura.db')).mode & 0o777).toBe(0o600);
  });
});
