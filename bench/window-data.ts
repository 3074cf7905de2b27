/**
 * Realistic host windows for the analysis benchmarks: simulated healthy hosts (the same generator
 * `aura simulate` uses), sampled every 5 s, turned into derived metrics by the protocol's own
 * derivation and into host vectors, then cut into windows a minute apart.
 */
import { createHealthyHost } from '@aura/analysis/scenarios';
import { FEATURE_COUNT, hostVector } from '@aura/analysis/features';
import { deriveInto, type Sample } from '@aura/protocol';

export interface BenchWindow {
  hostId: string;
  ts: number;
  timestamps: Float64Array;
  values: Float64Array;
}

/** `count` consecutive windows of `points` samples for host `id`, one per minute of event time. */
export function hostWindows(id: string, points: number, count: number, startMs = Date.UTC(2025, 0, 1)): BenchWindow[] {
  const host = createHealthyHost({ id });
  const total = points + (count - 1) * 12;
  const ts = new Float64Array(total);
  const values = new Float64Array(total * FEATURE_COUNT);
  const vec = new Float64Array(FEATURE_COUNT);
  let prev: Sample | undefined;
  for (let i = 0; i < total; i++) {
    const s = host.sample(startMs + i * 5000);
    const names: string[] = [];
    const vals: number[] = [];
    deriveInto(prev, s, (n, v) => {
      names.push(n);
      vals.push(v);
    });
    prev = s;
    ts[i] = s.ts;
    values.set(hostVector(names, vals, host.facts.cpu.cores, vec), i * FEATURE_COUNT);
  }
  return Array.from({ length: count }, (_, k) => {
    const from = k * 12;
    return {
      hostId: id,
      ts: ts[from + points - 1]!,
      timestamps: ts.slice(from, from + points),
      values: values.slice(from * FEATURE_COUNT, (from + points) * FEATURE_COUNT),
    };
  });
}
