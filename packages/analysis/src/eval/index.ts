/**
 * Evaluation of failure warnings on labelled traces: alarm episodes, recall of failures warned
 * at least 15 minutes ahead, lead times, precision, false alarms per host-day, time-to-failure
 * error — per failure class and overall, abrupt failures apart. Definitions: docs/scenarios.md.
 */
export { episodesOf, type Episode } from './episodes.js';
export { scoreTrace, median, quantile, DEFAULT_EVAL, type AlarmSeries, type EvalOptions, type LabelledTrace, type TraceOutcome } from './score.js';
export { summarize, SLOW_CLASSES, type EvalRow, type EvalTable } from './table.js';
export { runDetector, fromDetector, evaluate, type AlarmSource } from './run.js';
export { formatTables } from './format.js';
export { baselineSources } from './baselines.js';
