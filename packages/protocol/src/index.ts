/** @aura/protocol: the contract between agent, server and dashboard. No I/O. */
export * from './alerts.js';
export * from './analysis.js';
export * from './api.js';
export * from './delta.js';
export * from './derive.js';
export * from './duration.js';
export * from './frames.js';
export * from './ids.js';
export * from './metrics.js';
export * from './sample.js';
export * from './stream.js';
export * from './stream-schema.js';
export * from './version.js';
