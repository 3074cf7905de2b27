/** Scenario names as the CLI spells them (kebab-case) and as the labels do (FAILURE_CLASSES). */
import { FAILURE_CLASSES, type FailureClass } from '@aura/protocol';

/** Scenario names `aura simulate --scenario` accepts. `mixed` is a realistic fleet mix. */
export const SCENARIOS = [
  'healthy',
  'memory-leak',
  'disk-fill',
  'inode-exhaustion',
  'cpu-runaway',
  'network-saturation',
  'connection-storm',
  'io-stall',
  'swap-thrash',
  'mixed',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** `disk-fill` → `disk_fill`; undefined for `healthy` and `mixed`. @example scenarioClass('io-stall') // 'io_stall' */
export function scenarioClass(name: ScenarioName): FailureClass | undefined {
  const cls = name.replace(/-/g, '_');
  return (FAILURE_CLASSES as readonly string[]).includes(cls) ? (cls as FailureClass) : undefined;
}

/** `disk_fill` → `disk-fill`. */
export function scenarioName(cls: FailureClass): ScenarioName {
  return cls.replace(/_/g, '-') as ScenarioName;
}
