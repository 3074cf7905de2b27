/** The one interface every collector implements, and the builder they fill. */
import type { ConnSummary } from '@aura/protocol';

export interface SampleBuilder {
  gauge(name: string, value: number): void;
  counter(name: string, value: number): void;
  conns(summary: ConnSummary): void;
}

export interface Collector {
  readonly name: string;
  /** fast: every tick; slow: every `slowEvery` ticks (filesystems, connections). */
  readonly cadence: 'fast' | 'slow';
  collect(into: SampleBuilder): Promise<void>;
}

/** Where /proc and /sys are: overridable so a containerised agent can read the host's (/host/proc). */
export interface ProcPaths {
  proc: string;
  sys: string;
}
