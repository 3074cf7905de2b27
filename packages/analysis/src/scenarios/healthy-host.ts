/** A healthy simulated host: the scenario model without a failure (kept for the benchmarks that build fleets). */
import { createScenarioHost, type SimHost, type SimHostOptions } from './sim-host.js';

/** @example createHealthyHost({ id: 'bench-1' }).sample(Date.now()) */
export function createHealthyHost(opts: SimHostOptions): SimHost {
  return createScenarioHost({ ...opts, failure: undefined });
}
