/**
 * Generic webhook: the notification as documented JSON (docs/alerts.md), signed with
 * `X-Aura-Signature: sha256=<hex HMAC-SHA256 of "<X-Aura-Timestamp>.<body>">` and carrying an
 * `Idempotency-Key` that stays the same on every retry.
 */
import { createHmac } from 'node:crypto';
import { isoSeconds } from './text.js';
import type { Notification, Notifier } from './types.js';
import { USER_AGENT } from './types.js';

/** The JSON body (exported for tests and docs). */
export function webhookBody(n: Notification): Record<string, unknown> {
  return {
    version: '1',
    type: n.type,
    idempotencyKey: n.idempotencyKey,
    status: n.status,
    groupKey: n.groupKey,
    host: n.host,
    firingCount: n.firingCount,
    eventTime: n.eventTime === null ? null : isoSeconds(n.eventTime),
    createdAt: isoSeconds(n.createdAt),
    dashboardUrl: n.dashboardUrl,
    alerts: n.alerts.map((a) => ({
      id: a.id,
      fingerprint: a.fingerprint,
      hostId: a.hostId,
      hostname: a.hostname,
      kind: a.kind,
      severity: a.severity,
      state: a.state,
      change: a.change,
      summary: a.summary,
      evidence: a.evidence,
      recommendation: a.recommendation,
      startsAt: isoSeconds(a.startsAt),
      firedAt: a.firedAt === null ? null : isoSeconds(a.firedAt),
      resolvedAt: a.resolvedAt === null ? null : isoSeconds(a.resolvedAt),
      acknowledged: a.acknowledged && { by: a.acknowledged.by, at: isoSeconds(a.acknowledged.at), comment: a.acknowledged.comment },
      url: a.url,
      votes: a.votes,
    })),
  };
}

/**
 * The signature a receiver recomputes to check a delivery.
 * @example signWebhook('s3cret', '1767225600', body) // 'sha256=9f…'
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export const webhookNotifier: Notifier = {
  type: 'webhook',
  render(n, channel, nowMs) {
    const body = JSON.stringify(webhookBody(n));
    const ts = String(Math.floor(nowMs / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'idempotency-key': n.idempotencyKey,
      'x-aura-event': n.type === 'test' ? 'test' : (n.alerts[0]?.change ?? 'firing'),
      'x-aura-timestamp': ts,
    };
    if (channel.secret) headers['x-aura-signature'] = signWebhook(channel.secret, ts, body);
    return { url: channel.url, headers, body };
  },
};
