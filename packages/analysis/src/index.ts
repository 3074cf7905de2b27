/** The analysis core: pure computation over arrays, no I/O (topology, scenarios and the CfC network; features and forecasts join here). */
export * as tda from './tda/index.js';
export * as nn from './nn/index.js';
