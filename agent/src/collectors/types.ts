/** The one interface every collector implements, and the builder it fills. */
import type { ConnSummary } from '@aura/protocol';

/** What a collector writes into; the sampler validates names and values. */
export interface SampleBuilder {
  gauge(name: string, value: number): void;
  counter(name: string, value: number): void;
  conns(summary: ConnSummary): void;
}

export type Cadence = 'fast' | 'slow';

export interface Collector {
  readonly name: string;
  /** fast: every tick; slow: every `slowEvery`-th tick (filesystems, connection tables). */
  readonly cadence: Cadence;
  collect(into: SampleBuilder): Promise<void>;
}

/** Where /proc and /sys are: tests point them at fixtures, a containerised agent at the host's. */
export interface ProcPaths {
  proc: string;
  sys: string;
}
