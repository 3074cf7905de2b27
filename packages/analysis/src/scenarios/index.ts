/**
 * Simulated hosts: seeded, deterministic host traces for training, evaluation and `aura
 * simulate` — healthy hosts with daily and weekly cycles, routine and hard-but-benign events,
 * and labelled failures of every class. See docs/scenarios.md.
 */
export { generateTrace, DEFAULT_START_MS, type Trace, type TraceOptions, type TraceScenario } from './trace.js';
export { makeSuite, suiteTraces, splitOfSeed, SPLITS, type Split, type SuiteEntry, type SuiteOptions } from './suite.js';
export { conditionHolds, FAILURE_THRESHOLDS, type MetricReader } from './conditions.js';
export type { FailureLabel } from './effects.js';
export type { TraceEvent } from './host-model.js';
export { drawFacts, PERSONAS, type Persona, type TraceFacts, type MountFacts, type DeviceFacts, type IfaceFacts } from './facts.js';
export { BENIGN_EVENTS, type BenignEvent } from './profile.js';
export { createScenarioHost, simAddress, type SimHost, type SimHostOptions } from './sim-host.js';
export { createHealthyHost } from './healthy-host.js';
export { SCENARIOS, scenarioClass, scenarioName, type ScenarioName } from './names.js';
export { createRng, seedOf, mixSeed, type Rng } from './random.js';
