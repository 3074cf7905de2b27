// The three notifiers' bodies: valid against schemas written from the PagerDuty Events API v2
// and Slack Block Kit specs for any alert text (fast-check), and the webhook's signature.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pagerDutyEvent, pagerDutyNotifier } from './pagerduty.js';
import { escapeMrkdwn, slackMessage } from './slack.js';
import { pagerDutyEventSchema, slackMessageSchema } from './spec-schemas.js';
import { channel, notification, notifiedAlert } from './test-notifications.js';
import type { AlertChange, NotifiedAlert } from './types.js';
import { signWebhook, webhookNotifier } from './webhook.js';

const text = fc.string({ unit: fc.constantFrom('a', 'é', '<', '>', '&', '|', '*', '`', '\n', ' ', '😀', '中'), maxLength: 4000 });
const alertArb: fc.Arbitrary<NotifiedAlert> = fc.record({
  summary: text.filter((s) => s.trim().length > 0),
  evidence: fc.array(text, { maxLength: 30 }),
  recommendation: text,
  hostname: fc.string({ minLength: 1, maxLength: 255 }),
  kind: fc.constantFrom('memory', 'disk', 'silent', 'cpu'),
  severity: fc.constantFrom('watch', 'warning', 'critical'),
  change: fc.constantFrom<AlertChange>('firing', 'escalated', 'repeat', 'resolved', 'acknowledged'),
}).map((p) => notifiedAlert({ ...p, state: p.change === 'resolved' ? 'resolved' : 'firing', resolvedAt: p.change === 'resolved' ? 1_767_229_200 : null, acknowledged: p.change === 'acknowledged' ? { by: 'alice', at: 1_767_226_000, comment: 'on it' } : null }));

describe('PagerDuty Events API v2', () => {
  it('every body is valid against the spec: trigger with payload, resolve/acknowledge with the dedup_key', () => {
    fc.assert(
      fc.property(alertArb, (a) => {
        const body = pagerDutyEvent(notification([a]), 'R0UT1NGKEY0123456789abcdef012345');
        expect(pagerDutyEventSchema.safeParse(body).error?.issues ?? []).toEqual([]);
        expect(body.dedup_key).toBe('web-1/memory');
        expect(body.event_action).toBe(a.change === 'resolved' ? 'resolve' : a.change === 'acknowledged' ? 'acknowledge' : 'trigger');
      }),
      { numRuns: 200 },
    );
  });

  it('maps severities onto the PagerDuty enum and carries the votes in custom_details', () => {
    const sev = (a: Partial<NotifiedAlert>) => (pagerDutyEvent(notification([notifiedAlert(a)]), 'k').payload as { severity: string }).severity;
    expect([sev({ severity: 'critical' }), sev({ severity: 'warning' }), sev({ severity: 'watch' }), sev({ kind: 'silent', severity: 'warning' })]).toEqual(['critical', 'warning', 'info', 'error']);
    const body = pagerDutyEvent(notification(), 'k') as { payload: { custom_details: { votes: unknown[] } }; links: unknown[] };
    expect(body.payload.custom_details.votes).toHaveLength(1);
    expect(body.links).toEqual([{ href: 'http://aura.example.net/hosts/web-1', text: 'Open in AURA' }]);
  });

  it('posts to the Events API unless the channel names another URL', () => {
    expect(pagerDutyNotifier.render(notification(), channel({ type: 'pagerduty', url: '', routingKey: 'k' }), 0).url).toBe('https://events.pagerduty.com/v2/enqueue');
  });

  it('a test notification is valid too', () => {
    expect(pagerDutyEventSchema.safeParse(pagerDutyEvent(notification([], { type: 'test', status: 'firing' }), 'k')).success).toBe(true);
  });
});

describe('Slack Block Kit', () => {
  it('every message is valid Block Kit within its limits, for any text and any number of alerts', () => {
    fc.assert(
      fc.property(fc.array(alertArb, { minLength: 1, maxLength: 14 }), (alerts) => {
        const msg = slackMessage(notification(alerts));
        expect(slackMessageSchema.safeParse(msg).error?.issues ?? []).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('has title, host, severity, evidence, recommendation and a link to the dashboard', () => {
    const msg = slackMessage(notification([notifiedAlert({ summary: 'disk <b> & more' })]));
    const json = JSON.stringify(msg);
    expect(msg.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Warning: memory on web-1.example.net', emoji: true } });
    expect(json).toContain('*Host*\\nweb-1.example.net');
    expect(json).toContain('*Severity*\\nWarning');
    expect(json).toContain('*Evidence*\\n• memory 94% used');
    expect(json).toContain('*Recommendation:* find what grows');
    expect(json).toContain('disk &lt;b&gt; &amp; more');
    expect(msg.blocks).toContainEqual({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in AURA' }, url: 'http://aura.example.net/hosts/web-1', action_id: 'aura-open' }] });
    expect(escapeMrkdwn('<a>&')).toBe('&lt;a&gt;&amp;');
  });
});

describe('webhook', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256 and sends the idempotency key', () => {
    const r = webhookNotifier.render(notification(), channel({ secret: 'correct horse battery' }), 1_767_225_999_000);
    expect(r.headers['x-aura-timestamp']).toBe('1767225999');
    expect(r.headers['idempotency-key']).toBe('key-1');
    const expected = createHmac('sha256', 'correct horse battery').update(`1767225999.${r.body}`).digest('hex');
    expect(r.headers['x-aura-signature']).toBe(`sha256=${expected}`);
    expect(signWebhook('correct horse battery', '1767225999', r.body)).toBe(r.headers['x-aura-signature']);
    const body = JSON.parse(r.body);
    expect(body).toMatchObject({ version: '1', type: 'alerts', idempotencyKey: 'key-1', status: 'firing', groupKey: 'host:web-1', firingCount: 1 });
    expect(body.alerts[0]).toMatchObject({ fingerprint: 'web-1/memory', change: 'firing', startsAt: '2026-01-01T00:00:00Z', firedAt: '2026-01-01T00:05:00Z' });
  });

  it('without a secret there is no signature header', () => {
    expect(webhookNotifier.render(notification(), channel(), 0).headers['x-aura-signature']).toBeUndefined();
  });
});
