/**
 * What the browser bundle takes of @aura/protocol at run time: the zod-free modules only (the
 * build aliases `@aura/protocol` here; types still come from the package itself).
 */
export * from '../../../packages/protocol/src/analysis.js';
export * from '../../../packages/protocol/src/stream.js';
