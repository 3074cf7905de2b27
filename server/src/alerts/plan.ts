/**
 * What a group flush sends: for each channel, compare each alert of the host with what the
 * channel was last told (its notice) and pick the change — firing, escalated, a reminder after
 * the repeat interval, or the resolve it is owed. Like Alertmanager's notification log: the
 * plan is a diff of state, so a flush after a crash sends exactly what is missing. Pure.
 */
import { severityRank } from '@aura/protocol';
import type { AlertChange, StoredChannel } from '../notify/index.js';
import { matchesAll, type AlertLabels } from './matchers.js';
import type { AlertRow, NoticeRow } from './store.js';

export interface PlannedChange {
  alert: AlertRow;
  change: AlertChange;
}

export interface ChannelPlan {
  channel: StoredChannel;
  changes: PlannedChange[];
}

export interface PlanInput {
  /** The host's firing alerts and those with a resolve owed (AlertStore.toNotify). */
  alerts: readonly AlertRow[];
  channels: readonly StoredChannel[];
  /** Keyed `alertId:channelId`. */
  notices: ReadonlyMap<string, NoticeRow>;
  labels(a: AlertRow): AlertLabels;
  silenced(a: AlertRow): boolean;
  /** Event time, unix ms. */
  now: number;
  repeatInterval: number;
}

/**
 * @example planGroup({ alerts, channels, notices, labels, silenced: () => false, now, repeatInterval: 4 * 3600e3 })
 * // [{ channel: slack, changes: [{ alert, change: 'firing' }] }, …]
 */
export function planGroup(p: PlanInput): ChannelPlan[] {
  const out: ChannelPlan[] = [];
  for (const ch of p.channels) {
    if (!ch.enabled) continue;
    const changes: PlannedChange[] = [];
    for (const a of p.alerts) {
      const n = p.notices.get(`${a.id}:${ch.id}`);
      if (a.state === 'resolved') {
        // Owed: the channel was told it fires. Sent even when silenced, or the alert would never close there.
        if (n?.event === 'firing') changes.push({ alert: a, change: 'resolved' });
        continue;
      }
      if (a.state !== 'firing' || p.silenced(a)) continue;
      if (!n) {
        // A channel takes an alert from the first time it reaches the channel's severity and
        // matchers; from then on it hears every change of it until the resolve.
        if (severityRank(a.severity) >= severityRank(ch.minSeverity) && matchesAll(ch.matchers, p.labels(a))) changes.push({ alert: a, change: 'firing' });
      } else if (n.event === 'firing') {
        if (severityRank(a.severity) > severityRank(n.severity)) changes.push({ alert: a, change: 'escalated' });
        // PagerDuty re-notifies through its own escalation policies: no reminders there.
        else if (ch.type !== 'pagerduty' && a.acked_at === null && p.now - n.sent_at >= p.repeatInterval) changes.push({ alert: a, change: 'repeat' });
      }
    }
    if (changes.length) out.push({ channel: ch, changes });
  }
  return out;
}
