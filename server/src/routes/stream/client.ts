/**
 * One dashboard connection: awaiting-auth → live → closed. Every message is validated; sends are
 * bounded (a client whose socket buffer passes the bound is dropped, never allowed to grow memory).
 */
import { STREAM_CLOSE, describeZodError, streamClientMessageSchema, type HostId, type StreamServerMessage } from '@aura/protocol';
import type { Logger } from 'pino';
import WebSocket from 'ws';
import type { Catalog } from '../../store/index.js';
import type { RateLimiter } from '../../middleware/rate-limit/index.js';

/** A client gets this long to authenticate after the upgrade. */
export const AUTH_TIMEOUT_MS = 10_000;
/**
 * Bytes a client may have waiting in its socket buffer before a send drops it. Large enough for
 * the `ready` snapshot of a 5,000-host fleet (~4 MB), small enough that 100 slow browsers cannot
 * hold a gigabyte.
 */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Watched-host rows kept between flushes (a replaying agent can commit many at once). */
export const MAX_PENDING_ROWS = 600;

export interface ClientContext {
  catalog: Catalog;
  perAddress: RateLimiter;
  log: Logger;
  /** Called once the client has authenticated: the hub sends it the snapshot. */
  onReady(client: StreamClient): void;
  onClose(client: StreamClient): void;
}

export type ClientState = 'awaiting-auth' | 'live' | 'closed';

export class StreamClient {
  state: ClientState = 'awaiting-auth';
  watch: HostId | null = null;
  pendingRows: Array<{ ts: number; values: Record<string, number> }> = [];
  pendingAnalysis: Extract<StreamServerMessage, { type: 'analysis' }> | undefined;
  /** Set by a pong; the heartbeat drops clients that did not answer the previous ping. */
  alive = true;
  private readonly authTimer: NodeJS.Timeout;

  constructor(
    readonly ws: WebSocket,
    private readonly ctx: ClientContext,
    readonly address: string,
  ) {
    this.authTimer = setTimeout(() => this.refuse(STREAM_CLOSE.authTimeout, 'auth_timeout', `no auth message within ${AUTH_TIMEOUT_MS / 1000} s`), AUTH_TIMEOUT_MS);
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('pong', () => (this.alive = true));
    ws.on('close', () => this.closed());
    ws.on('error', (err) => ctx.log.debug({ err: err.message, remote: address }, 'stream socket error'));
  }

  /** Send a message unless the socket is backed up; a backed-up client is dropped. Returns false when not sent. */
  send(message: StreamServerMessage | string): boolean {
    if (this.state === 'closed' || this.ws.readyState !== WebSocket.OPEN) return false;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.ctx.log.warn({ remote: this.address, buffered: this.ws.bufferedAmount }, 'stream client too slow; dropped');
      // The buffer is full, so a close frame would wait behind it: end the connection now.
      this.ws.terminate();
      this.closed(STREAM_CLOSE.tooSlow);
      return false;
    }
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
    return true;
  }

  private onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    if (this.state === 'closed') return;
    let json: unknown;
    try {
      if (isBinary) throw new Error('binary');
      json = JSON.parse(String(data));
    } catch {
      return this.refuse(STREAM_CLOSE.badMessage, 'bad_message', 'messages are JSON text, e.g. {"type":"auth","token":"…"}');
    }
    const parsed = streamClientMessageSchema.safeParse(json);
    if (!parsed.success) return this.refuse(STREAM_CLOSE.badMessage, 'bad_message', describeZodError(parsed.error));
    const msg = parsed.data;
    if (this.state === 'awaiting-auth') {
      if (msg.type !== 'auth') return this.refuse(STREAM_CLOSE.unauthorized, 'unauthorized', 'the first message must be {"type":"auth","token":"<API token>"}');
      return this.authenticate(msg.token);
    }
    if (msg.type === 'auth') return; // already authenticated; harmless
    if (msg.type === 'ping') {
      this.send(msg.id === undefined ? { type: 'pong' } : { type: 'pong', id: msg.id });
      return;
    }
    this.watch = msg.hostId;
    this.pendingRows = [];
    this.pendingAnalysis = undefined;
  }

  private authenticate(token: string): void {
    clearTimeout(this.authTimer);
    if (!this.ctx.catalog.verifyToken('api', token)) {
      // Failed attempts share the per-address bucket with the REST API, so guessing stays slow.
      const wait = this.ctx.perAddress.take(this.address);
      if (wait > 0) return this.refuse(STREAM_CLOSE.rateLimited, 'rate_limited', `too many failed attempts from this address; retry in ${Math.ceil(wait)} s`);
      return this.refuse(STREAM_CLOSE.unauthorized, 'unauthorized', 'the API token is not valid or was revoked');
    }
    this.state = 'live';
    this.ctx.onReady(this);
  }

  /** Queue a watched host's rows, keeping only the newest MAX_PENDING_ROWS. */
  queueRows(rows: Array<{ ts: number; values: Record<string, number> }>): void {
    this.pendingRows.push(...rows);
    if (this.pendingRows.length > MAX_PENDING_ROWS) this.pendingRows.splice(0, this.pendingRows.length - MAX_PENDING_ROWS);
  }

  refuse(code: number, errorCode: string, message: string): void {
    if (this.state === 'closed') return;
    this.send({ type: 'error', code: errorCode, message });
    this.ws.close(code, message.slice(0, 120));
    this.closed(code);
  }

  private closed(_code?: number): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.authTimer);
    this.pendingRows = [];
    this.ctx.onClose(this);
  }
}
