/** Notifications for the notifiers' and delivery tests. */
import type { Notification, NotifiedAlert, StoredChannel } from './types.js';

export function notifiedAlert(over: Partial<NotifiedAlert> = {}): NotifiedAlert {
  return {
    id: 1,
    fingerprint: 'web-1/memory',
    hostId: 'web-1',
    hostname: 'web-1.example.net',
    kind: 'memory',
    severity: 'warning',
    state: 'firing',
    change: 'firing',
    summary: 'warning on memory: resources: memory 94% used (warning from 92%); predictor: 70% risk of failure within 1h',
    evidence: ['memory 94% used (warning from 92%)', 'swap 12% used'],
    recommendation: 'find what grows (ps aux --sort=-rss | head)',
    startsAt: 1_767_225_600,
    firedAt: 1_767_225_900,
    resolvedAt: null,
    acknowledged: null,
    url: 'http://aura.example.net/hosts/web-1',
    votes: [{ analyser: 'resources', severity: 'warning', confidence: 0.8, kind: 'memory', evidence: ['memory 94% used'], recommendation: 'x' }],
    ...over,
  };
}

export function notification(alerts: NotifiedAlert[] = [notifiedAlert()], over: Partial<Notification> = {}): Notification {
  return {
    version: 1,
    type: 'alerts',
    idempotencyKey: 'key-1',
    groupKey: 'host:web-1',
    host: { id: 'web-1', hostname: 'web-1.example.net' },
    status: alerts.some((a) => a.state === 'firing') ? 'firing' : 'resolved',
    alerts,
    firingCount: alerts.filter((a) => a.state === 'firing').length,
    eventTime: 1_767_225_930,
    createdAt: 1_767_225_931,
    dashboardUrl: 'http://aura.example.net',
    ...over,
  };
}

export function channel(over: Partial<StoredChannel> = {}): StoredChannel {
  return { id: 'ch-1', name: 'ops', type: 'webhook', source: 'api', enabled: true, minSeverity: 'warning', matchers: [], url: 'http://127.0.0.1:9/hook', createdAt: 0, updatedAt: 0, ...over };
}
