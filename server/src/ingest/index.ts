/**
 * `/v1/agent`: the WebSocket ingest. The token is checked before the upgrade (401 and no upgrade);
 * per-address limits slow down guessing; one live session per host (a new one replaces the old).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { EventEmitter } from 'node:events';
import type { HostId } from '@aura/protocol';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { bearerToken } from '../middleware/auth/index.js';
import type { RateLimiter } from '../middleware/rate-limit/index.js';
import type { Catalog, HostPool, WriteResult } from '../store/index.js';
import { AgentSession } from './session.js';
import type { IngestConfig, IngestContext, IngestStats } from './types.js';

export type { IngestStats } from './types.js';
export const AGENT_PATH = '/v1/agent';

export interface IngestOptions {
  catalog: Catalog;
  pool: HostPool;
  config: IngestConfig;
  log: Logger;
  perAddress: RateLimiter;
  now?: () => number;
}

export interface IngestEvents {
  committed: [hostId: HostId, result: WriteResult];
  connected: [hostId: HostId];
  disconnected: [hostId: HostId];
}

export class AgentIngest extends EventEmitter<IngestEvents> {
  readonly stats: IngestStats = {
    batches: 0,
    samples: 0,
    values: 0,
    duplicateBatches: 0,
    duplicateSamples: 0,
    rejectedFrames: 0,
    refusedUpgrades: 0,
    storeErrors: 0,
  };
  private readonly sessions = new Map<HostId, AgentSession>();
  private readonly wss: WebSocketServer;
  private readonly ctx: IngestContext;

  constructor(private readonly opts: IngestOptions) {
    super();
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: opts.config.maxFrameBytes,
      // Inflate agents' frames; acks are tiny, so the server never spends CPU deflating them.
      // Agents compress with a 2 KiB window (clientMaxWindowBits 11) instead of 32 KiB: the server
      // keeps one inflate context per connection for its whole life, and thousands of 32 KiB
      // windows plus zlib state cost more memory than the few bytes per sample they save.
      perMessageDeflate: { threshold: 4096, concurrencyLimit: 10, clientMaxWindowBits: 11, serverNoContextTakeover: true },
    });
    const self = this;
    this.ctx = {
      catalog: opts.catalog,
      pool: opts.pool,
      config: opts.config,
      log: opts.log,
      stats: this.stats,
      now: opts.now ?? Date.now,
      attach(session) {
        const old = self.sessions.get(session.hostId!);
        self.sessions.set(session.hostId!, session);
        if (old && old !== session) old.replace();
        self.emit('connected', session.hostId!);
      },
      detach(session) {
        if (session.hostId && self.sessions.get(session.hostId) === session) {
          self.sessions.delete(session.hostId);
          self.emit('disconnected', session.hostId);
        }
      },
      onCommitted(hostId, result) {
        self.emit('committed', hostId, result);
      },
    };
  }

  isConnected(id: HostId): boolean {
    return this.sessions.has(id);
  }

  get connectedCount(): number {
    return this.sessions.size;
  }

  /** Handle an HTTP upgrade; returns false when the path is not ours. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const path = (req.url ?? '').split('?')[0];
    if (path !== AGENT_PATH) return false;
    const address = req.socket.remoteAddress ?? 'unknown';
    const token = bearerToken(req.headers.authorization);
    if (!token || !this.opts.catalog.verifyToken('agent', token)) {
      this.stats.refusedUpgrades++;
      const wait = this.opts.perAddress.take(address);
      const status = wait > 0 ? '429 Too Many Requests' : '401 Unauthorized';
      const body = wait > 0 ? 'too many failed attempts from this address\n' : token ? 'agent token is not valid or was revoked\n' : 'missing "Authorization: Bearer <agent token>" header\n';
      this.opts.log.warn({ remote: address, status }, 'agent upgrade refused');
      socket.end(
        `HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
          (wait > 0 ? `Retry-After: ${Math.ceil(wait)}\r\n` : '') +
          `Connection: close\r\n\r\n${body}`,
      );
      return true;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => new AgentSession(ws, this.ctx, address));
    return true;
  }

  /** Close every agent connection (server shutdown): agents keep unacked batches and replay. */
  close(): void {
    for (const client of this.wss.clients) client.close(1001, 'server shutting down');
    this.wss.close();
  }
}
