/**
 * PagerDuty Events API v2: trigger with dedup_key = the alert's fingerprint (so escalations and
 * reminders land on the same PagerDuty alert), acknowledge on acknowledgement, resolve on
 * resolve. Field limits from the spec: summary 1024, dedup_key 255; severity is one of
 * critical, error, warning, info.
 */
import { SILENT_KIND, type Severity } from '@aura/protocol';
import { isoSeconds, truncate } from './text.js';
import type { Notification, NotifiedAlert, Notifier } from './types.js';
import { USER_AGENT } from './types.js';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** AURA watch is informational; a silent host is an error (we cannot see how bad it is). */
export function pagerDutySeverity(a: Pick<NotifiedAlert, 'severity' | 'kind'>): 'critical' | 'error' | 'warning' | 'info' {
  const map: Record<Severity, 'critical' | 'warning' | 'info'> = { critical: 'critical', warning: 'warning', watch: 'info', ok: 'info' };
  if (a.kind === SILENT_KIND && a.severity === 'warning') return 'error';
  return map[a.severity];
}

/** The Events API v2 body for a notification (exported for tests and docs). */
export function pagerDutyEvent(n: Notification, routingKey: string): Record<string, unknown> {
  if (n.type === 'test') {
    const dedup = truncate(`aura-${n.idempotencyKey}`, 255);
    if (n.status !== 'firing') return { routing_key: routingKey, event_action: 'resolve', dedup_key: dedup };
    return {
      routing_key: routingKey,
      event_action: 'trigger',
      dedup_key: dedup,
      payload: { summary: 'AURA test notification: this integration is set up', source: 'aura', severity: 'info', timestamp: isoSeconds(n.createdAt), class: 'test' },
      client: 'AURA',
      client_url: n.dashboardUrl,
    };
  }
  const a = n.alerts[0]!;
  const action = a.change === 'resolved' ? 'resolve' : a.change === 'acknowledged' ? 'acknowledge' : 'trigger';
  const event: Record<string, unknown> = { routing_key: routingKey, event_action: action, dedup_key: truncate(a.fingerprint, 255) };
  if (action !== 'trigger') return event;
  return {
    ...event,
    payload: {
      summary: truncate(`[${a.severity.toUpperCase()}] ${a.hostname}: ${a.summary}`, 1024),
      source: truncate(a.hostname, 255),
      severity: pagerDutySeverity(a),
      timestamp: isoSeconds(a.firedAt ?? a.startsAt),
      component: a.kind,
      group: a.hostId,
      class: a.kind,
      custom_details: {
        change: a.change,
        host_id: a.hostId,
        aura_severity: a.severity,
        evidence: a.evidence,
        recommendation: a.recommendation,
        votes: a.votes.map((v) => ({ analyser: v.analyser, severity: v.severity, confidence: Math.round(v.confidence * 100) / 100, kind: v.kind, evidence: v.evidence })),
      },
    },
    client: 'AURA',
    client_url: n.dashboardUrl,
    links: [{ href: a.url, text: 'Open in AURA' }],
  };
}

export const pagerDutyNotifier: Notifier = {
  type: 'pagerduty',
  render(n, channel) {
    return {
      url: channel.url || PAGERDUTY_EVENTS_URL,
      headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT },
      body: JSON.stringify(pagerDutyEvent(n, channel.routingKey ?? '')),
    };
  },
};
