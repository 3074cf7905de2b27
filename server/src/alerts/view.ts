/** Alert rows as the API shows them and as notifications carry them. */
import type { AlertView, CouncilDecision, Vote } from '@aura/protocol';
import type { AlertChange, NotifiedAlert } from '../notify/index.js';
import type { AlertLabels } from './matchers.js';
import type { AlertRow } from './store.js';

export function decisionOf(a: AlertRow): CouncilDecision | null {
  if (!a.decision) return null;
  try {
    return JSON.parse(a.decision) as CouncilDecision;
  } catch {
    return null;
  }
}

/** The votes behind this alert's kind, strongest first (the others are in `decision`). */
export function backingVotes(a: AlertRow, d: CouncilDecision | null): Vote[] {
  return (d?.votes ?? []).filter((v) => v.kind === a.kind && v.severity !== 'ok');
}

export function labelsOf(a: AlertRow, hostname: string): AlertLabels {
  return { host: a.host_id, hostname, kind: a.kind, severity: a.severity };
}

/** The dashboard's deep link for a host (its hash route, dashboard/src/lib/route.ts): `https://aura.example.com/#/host/web-1`. */
export function hostUrl(dashboardUrl: string, hostId: string): string {
  return `${dashboardUrl.replace(/\/$/, '')}/#/host/${encodeURIComponent(hostId)}`;
}

export function toAlertView(a: AlertRow, hostname: string, dashboardUrl: string, silencedBy: string[]): AlertView {
  const d = decisionOf(a);
  const votes = backingVotes(a, d);
  return {
    id: a.id,
    fingerprint: a.fingerprint,
    hostId: a.host_id,
    hostname,
    kind: a.kind,
    state: a.state,
    severity: a.severity,
    summary: a.summary,
    evidence: votes.flatMap((v) => v.evidence.map((e) => `${v.analyser}: ${e}`)),
    recommendation: votes[0]?.recommendation ?? '',
    startsAt: a.starts_at / 1000,
    firedAt: a.fired_at === null ? null : a.fired_at / 1000,
    resolvedAt: a.resolved_at === null ? null : a.resolved_at / 1000,
    updatedAt: a.updated_at / 1000,
    acknowledged: a.acked_at === null ? null : { by: a.acked_by ?? '', at: a.acked_at / 1000, comment: a.ack_comment ?? '' },
    silencedBy,
    decision: d,
    url: hostUrl(dashboardUrl, a.host_id),
  };
}

export function toNotifiedAlert(a: AlertRow, hostname: string, dashboardUrl: string, change: AlertChange): NotifiedAlert {
  const v = toAlertView(a, hostname, dashboardUrl, []);
  return {
    id: a.id,
    fingerprint: a.fingerprint,
    hostId: a.host_id,
    hostname,
    kind: a.kind,
    severity: a.severity,
    state: a.state === 'resolved' ? 'resolved' : 'firing',
    change,
    summary: a.summary,
    evidence: v.evidence,
    recommendation: v.recommendation,
    startsAt: v.startsAt,
    firedAt: v.firedAt,
    resolvedAt: v.resolvedAt,
    acknowledged: v.acknowledged,
    url: v.url,
    votes: backingVotes(a, v.decision),
  };
}
