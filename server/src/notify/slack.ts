/**
 * Slack incoming webhook: a Block Kit message per notification (header, one section per alert
 * with its fields, evidence and recommendation, a button to the dashboard), within Block Kit's
 * limits (header 150, section text 3000, field 2000, 10 fields, 50 blocks, button text 75).
 */
import type { Notification, NotifiedAlert, Notifier } from './types.js';
import { USER_AGENT } from './types.js';
import { SEVERITY_WORD, isoSeconds, truncate } from './text.js';

/** Alerts shown in one message; more are counted in a closing line (50 blocks at most). */
const MAX_ALERTS = 10;

const ICON: Record<string, string> = { critical: ':red_circle:', warning: ':large_orange_circle:', watch: ':large_yellow_circle:', ok: ':white_check_mark:' };

/** Slack's mrkdwn needs &, < and > escaped; everything else is shown as written. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function linkText(s: string): string {
  return escapeMrkdwn(s).replace(/\|/g, '¦');
}

function headline(n: Notification): string {
  if (n.type === 'test') return 'AURA test notification';
  const first = n.alerts[0]!;
  const host = n.host?.hostname ?? first.hostname;
  const what = first.change === 'resolved' ? 'Resolved' : first.change === 'acknowledged' ? 'Acknowledged' : SEVERITY_WORD[first.severity];
  const more = n.alerts.length > 1 ? ` (+${n.alerts.length - 1} more)` : '';
  return `${what}: ${first.kind} on ${host}${more}`;
}

function changeText(a: NotifiedAlert): string {
  switch (a.change) {
    case 'firing':
      return 'firing';
    case 'escalated':
      return `escalated to ${a.severity}`;
    case 'repeat':
      return 'still firing (reminder)';
    case 'resolved':
      return 'resolved';
    case 'acknowledged':
      return `acknowledged by ${a.acknowledged?.by ?? 'someone'}`;
  }
}

function alertBlocks(a: NotifiedAlert): unknown[] {
  const icon = a.change === 'resolved' ? ICON.ok : ICON[a.severity];
  const blocks: unknown[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`${icon} *<${a.url}|${linkText(`${a.hostname} / ${a.kind}`)}>* — ${changeText(a)}\n${escapeMrkdwn(a.summary)}`, 3000) },
      fields: [
        { type: 'mrkdwn', text: truncate(`*Host*\n${escapeMrkdwn(a.hostname)} (\`${escapeMrkdwn(a.hostId)}\`)`, 2000) },
        { type: 'mrkdwn', text: `*Severity*\n${SEVERITY_WORD[a.severity]}` },
        { type: 'mrkdwn', text: `*Since*\n${isoSeconds(a.firedAt ?? a.startsAt)}` },
        { type: 'mrkdwn', text: a.resolvedAt !== null ? `*Resolved*\n${isoSeconds(a.resolvedAt)}` : `*State*\n${a.state}` },
      ],
    },
  ];
  if (a.evidence.length) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*Evidence*\n${a.evidence.slice(0, 12).map((e) => `• ${escapeMrkdwn(e)}`).join('\n')}`, 3000) } });
  }
  if (a.recommendation && a.change !== 'resolved') {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(`*Recommendation:* ${escapeMrkdwn(a.recommendation)}`, 3000) }] });
  }
  return blocks;
}

/** The Block Kit message for a notification (exported for tests and docs). */
export function slackMessage(n: Notification): { text: string; blocks: unknown[] } {
  const title = headline(n);
  const blocks: unknown[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(title, 150), emoji: true } }];
  if (n.type === 'test') {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: 'This channel is set up: AURA alerts will arrive here.' } });
  } else {
    const shown = n.alerts.slice(0, MAX_ALERTS);
    shown.forEach((a, i) => {
      if (i > 0) blocks.push({ type: 'divider' });
      blocks.push(...alertBlocks(a));
    });
    if (n.alerts.length > shown.length) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${n.alerts.length - shown.length} more alerts in this group` }] });
  }
  const url = n.type === 'test' || !n.alerts[0] ? n.dashboardUrl : n.alerts[0].url;
  blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in AURA' }, url: truncate(url, 3000), action_id: 'aura-open' }] });
  const context = [`AURA${n.eventTime !== null ? ` · event time ${isoSeconds(n.eventTime)}` : ''}`, n.type === 'alerts' ? `${n.firingCount} firing on this host` : ''].filter(Boolean).join(' · ');
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: context }] });
  const fallback = n.type === 'test' ? title : `${title}: ${n.alerts[0]!.summary}`;
  return { text: truncate(fallback, 3000), blocks };
}

export const slackNotifier: Notifier = {
  type: 'slack',
  render(n, channel) {
    return { url: channel.url, headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT }, body: JSON.stringify(slackMessage(n)) };
  },
};
