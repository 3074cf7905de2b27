/** The analysis core: pure computation over arrays, no I/O (topology, features, window analysis, the CfC network; forecasts join here). */
export * as features from './features/index.js';
export * as predict from './predict/index.js';
export * as topology from './topology/index.js';
export * as tda from './tda/index.js';
export * as nn from './nn/index.js';
export { stateFromJson, stateToJson } from './state-json.js';
