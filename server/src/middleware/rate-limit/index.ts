/** Rate limiting per API token (after auth) and per client address (before it). */
export { RateLimiter, type RateOptions } from './buckets.js';
