/**
 * The one connection to the server, as a state machine:
 *
 *   idle → connecting → handshaking (hello sent) → streaming (welcome received) → backoff → connecting …
 *                                            any state → closed (stop, or a refusal only an upgrade fixes)
 *
 * Everything sent comes from the spool, oldest first, with a bounded window of unacknowledged
 * batches on the wire; an ack deletes spooled batches up to its sequence number. A connection
 * that stops answering (a cut network leaves TCP open for many minutes) is detected by pings.
 */
import { PROTOCOL_VERSION, serverFrameSchema, type AgentConfig as PushedConfig, type HelloFrame, type HostFacts, type ServerFrame } from '@aura/protocol';
import WebSocket from 'ws';
import { backoffDelay, refusedDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { closeAction } from './close-policy.js';
import type { Logger } from './log.js';
import type { Spool } from './spool.js';

export type ShipState = 'idle' | 'connecting' | 'handshaking' | 'streaming' | 'backoff' | 'closed';

export interface ShipTiming {
  /** Unacknowledged batches on the wire at once: replay goes fast, and a slow server is not flooded. */
  maxInFlight: number;
  /** Ping period while connected, and the silence after which the server is given up (ws's broken-connection recipe). */
  heartbeatMs: number;
  deadAfterMs: number;
  /** A batch not acknowledged within this time means the server is stuck: reconnect and resend. */
  ackTimeoutMs: number;
  /** Upgrade plus welcome must finish within this time. */
  handshakeTimeoutMs: number;
  /** The backoff resets only after a connection streamed this long, so a server that accepts and drops at once is not hammered. */
  stableAfterMs: number;
  /** The same batch refused (close 4400) this many times in a row is dropped: it would block everything after it. */
  poisonAfter: number;
  backoff: BackoffPolicy;
}

export const DEFAULT_TIMING: ShipTiming = {
  maxInFlight: 16,
  heartbeatMs: 15_000,
  deadAfterMs: 45_000,
  ackTimeoutMs: 60_000,
  handshakeTimeoutMs: 30_000,
  stableAfterMs: 60_000,
  poisonAfter: 3,
  backoff: DEFAULT_BACKOFF,
};

export interface ShipOptions {
  /** ws:// or wss:// base URL; `/v1/agent` is appended. */
  server: string;
  token: string;
  agentVersion: string;
  facts: HostFacts;
  intervalMs: () => number;
  spool: Spool;
  log: Logger;
  /** Settings pushed by the server (welcome and config frames). */
  onConfig: (config: Partial<PushedConfig>) => void;
  /** The server refused this agent for good; the process should exit with `exitCode`. */
  onFatal: (exitCode: number, reason: string) => void;
  onState?: (state: ShipState) => void;
  timing?: Partial<ShipTiming>;
  random?: () => number;
}

export class Ship {
  state: ShipState = 'idle';
  private readonly t: ShipTiming;
  private ws: WebSocket | undefined;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  /** seq → when it was sent. */
  private readonly inFlight = new Map<number, number>();
  private lastSent = 0;
  private lastHeard = 0;
  private streamingSince = 0;
  private nextDelay: 'backoff' | 'refused' = 'backoff';
  /** The server answered the upgrade with an HTTP error (already logged). */
  private refusedAtUpgrade = false;
  /** Retry-After from the server, in ms: the next reconnect waits at least this long. */
  private minDelayMs = 0;
  private lastProblem = '';
  private poison = { seq: 0, count: 0 };
  private drainWaiters: Array<() => void> = [];

  constructor(private readonly opts: ShipOptions) {
    this.t = { ...DEFAULT_TIMING, ...opts.timing };
  }

  get url(): string {
    return `${this.opts.server.replace(/\/+$/, '')}/v1/agent`;
  }

  private setState(s: ShipState): void {
    if (this.state === s) return;
    this.state = s;
    this.opts.onState?.(s);
  }

  /** Connect (from idle or backoff). */
  start(): void {
    if (this.state === 'closed') return;
    clearTimeout(this.timer);
    this.setState('connecting');
    this.nextDelay = 'backoff';
    this.refusedAtUpgrade = false;
    this.minDelayMs = 0;
    const ws = new WebSocket(this.url, {
      headers: { authorization: `Bearer ${this.opts.token}` },
      perMessageDeflate: true,
      handshakeTimeout: this.t.handshakeTimeoutMs,
      // Server frames are small; a bigger one is a broken or hostile peer.
      maxPayload: 1024 * 1024,
    });
    this.ws = ws;
    let error = '';
    ws.on('unexpected-response', (_req, res) => {
      this.onRefused(res.statusCode ?? 0, res.headers['retry-after']);
      ws.terminate();
    });
    ws.on('open', () => this.onOpen(ws));
    ws.on('message', (data, isBinary) => {
      if (ws === this.ws && !isBinary) this.onMessage(String(data));
    });
    ws.on('pong', () => {
      this.lastHeard = Date.now();
    });
    ws.on('error', (err) => {
      error = err.message;
    });
    ws.on('close', (code, reason) => {
      if (ws === this.ws) this.onClose(code, reason.toString() || error);
    });
  }

  private onRefused(status: number, retryAfter: string | undefined): void {
    this.refusedAtUpgrade = true;
    if (status === 401 || status === 403) {
      this.opts.log.error(`server refused the agent token (HTTP ${status}): check AURA_TOKEN or AURA_TOKEN_FILE`, { status, url: this.url });
      this.nextDelay = 'refused';
      this.lastProblem = `http ${status}`;
      return;
    }
    this.problem(`http ${status}`, 'server refused the connection', { status, url: this.url });
    // Rate limited or unavailable: wait at least as long as the server asks, within the cap (RFC 9110 §10.2.3, seconds form).
    const s = Number(retryAfter);
    if (Number.isFinite(s) && s > 0) this.minDelayMs = Math.min(s * 1000, this.t.backoff.capMs);
  }

  private onOpen(ws: WebSocket): void {
    this.setState('handshaking');
    this.lastHeard = Date.now();
    const hello: HelloFrame = {
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      agent: { version: this.opts.agentVersion, instanceId: this.opts.spool.instanceId },
      host: this.opts.facts,
      intervalMs: this.opts.intervalMs(),
    };
    ws.send(JSON.stringify(hello));
    const openedAt = Date.now();
    this.heartbeat = setInterval(() => this.checkAlive(ws, openedAt), Math.min(this.t.heartbeatMs, this.t.handshakeTimeoutMs));
  }

  /** Ping, and give up on a connection that went silent, never welcomed us, or stopped acking. */
  private checkAlive(ws: WebSocket, openedAt: number): void {
    const now = Date.now();
    const oldest = Math.min(...this.inFlight.values());
    let why = '';
    if (this.state === 'handshaking' && now - openedAt > this.t.handshakeTimeoutMs) why = 'no welcome from the server';
    else if (now - this.lastHeard > this.t.deadAfterMs) why = 'the server stopped answering pings';
    else if (now - oldest > this.t.ackTimeoutMs) why = 'a batch was not acknowledged in time';
    if (!why) return ws.ping();
    this.opts.log.warn(`${why}; reconnecting`, { url: this.url });
    ws.terminate();
  }

  private onMessage(text: string): void {
    this.lastHeard = Date.now();
    let frame: ServerFrame;
    try {
      const r = serverFrameSchema.safeParse(JSON.parse(text));
      if (!r.success) throw new Error(r.error.issues[0]?.message ?? 'invalid frame');
      frame = r.data;
    } catch (err) {
      this.opts.log.warn('ignored an invalid frame from the server', { err: (err as Error).message });
      return;
    }
    if (frame.type === 'welcome') this.onWelcome(frame.hostId, frame.lastSeq, frame.config);
    else if (frame.type === 'ack') this.onAck(frame.seq);
    else if (frame.type === 'config') this.opts.onConfig(frame.config);
    else {
      const fields = { code: frame.code, message: frame.message, ...(frame.supported ? { supported: frame.supported } : {}) };
      this.opts.log.error('server refused the agent', fields);
    }
  }

  private onWelcome(hostId: string, lastSeq: number, config: Partial<PushedConfig>): void {
    if (this.state !== 'handshaking') return;
    this.opts.spool.ack(lastSeq);
    this.lastSent = lastSeq;
    this.inFlight.clear();
    this.streamingSince = Date.now();
    this.lastProblem = '';
    this.setState('streaming');
    const pending = this.opts.spool.pendingAfter(lastSeq);
    this.opts.log.info('connected', { url: this.url, hostId, lastSeq, spooled: pending.length });
    if (pending.length) this.opts.log.info('replaying spool', { fromSeq: pending[0], toSeq: pending.at(-1), batches: pending.length });
    this.opts.onConfig(config);
    this.notifyIfDrained();
    this.pump();
  }

  private onAck(seq: number): void {
    // Never forget batches that were not sent on this connection, whatever the server claims.
    const upTo = Math.min(seq, this.lastSent);
    for (const s of this.inFlight.keys()) if (s <= upTo) this.inFlight.delete(s);
    this.opts.spool.ack(upTo);
    this.poison = { seq: 0, count: 0 };
    this.opts.log.debug('acked', { seq });
    this.notifyIfDrained();
    this.pump();
  }

  private notifyIfDrained(): void {
    if (this.opts.spool.batchCount === 0) for (const w of this.drainWaiters.splice(0)) w();
  }

  /** Send spooled batches, oldest first, keeping at most maxInFlight unacknowledged. */
  pump(): void {
    const ws = this.ws;
    if (this.state !== 'streaming' || !ws) return;
    while (this.inFlight.size < this.t.maxInFlight) {
      const seq = this.opts.spool.pendingAfter(this.lastSent, 1)[0];
      if (seq === undefined) break;
      const frame = this.opts.spool.read(seq);
      if (frame === undefined) {
        // read() dropped it from the spool, so the next pendingAfter moves past it.
        this.opts.log.error('a spooled batch was unreadable; dropped it', { seq });
        continue;
      }
      ws.send(frame);
      this.inFlight.set(seq, Date.now());
      this.lastSent = seq;
    }
  }

  private onClose(code: number, reason: string): void {
    clearInterval(this.heartbeat);
    this.ws = undefined;
    const lowest = Math.min(...this.inFlight.keys());
    this.inFlight.clear();
    if (this.state === 'closed') return;
    if (this.streamingSince && Date.now() - this.streamingSince >= this.t.stableAfterMs) this.attempt = 0;
    this.streamingSince = 0;
    const fields = { code, reason, url: this.url };
    if (this.refusedAtUpgrade) return this.scheduleReconnect();
    const action = closeAction(code);
    if (action.kind === 'stop') {
      this.opts.log.error(action.message, fields);
      void this.close();
      this.opts.onFatal(action.exitCode, reason);
      return;
    }
    if (action.kind === 'refused') {
      this.opts.log.error(action.message, fields);
      this.nextDelay = 'refused';
    } else {
      this.problem(`close ${code} ${reason}`, action.message, fields, action.level);
      if (action.poison && Number.isFinite(lowest)) this.notePoison(lowest, reason);
    }
    this.scheduleReconnect();
  }

  /** Log a connection problem when it changes, at debug while it repeats (a long outage is one line). */
  private problem(key: string, msg: string, fields: Record<string, unknown>, level: 'warn' | 'error' = 'warn'): void {
    this.opts.log[key === this.lastProblem ? 'debug' : level](msg, fields);
    this.lastProblem = key;
  }

  private notePoison(seq: number, reason: string): void {
    this.poison = this.poison.seq === seq ? { seq, count: this.poison.count + 1 } : { seq, count: 1 };
    if (this.poison.count < this.t.poisonAfter) return;
    this.opts.spool.discard(seq);
    this.opts.log.error('the server refused the same batch repeatedly; dropped it so the rest can go', { seq, times: this.poison.count, reason });
    this.poison = { seq: 0, count: 0 };
  }

  private scheduleReconnect(): void {
    this.setState('backoff');
    const random = this.opts.random ?? Math.random;
    const computed = this.nextDelay === 'refused' ? refusedDelay(random, this.t.backoff) : backoffDelay(this.attempt++, random, this.t.backoff);
    const wait = Math.max(computed, this.minDelayMs);
    this.opts.log.debug('reconnecting', { inMs: wait });
    this.timer = setTimeout(() => this.start(), wait);
  }

  /**
   * Resolve true once every spooled batch is acknowledged, false after `timeoutMs`. From backoff it
   * reconnects at once: this is the last chance before the agent stops.
   */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.opts.spool.batchCount === 0) return Promise.resolve(true);
    if (this.state === 'backoff') this.start();
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), timeoutMs);
      this.drainWaiters.push(() => {
        clearTimeout(t);
        resolve(true);
      });
    });
  }

  /** Stop for good: no reconnect; a clean close (1000) when connected. Resolves once the socket closed (at most ~1 s). */
  close(): Promise<void> {
    this.setState('closed');
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    const ws = this.ws;
    this.ws = undefined;
    if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        ws.terminate();
        resolve();
      }, 1000);
      ws.once('close', () => {
        clearTimeout(t);
        resolve();
      });
      if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'agent stopping');
      else ws.terminate();
    });
  }
}
