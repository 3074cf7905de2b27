/**
 * Hosts gone silent. A silent host sends nothing to analyse, so no analyser can vote on it: the
 * fleet's event-time clock (other hosts keep reporting) is the witness, and the decision is made
 * by rule, not by quorum. Several hosts falling silent together hint at a partition.
 */
import { SILENT_KIND, type CouncilDecision, type Severity } from '@aura/protocol';
import { fmtSeconds } from './series.js';
import type { FleetContext } from './types.js';

/** Hosts whose last samples lie this close together fell silent "together". */
const TOGETHER_MS = 60_000;

/** The silence threshold of a host: the configured one, but never under four of its intervals. */
export function silentAfterFor(silentAfter: number, intervalMs: number): number {
  return Math.max(silentAfter, 4 * intervalMs);
}

/** The silent hosts of the fleet: id → last sample time (unix ms). */
export function silentHosts(fleet: FleetContext, silentAfter: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, h] of Object.entries(fleet.hosts)) {
    if (fleet.now - h.lastSeen >= silentAfterFor(silentAfter, h.intervalMs)) out.set(id, h.lastSeen);
  }
  return out;
}

/**
 * The decision for a silent host (severity warning, or critical when it went silent while the
 * council already held warning or worse for it: a likely crash), or for one that came back (ok).
 */
export function silentDecision(hostId: string, fleet: FleetContext, silent: Map<string, number>, severity: Severity): CouncilDecision {
  const ts = fleet.now / 1000;
  const lastSeen = fleet.hosts[hostId]?.lastSeen ?? fleet.now;
  if (severity === 'ok') {
    return {
      ts,
      decision: 'ok',
      kind: SILENT_KIND,
      summary: `${hostId} reports again`,
      votes: [{ analyser: 'network', severity: 'ok', confidence: 1, kind: SILENT_KIND, evidence: [`samples arrive again (newest ${iso(lastSeen)})`], recommendation: '' }],
      concerns: [{ kind: SILENT_KIND, severity: 'ok', raw: 'ok', since: ts, pending: null }],
    };
  }
  const together = [...silent].filter(([id, seen]) => id !== hostId && Math.abs(seen - lastSeen) <= TOGETHER_MS).map(([id]) => id);
  const reporting = Object.keys(fleet.hosts).length - silent.size;
  const evidence = [
    `no samples for ${fmtSeconds((fleet.now - lastSeen) / 1000)} of fleet time (last at ${iso(lastSeen)}) while ${reporting} of ${Object.keys(fleet.hosts).length} hosts keep reporting`,
  ];
  if (together.length > 0) {
    evidence.push(`${together.length} other host${together.length > 1 ? 's' : ''} went silent within a minute of it (${together.slice(0, 5).join(', ')}${together.length > 5 ? ', …' : ''}): possible network partition`);
  }
  if (severity === 'critical') evidence.push('it went silent while the council already held a warning for it: it may have failed');
  return {
    ts,
    decision: severity,
    kind: SILENT_KIND,
    summary: `${hostId} is silent: ${evidence[0]}`,
    votes: [
      {
        analyser: 'network',
        severity,
        confidence: 1,
        kind: SILENT_KIND,
        evidence,
        recommendation:
          together.length > 0
            ? 'several hosts went quiet together: check the network path and firewalls between them and the server first'
            : 'check that the host is up (ping, console) and that its agent runs (systemctl status aura-agent; journalctl -u aura-agent)',
      },
    ],
    concerns: [{ kind: SILENT_KIND, severity, raw: severity, since: lastSeen / 1000, pending: null }],
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
