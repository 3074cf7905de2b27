/** The store: catalog, per-host files, queries and upkeep. */
export { Catalog, generateToken, hashToken, type HostRow, type TokenKind, type TokenRow } from './catalog.js';
export { HostDb, type WriteResult } from './host-db.js';
export { maintainHost, type RetentionConfig } from './host-maintain.js';
export { HostPool } from './host-pool.js';
export { queryRange, sourceForStep, type RangeQuery } from './host-query.js';
export { isStoreUnavailable, openDb, type Db } from './open.js';
export { TOPOLOGY_SERIES, loadAnalysis, queryTopology, saveAnalysis, writeDecisionIfChanged, writeTopologyRow } from './host-analysis.js';
