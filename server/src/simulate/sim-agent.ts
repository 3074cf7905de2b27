/**
 * One simulated agent over a real WebSocket: hello → welcome → batches → acks, reconnecting and
 * replaying unacked batches like the real agent (kept in memory here, not spooled to disk).
 */
import { randomUUID } from 'node:crypto';
import { PROTOCOL_VERSION, encodeSamples, serverFrameSchema, type Sample } from '@aura/protocol';
import type { SimHost } from '@aura/analysis/scenarios';
import WebSocket from 'ws';

export interface SimAgentOptions {
  url: string;
  token: string;
  host: SimHost;
  intervalMs: number;
  /** permessage-deflate, as real agents use it; off puts less load on a one-machine benchmark. */
  deflate: boolean;
  onAck: (latencyMs: number, samples: number) => void;
  onError: (message: string) => void;
}

/** Unacked batches kept at most, like the agent's bounded spool (oldest dropped first). */
const MAX_PENDING = 1000;

export class SimAgent {
  private ws: WebSocket | undefined;
  private ready = false;
  private seq = 0;
  private readonly instanceId = randomUUID();
  private readonly pending = new Map<number, { frame: string; sentAt: number; samples: number }>();
  private stopped = false;
  private backoffMs = 1000;
  connected = false;

  constructor(private readonly opts: SimAgentOptions) {}

  start(): void {
    if (this.stopped) return;
    const ws = new WebSocket(`${this.opts.url.replace(/^http/, 'ws').replace(/\/$/, '')}/v1/agent`, {
      headers: { authorization: `Bearer ${this.opts.token}` },
      perMessageDeflate: this.opts.deflate,
    });
    this.ws = ws;
    ws.on('open', () => {
      ws.send(
        JSON.stringify({
          type: 'hello',
          protocol: PROTOCOL_VERSION,
          agent: { version: 'sim-0.1.0', instanceId: this.instanceId },
          host: this.opts.host.facts,
          intervalMs: this.opts.intervalMs,
        }),
      );
    });
    ws.on('message', (data) => this.onFrame(String(data)));
    ws.on('unexpected-response', (_req, res) => {
      this.opts.onError(`upgrade refused: HTTP ${res.statusCode}`);
      ws.terminate();
    });
    ws.on('error', (err) => this.opts.onError(err.message));
    ws.on('close', (code, reason) => {
      this.ready = false;
      this.connected = false;
      if (code !== 1000 && code !== 1005 && code !== 1006) this.opts.onError(`closed ${code} ${reason.toString()}`);
      if (this.stopped) return;
      // Full jitter, as the real agent: spread a fleet's reconnects after a server restart.
      const wait = Math.random() * this.backoffMs;
      this.backoffMs = Math.min(60_000, this.backoffMs * 2);
      setTimeout(() => this.start(), wait).unref();
    });
  }

  private onFrame(text: string): void {
    const parsed = serverFrameSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return this.opts.onError(`bad server frame: ${text.slice(0, 100)}`);
    const f = parsed.data;
    if (f.type === 'welcome') {
      this.ready = true;
      this.connected = true;
      this.backoffMs = 1000;
      for (const seq of [...this.pending.keys()]) if (seq <= f.lastSeq) this.pending.delete(seq);
      for (const p of this.pending.values()) {
        p.sentAt = performance.now();
        this.ws?.send(p.frame);
      }
    } else if (f.type === 'ack') {
      const p = this.pending.get(f.seq);
      if (p) {
        this.pending.delete(f.seq);
        this.opts.onAck(performance.now() - p.sentAt, p.samples);
      }
    } else if (f.type === 'error') {
      this.opts.onError(`${f.code}: ${f.message}`);
    }
  }

  /** Queue a batch of samples and send it now if connected. */
  send(samples: Sample[]): void {
    const seq = ++this.seq;
    const frame = JSON.stringify({ type: 'batch', seq, samples: encodeSamples(samples) });
    this.pending.set(seq, { frame, sentAt: performance.now(), samples: samples.length });
    if (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value as number);
    if (this.ready) this.ws?.send(frame);
  }

  get unacked(): number {
    return this.pending.size;
  }

  stop(): void {
    this.stopped = true;
    this.ws?.close(1000);
  }
}
