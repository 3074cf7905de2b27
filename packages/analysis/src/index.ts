/** The analysis core: pure computation over arrays, no I/O (topology now; features, forecasts and the CfC network join here). */
export * as tda from './tda/index.js';
