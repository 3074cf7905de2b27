/** What the alert engine hands to delivery, and what a channel notifier turns it into. */
import type { AlertAck, ChannelType, Matcher, Severity, Vote } from '@aura/protocol';

/** How an alert changed since this channel last heard of it. */
export type AlertChange = 'firing' | 'escalated' | 'repeat' | 'resolved' | 'acknowledged';

export interface NotifiedAlert {
  id: number;
  fingerprint: string;
  hostId: string;
  hostname: string;
  kind: string;
  severity: Severity;
  state: 'firing' | 'resolved';
  change: AlertChange;
  summary: string;
  evidence: string[];
  recommendation: string;
  /** Unix seconds, event time. */
  startsAt: number;
  firedAt: number | null;
  resolvedAt: number | null;
  acknowledged: AlertAck | null;
  url: string;
  votes: Vote[];
}

/**
 * One notification as stored in the outbox: channel-neutral, without secrets. The channel's
 * notifier renders it at send time, so a retry sends the same content with current credentials.
 */
export interface Notification {
  version: 1;
  type: 'alerts' | 'test';
  /** Unique per notification, the same on every retry (receivers deduplicate on it). */
  idempotencyKey: string;
  /** `host:<id>`: notifications are grouped per host. */
  groupKey: string;
  host: { id: string; hostname: string } | null;
  /** firing while any alert of the group still fires. */
  status: 'firing' | 'resolved';
  /** The alerts this notification is about (PagerDuty: exactly one). */
  alerts: NotifiedAlert[];
  /** Alerts of the group firing now. */
  firingCount: number;
  /** The fleet's event time when it was planned (unix s), or null for a test. */
  eventTime: number | null;
  /** Wall clock when it was enqueued (unix s). */
  createdAt: number;
  dashboardUrl: string;
}

/** A channel with its secrets, as the notifiers need it (never sent to API clients). */
export interface StoredChannel {
  id: string;
  name: string;
  type: ChannelType;
  source: 'config' | 'api';
  enabled: boolean;
  minSeverity: Exclude<Severity, 'ok'>;
  matchers: Matcher[];
  url: string;
  routingKey?: string | undefined;
  secret?: string | undefined;
  createdAt: number;
  updatedAt: number;
}

export interface RenderedRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** One notifier per channel type: Slack, PagerDuty, webhook. */
export interface Notifier {
  type: ChannelType;
  /** The HTTP request for a notification; `nowMs` (wall clock) stamps signatures. */
  render(n: Notification, channel: StoredChannel, nowMs: number): RenderedRequest;
}

export const USER_AGENT = 'aura/0.1.0 (+https://github.com/aura-monitor/aura)';
