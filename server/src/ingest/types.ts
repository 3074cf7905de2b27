/** What an agent session needs from the server around it. */
import type { HostId } from '@aura/protocol';
import type { Logger } from 'pino';
import type { Catalog, HostPool, WriteResult } from '../store/index.js';
import type { AgentSession } from './session.js';

export interface IngestStats {
  batches: number;
  samples: number;
  values: number;
  duplicateBatches: number;
  duplicateSamples: number;
  rejectedFrames: number;
  refusedUpgrades: number;
  storeErrors: number;
}

export interface IngestConfig {
  intervalMs: number;
  helloTimeoutMs: number;
  maxFutureSkewMs: number;
  maxFrameBytes: number;
}

export interface IngestContext {
  catalog: Catalog;
  pool: HostPool;
  config: IngestConfig;
  log: Logger;
  stats: IngestStats;
  now: () => number;
  attach(session: AgentSession): void;
  detach(session: AgentSession): void;
  onCommitted(hostId: HostId, result: WriteResult): void;
}
