/** Simulated hosts: reproducible traces in the agent's sample shape. */
export { createHealthyHost, simAddress, type SimHost, type SimHostOptions } from './healthy-host.js';
export { createRng, seedOf, type Rng } from './random.js';

/** Scenario names `aura simulate --scenario` accepts; failure scenarios arrive with the predictor work. */
export const SCENARIOS = ['healthy'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];
