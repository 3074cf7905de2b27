/**
 * Which simulated hosts fail, how and when. A failure scenario makes the first `failing` hosts
 * (default 1) live through it, failing `failureAfterMs` of event time after the start; the rest
 * stay healthy. `mixed` is a fleet as one meets it: about one host in five fails, classes and
 * failure times spread from the host ids, some failures abrupt, some healthy hosts with hard but
 * benign events.
 */
import { BENIGN_EVENTS, createScenarioHost, scenarioClass, seedOf, type FailureLabel, type ScenarioName, type SimHost } from '@aura/analysis/scenarios';
import { FAILURE_CLASSES, type FailureClass } from '@aura/protocol';

/** Event time from the start to the failure when --failure-after is not given. */
export const DEFAULT_FAILURE_AFTER_MS = 4 * 3600_000;

export interface FleetOptions {
  ids: string[];
  addresses: string[];
  scenario: ScenarioName;
  startMs: number;
  failureAfterMs?: number | undefined;
  failing?: number | undefined;
  abrupt?: boolean | undefined;
}

/** A labelled failure as printed: unix seconds, plus the failure time in ISO 8601 for people. */
export type FailureLine = FailureLabel & { host: string; failureTime: string };

export interface FleetPlan {
  hosts: SimHost[];
  failures: FailureLine[];
  /** Where each failing host stands at event time `eventS`. */
  status(eventS: number): Array<{ host: string; class: FailureClass; failureTs: number; state: 'healthy' | 'precursor' | 'failed' | 'recovered' }>;
}

export function planFleet(opts: FleetOptions): FleetPlan {
  const after = opts.failureAfterMs ?? DEFAULT_FAILURE_AFTER_MS;
  const cls = scenarioClass(opts.scenario);
  const failing = Math.min(opts.ids.length, opts.failing ?? 1);
  const hosts = opts.ids.map((id, i) => {
    // Each host talks to a few others, so the fleet has a topology.
    const peers = [1, 2, 5].map((k) => opts.addresses[(i + k) % opts.addresses.length]!).filter((p) => p !== opts.addresses[i]);
    const base = { id, peers, startMs: opts.startMs };
    if (cls && i < failing) return createScenarioHost({ ...base, failure: { cls, atMs: opts.startMs + after, abrupt: opts.abrupt ?? false } });
    if (opts.scenario === 'mixed') {
      const h = seedOf(`${id}/mixed`);
      if (h % 5 === 0) {
        const c = FAILURE_CLASSES[(h >>> 3) % FAILURE_CLASSES.length]!;
        const at = opts.startMs + Math.round(after * (0.5 + ((h >>> 6) % 100) / 100));
        return createScenarioHost({ ...base, failure: { cls: c, atMs: at, abrupt: (h >>> 13) % 6 === 0 } });
      }
      if (h % 3 === 0) return createScenarioHost({ ...base, benign: [BENIGN_EVENTS[(h >>> 4) % BENIGN_EVENTS.length]!] });
    }
    return createScenarioHost(base);
  });
  const failures: FailureLine[] = [];
  hosts.forEach((h, i) => {
    if (h.label) failures.push({ host: opts.ids[i]!, ...h.label, failureTime: new Date(h.label.failureTs * 1000).toISOString() });
  });
  return {
    hosts,
    failures,
    status: (eventS) =>
      failures.slice(0, 20).map((f) => ({
        host: f.host,
        class: f.class,
        failureTs: f.failureTs,
        state: eventS < f.precursorStartTs ? 'healthy' : eventS < f.failureTs ? 'precursor' : eventS < f.recoveryTs ? 'failed' : 'recovered',
      })),
  };
}
