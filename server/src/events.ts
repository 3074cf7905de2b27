/**
 * The server's internal event bus: ingest, analysis and alerts publish here; the live stream,
 * the analysis scheduler, the council and /metrics subscribe. Listeners run synchronously on
 * the event loop, so they must be quick (queue work, never block).
 */
import { EventEmitter } from 'node:events';
import type { AlertView, HostAnalysis, HostId } from '@aura/protocol';

/** The newest stored sample of a host, as derived values (what the API's `latest` holds). */
export interface LatestValues {
  /** Unix ms. */
  ts: number;
  values: Record<string, number>;
}

export interface CommittedBatch {
  /** Samples newly stored. */
  written: number;
  /** The newest in-order sample of the batch, if any was new. */
  latest?: LatestValues | undefined;
  /** The new in-order samples, oldest first, as parallel name/value arrays (do not mutate). */
  rows: ReadonlyArray<{ ts: number; names: readonly string[]; values: readonly number[] }>;
}

export interface ServerEventMap {
  'host.connected': [hostId: HostId];
  'host.disconnected': [hostId: HostId];
  /** A batch was committed. */
  'samples.committed': [hostId: HostId, batch: CommittedBatch];
  /** A host's analysis finished for one window. */
  'analysis.done': [analysis: HostAnalysis];
  /** An alert was created or changed (state, severity, acknowledgement). */
  'alert.changed': [alert: AlertView];
}

export class ServerEvents extends EventEmitter<ServerEventMap> {
  constructor() {
    super({ captureRejections: false });
    // Every dashboard stream subscribes; a busy server has many.
    this.setMaxListeners(0);
  }
}
