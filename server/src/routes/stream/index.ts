/**
 * `/api/v1/stream`: live updates for dashboards and `aura top` over one WebSocket. The token
 * comes in the first message (never the URL); fleet changes are coalesced and sent at most once
 * per flush to every client as one shared serialised message, and so are alert changes; the
 * watched host's samples and analyses go only to its watchers; a heartbeat drops dead peers.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { STREAM_CLOSE, STREAM_FLUSH_MS, STREAM_HEARTBEAT_MS, STREAM_PATH, type AlertView, type HostId, type StreamServerMessage } from '@aura/protocol';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { ServerEvents } from '../../events.js';
import type { RateLimiter } from '../../middleware/rate-limit/index.js';
import type { Catalog } from '../../store/index.js';
import { StreamClient } from './client.js';
import { FleetState } from './fleet-state.js';

export { FleetState, sparkPoint, SPARK_POINTS } from './fleet-state.js';
export { MAX_BUFFERED_BYTES, MAX_PENDING_ROWS } from './client.js';

export interface StreamDeps {
  events: ServerEvents;
  catalog: Catalog;
  isConnected: (id: HostId) => boolean;
  perAddress: RateLimiter;
  log: Logger;
  now: () => number;
  /** Overrides for tests. */
  flushMs?: number;
  heartbeatMs?: number;
}

export interface StreamHub {
  /** Handle an HTTP upgrade; false when the path is not the stream's. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  readonly clientCount: number;
  readonly fleet: FleetState;
  close(): void;
}

/**
 * Alert views (each with its decision and every vote, a few KB) sent per flush at most; past it
 * clients are told how many were left out and reload the list over REST. A partition that turns
 * thousands of hosts silent at once must not build a message bigger than a client's send bound.
 */
export const MAX_ALERTS_PER_FLUSH = 200;

/** Client messages are tiny (auth, watch, ping). */
const MAX_CLIENT_MESSAGE_BYTES = 4096;

/**
 * @example
 *   const stream = createStreamHub({ events, catalog, isConnected, perAddress, log, now: Date.now });
 *   server.on('upgrade', (req, socket, head) => stream.handleUpgrade(req, socket, head) || socket.destroy());
 */
/** The newest MAX_ALERTS_PER_FLUSH views (oldest first), and how many were left out. */
export function alertsMessage(views: AlertView[]): StreamServerMessage {
  const left = views.length - MAX_ALERTS_PER_FLUSH;
  return left > 0 ? { type: 'alerts', alerts: views.slice(left), omitted: left } : { type: 'alerts', alerts: views };
}

export function createStreamHub(deps: StreamDeps): StreamHub {
  const fleet = new FleetState({ catalog: deps.catalog, isConnected: deps.isConnected });
  const clients = new Set<StreamClient>();
  const live = () => [...clients].filter((c) => c.state === 'live');
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES, perMessageDeflate: false });
  // A firing alert changes with every decision of its host: keep only the newest view of each per flush.
  const alertChanges = new Map<number, AlertView>();

  const listeners = {
    connected: (id: HostId) => fleet.connected(id, true),
    disconnected: (id: HostId) => fleet.connected(id, false),
    committed: (id: HostId, batch: Parameters<FleetState['committed']>[1]) => {
      fleet.committed(id, batch);
      let rows: Array<{ ts: number; values: Record<string, number> }> | undefined;
      for (const c of clients) {
        if (c.watch !== id || c.state !== 'live') continue;
        rows ??= batch.rows.map((r) => {
          const values: Record<string, number> = {};
          for (let i = 0; i < r.names.length; i++) values[r.names[i]!] = r.values[i]!;
          return { ts: r.ts / 1000, values };
        });
        c.queueRows(rows);
      }
    },
    analysed: (a: Parameters<FleetState['analysed']>[0]) => {
      fleet.analysed(a);
      for (const c of clients) if (c.watch === a.hostId && c.state === 'live') c.pendingAnalysis = { type: 'analysis', analysis: a };
    },
    alert: (v: AlertView) => {
      alertChanges.delete(v.id);
      alertChanges.set(v.id, v);
    },
  };
  deps.events.on('host.connected', listeners.connected);
  deps.events.on('host.disconnected', listeners.disconnected);
  deps.events.on('samples.committed', listeners.committed);
  deps.events.on('analysis.done', listeners.analysed);
  deps.events.on('alert.changed', listeners.alert);

  const flush = setInterval(() => {
    const changed = fleet.takeChanges();
    const shared = changed.length > 0 ? JSON.stringify({ type: 'fleet', serverTime: deps.now() / 1000, hosts: changed } satisfies StreamServerMessage) : undefined;
    const alerts = alertChanges.size > 0 ? JSON.stringify(alertsMessage([...alertChanges.values()])) : undefined;
    alertChanges.clear();
    for (const c of live()) {
      if (shared) c.send(shared);
      if (alerts) c.send(alerts);
      if (c.watch && c.pendingRows.length > 0) {
        c.send({ type: 'samples', hostId: c.watch, rows: c.pendingRows });
        c.pendingRows = [];
      }
      if (c.pendingAnalysis) {
        c.send(c.pendingAnalysis);
        c.pendingAnalysis = undefined;
      }
    }
  }, deps.flushMs ?? STREAM_FLUSH_MS);
  flush.unref();

  const heartbeat = setInterval(() => {
    const msg = JSON.stringify({ type: 'heartbeat', serverTime: deps.now() / 1000 } satisfies StreamServerMessage);
    for (const c of clients) {
      // No pong since the last ping: the peer is gone (like ws's documented keep-alive pattern).
      if (!c.alive) {
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      c.ws.ping();
      if (c.state === 'live') c.send(msg);
    }
  }, deps.heartbeatMs ?? STREAM_HEARTBEAT_MS);
  heartbeat.unref();

  const ctx = {
    catalog: deps.catalog,
    perAddress: deps.perAddress,
    log: deps.log,
    onReady(c: StreamClient) {
      c.send({ type: 'ready', serverTime: deps.now() / 1000, flushMs: deps.flushMs ?? STREAM_FLUSH_MS, hosts: fleet.snapshot() });
    },
    onClose(c: StreamClient) {
      clients.delete(c);
    },
  };

  return {
    fleet,
    get clientCount() {
      return clients.size;
    },
    handleUpgrade(req, socket, head) {
      if ((req.url ?? '').split('?')[0] !== STREAM_PATH) return false;
      const address = req.socket.remoteAddress ?? 'unknown';
      wss.handleUpgrade(req, socket, head, (ws) => clients.add(new StreamClient(ws, ctx, address)));
      return true;
    },
    close() {
      clearInterval(flush);
      clearInterval(heartbeat);
      deps.events.off('host.connected', listeners.connected);
      deps.events.off('host.disconnected', listeners.disconnected);
      deps.events.off('samples.committed', listeners.committed);
      deps.events.off('analysis.done', listeners.analysed);
      deps.events.off('alert.changed', listeners.alert);
      for (const c of clients) c.refuse(STREAM_CLOSE.shutdown, 'shutdown', 'server shutting down');
      wss.close();
    },
  };
}
