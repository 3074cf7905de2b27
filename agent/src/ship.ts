/**
 * The one connection to the server, as a state machine:
 *   idle → connecting → handshaking (hello sent) → streaming (welcome received) → backoff → connecting …
 * Everything sent comes from the spool, oldest first, with a bounded window of unacknowledged
 * batches on the wire; an ack deletes spooled batches up to its sequence number.
 */
import { PROTOCOL_VERSION, serverFrameSchema, type AgentConfig as PushedConfig, type HostFacts } from '@aura/protocol';
import WebSocket from 'ws';
import type { Logger } from './log.js';
import type { Spool } from './spool.js';

export type ShipState = 'idle' | 'connecting' | 'handshaking' | 'streaming' | 'backoff' | 'closed';

/** Reconnect: exponential from 1 s to 60 s with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"). */
const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 60_000;
/** Unacknowledged batches on the wire at once: enough to replay fast, bounded so one slow server is not flooded. */
const MAX_IN_FLIGHT = 16;
/** A connection that does not reach streaming within this time is abandoned and retried. */
const HANDSHAKE_TIMEOUT_MS = 30_000;

export interface ShipOptions {
  server: string;
  token: string;
  agentVersion: string;
  facts: HostFacts;
  intervalMs: () => number;
  spool: Spool;
  log: Logger;
  onConfig: (config: Partial<PushedConfig>) => void;
  /** Hook for tests and the CLI: every state change. */
  onState?: (state: ShipState) => void;
}

export class Ship {
  state: ShipState = 'idle';
  private ws: WebSocket | undefined;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<number>();
  private lastSent = 0;
  private ackWaiters: Array<() => void> = [];

  constructor(private readonly opts: ShipOptions) {}

  private setState(s: ShipState): void {
    if (this.state === s) return;
    this.state = s;
    this.opts.onState?.(s);
  }

  start(): void {
    if (this.state === 'closed') return;
    this.setState('connecting');
    const url = `${this.opts.server.replace(/\/+$/, '')}/v1/agent`;
    const ws = new WebSocket(url, {
      headers: { authorization: `Bearer ${this.opts.token}` },
      perMessageDeflate: true,
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
    });
    this.ws = ws;
    const handshake = setTimeout(() => ws.terminate(), HANDSHAKE_TIMEOUT_MS);
    ws.on('unexpected-response', (_req, res) => {
      const level = res.statusCode === 401 ? 'error' : 'warn';
      this.opts.log[level](res.statusCode === 401 ? 'server refused the agent token (HTTP 401): check AURA_TOKEN' : 'server refused the connection', { status: res.statusCode, url });
      ws.terminate();
    });
    ws.on('open', () => {
      this.setState('handshaking');
      ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, agent: { version: this.opts.agentVersion, instanceId: this.opts.spool.instanceId }, host: this.opts.facts, intervalMs: this.opts.intervalMs() }));
    });
    ws.on('message', (data) => {
      if (ws !== this.ws) return;
      this.onFrame(String(data), handshake);
    });
    ws.on('error', (err) => this.opts.log.debug('connection error', { err: err.message }));
    ws.on('close', (code, reason) => {
      clearTimeout(handshake);
      if (ws !== this.ws) return;
      this.ws = undefined;
      this.inFlight.clear();
      if (this.state === 'closed') return;
      if (code !== 1006) this.opts.log.warn('disconnected', { code, reason: reason.toString() });
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    this.setState('backoff');
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** this.attempt++);
    const wait = Math.random() * ceiling;
    this.opts.log.debug('reconnecting', { inMs: Math.round(wait) });
    this.timer = setTimeout(() => this.start(), wait);
  }

  private onFrame(text: string, handshake: NodeJS.Timeout): void {
    let frame;
    try {
      const r = serverFrameSchema.safeParse(JSON.parse(text));
      if (!r.success) throw new Error(r.error.issues[0]?.message ?? 'invalid frame');
      frame = r.data;
    } catch (err) {
      this.opts.log.warn('ignored an invalid frame from the server', { err: (err as Error).message });
      return;
    }
    switch (frame.type) {
      case 'welcome': {
        clearTimeout(handshake);
        this.attempt = 0;
        this.opts.spool.ack(frame.lastSeq);
        this.lastSent = frame.lastSeq;
        this.setState('streaming');
        this.opts.log.info('connected', { hostId: frame.hostId, lastSeq: frame.lastSeq, spooled: this.opts.spool.batchCount });
        if (frame.config) this.opts.onConfig(frame.config);
        this.pump();
        break;
      }
      case 'ack':
        this.inFlight.delete(frame.seq);
        for (const s of this.inFlight) if (s < frame.seq) this.inFlight.delete(s);
        this.opts.spool.ack(frame.seq);
        this.opts.log.debug('acked', { seq: frame.seq });
        if (this.opts.spool.batchCount === 0) for (const w of this.ackWaiters.splice(0)) w();
        this.pump();
        break;
      case 'config':
        this.opts.onConfig(frame.config);
        break;
      case 'error':
        this.opts.log.error('server refused the agent', { code: frame.code, message: frame.message, ...(frame.supported ? { supported: frame.supported } : {}) });
        if (frame.code === 'protocol_unsupported') this.attempt = 10; // retry rarely: only an upgrade fixes it
        break;
    }
  }

  /** Send spooled batches, oldest first, keeping at most MAX_IN_FLIGHT unacknowledged. */
  pump(): void {
    if (this.state !== 'streaming' || !this.ws) return;
    for (const seq of this.opts.spool.pendingAfter(this.lastSent)) {
      if (this.inFlight.size >= MAX_IN_FLIGHT) break;
      const frame = this.opts.spool.read(seq);
      if (frame === undefined) continue;
      this.ws.send(frame);
      this.inFlight.add(seq);
      this.lastSent = seq;
    }
  }

  /** Resolve when the spool is empty (everything acknowledged) or after `timeoutMs`. */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.opts.spool.batchCount === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), timeoutMs);
      this.ackWaiters.push(() => {
        clearTimeout(t);
        resolve(true);
      });
    });
  }

  close(): void {
    this.setState('closed');
    clearTimeout(this.timer);
    this.ws?.close(1000, 'agent stopping');
  }
}
