/**
 * `generateTrace`: a whole host trace at a fixed step, as columns (the shape of the API's
 * metrics response), with the failure label and the host's events. Pure and seeded: no clock,
 * no I/O; about a million steps per second of CPU.
 */
import type { FailureClass } from '@aura/protocol';
import type { RoutineEvent } from './calendar.js';
import type { FailureLabel } from './effects.js';
import { drawFacts, type Persona, type TraceFacts } from './facts.js';
import { createFailure } from './failures.js';
import { createHostModel, type TraceEvent } from './host-model.js';
import { deriveRow } from './layout.js';
import { drawProfile, type BenignEvent } from './profile.js';
import { createRng, logRange, mixSeed } from './random.js';

/** Monday 2026-01-05 00:00 UTC: the default start, so traces never depend on the clock. */
export const DEFAULT_START_MS = Date.UTC(2026, 0, 5);

export type TraceScenario = 'healthy' | FailureClass;

export interface TraceOptions {
  seed: number;
  scenario: TraceScenario;
  /** Length in days (default 3). */
  days?: number;
  /** Step between samples, seconds (default 60; 5 to 60 are realistic). */
  stepSeconds?: number;
  /** Event time of the first step, unix ms (default DEFAULT_START_MS). */
  startMs?: number;
  hostId?: string;
  /** A failure with no precursor (minutes from normal to failed). Default false. */
  abrupt?: boolean;
  /** When the failure condition first holds, unix ms; default drawn from the seed in the trace's last 45 %. */
  failureAtMs?: number;
  persona?: Persona;
  /** Hard but benign events this host lives through (healthy or not). */
  benign?: BenignEvent[];
}

export interface Trace {
  hostId: string;
  seed: number;
  scenario: TraceScenario;
  stepSeconds: number;
  /** Unix seconds, one per step. */
  timestamps: Float64Array;
  /** Derived metrics in the dotted vocabulary, one value per step (the server's view of the host). */
  series: Record<string, Float64Array>;
  facts: TraceFacts;
  /** null for a healthy host. */
  label: FailureLabel | null;
  /** Routine and failure events, in time order. */
  events: TraceEvent[];
}

/**
 * Generate one host's trace.
 * @example
 * const t = generateTrace({ seed: 42, scenario: 'disk_fill', days: 3 });
 * t.series['disk./.used_pct'] // Float64Array(4320)
 * t.label?.failureTs          // unix seconds
 */
export function generateTrace(opts: TraceOptions): Trace {
  const stepS = opts.stepSeconds ?? 60;
  const days = opts.days ?? 3;
  if (!(stepS >= 1 && stepS <= 3600)) throw new RangeError(`stepSeconds: ${stepS} is not between 1 and 3600 (example: 60)`);
  if (!(days > 0 && days <= 400)) throw new RangeError(`days: ${days} is not between 0 and 400 (example: 3)`);
  const startS = Math.round((opts.startMs ?? DEFAULT_START_MS) / 1000);
  const n = Math.floor((days * 86_400) / stepS);
  const endS = startS + n * stepS;
  const hostId = opts.hostId ?? `host-${opts.seed}`;
  const cls = opts.scenario === 'healthy' ? undefined : opts.scenario;
  const facts = drawFacts(opts.seed, hostId, { ...(opts.persona ? { persona: opts.persona } : {}), ...(cls === 'swap_thrash' ? { swap: true } : {}) });
  const benign = opts.benign ?? [];
  const profile = drawProfile(facts, benign);
  const rng = createRng(mixSeed(opts.seed, 7));
  let failure;
  if (cls) {
    const span = endS - startS;
    const drawn = opts.failureAtMs !== undefined ? opts.failureAtMs / 1000 : startS + span * createRng(mixSeed(opts.seed, 8)).range(0.55, 0.9);
    // On the step grid: failureTs is the first step at which the condition holds.
    const F = startS + Math.ceil((drawn - startS) / stepS) * stepS;
    if (F <= startS || F >= endS) throw new RangeError(`failureAtMs: ${F * 1000} is outside the trace (${startS * 1000} to ${endS * 1000})`);
    failure = createFailure(facts, profile, { cls, abrupt: opts.abrupt ?? false, failureTs: F, maxPrecursorS: maxPrecursor(F, startS) });
  }
  const model = createHostModel({ facts, profile, failure, startS, extraEvents: benignEvents(benign, startS, endS, rng) });
  const names = model.layout.metrics;
  const cols = names.map(() => new Float64Array(n));
  const row = new Float64Array(names.length);
  const timestamps = new Float64Array(n);
  const events: TraceEvent[] = [];
  for (let i = 0; i < n; i++) {
    const t = startS + i * stepS;
    timestamps[i] = t;
    model.step(t, stepS);
    deriveRow(model.layout, model.gauges, model.increments, stepS, row);
    for (let k = 0; k < cols.length; k++) cols[k]![i] = row[k]!;
    for (const e of model.drainEvents()) events.push(e);
  }
  const series: Record<string, Float64Array> = {};
  names.forEach((name, k) => (series[name] = cols[k]!));
  events.sort((a, b) => a.ts - b.ts);
  return { hostId, seed: opts.seed, scenario: opts.scenario, stepSeconds: stepS, timestamps, series, facts, label: failure?.label ?? null, events };
}

/** A precursor never starts before the trace's first half hour (the host is seen healthy first). */
export function maxPrecursor(failureS: number, startS: number): number {
  return Math.max(60, failureS - startS - 1800);
}

/** The timed benign events, placed in the middle 80 % of the trace. */
export function benignEvents(benign: BenignEvent[], startS: number, endS: number, rng: ReturnType<typeof createRng>): RoutineEvent[] {
  const out: RoutineEvent[] = [];
  const at = () => Math.round(startS + (endS - startS) * rng.range(0.1, 0.9));
  for (const b of benign) {
    const s = at();
    if (b === 'batch-cpu') out.push({ kind: 'batch', startS: s, endS: s + Math.round(rng.range(25, 40) * 60), size: rng.range(0.95, 1.2) });
    if (b === 'traffic-spike') out.push({ kind: 'spike', startS: s, endS: s + Math.round(logRange(rng, 20 * 60, 60 * 60)), size: rng.range(2.5, 4) });
    if (b === 'reboot') out.push({ kind: 'reboot', startS: s, endS: s + 120, size: 1 });
  }
  return out;
}
