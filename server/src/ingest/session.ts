/**
 * One agent connection: awaiting-hello → streaming → closed. Every frame is validated; a bad one
 * closes the socket with a code and reason and nothing of it is stored. A batch is acked only
 * after its transaction committed.
 */
import {
  CLOSE_CODES,
  MIN_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
  agentFrameSchema,
  decodeSamples,
  describeZodError,
  isSupportedProtocol,
  type BatchFrame,
  type HelloFrame,
  type HostId,
  type ServerFrame,
} from '@aura/protocol';
import type { WebSocket } from 'ws';
import { isStoreUnavailable } from '../store/index.js';
import { hostIdFromHello } from './host-id.js';
import type { IngestContext } from './types.js';

export type SessionState = 'awaiting-hello' | 'streaming' | 'closed';

/** Samples older than this are refused as a broken clock rather than stored (2000-01-01). */
const MIN_SAMPLE_TS = 946_684_800_000;

export class AgentSession {
  state: SessionState = 'awaiting-hello';
  hostId: HostId | undefined;
  private hello: HelloFrame | undefined;
  private lastSeq = 0;
  private readonly helloTimer: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    private readonly ctx: IngestContext,
    readonly remote: string,
  ) {
    this.helloTimer = setTimeout(
      () => this.refuse(CLOSE_CODES.badFrame, 'hello_timeout', `expected a hello frame within ${ctx.config.helloTimeoutMs} ms`),
      ctx.config.helloTimeoutMs,
    );
    ws.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    ws.on('close', () => this.onClose());
    ws.on('error', (err) => ctx.log.warn({ remote, host: this.hostId, err: err.message }, 'agent socket error'));
  }

  private send(frame: ServerFrame): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(frame));
  }

  /** Tell the agent why (error frame), then close with a code and a reason (≤ 123 bytes by RFC 6455). */
  refuse(code: number, errCode: string, message: string, extra: Partial<{ supported: { min: number; max: number } }> = {}): void {
    if (this.state === 'closed') return;
    this.ctx.stats.rejectedFrames++;
    this.ctx.log.warn({ remote: this.remote, host: this.hostId, code, reason: errCode, message }, 'agent frame refused');
    this.send({ type: 'error', code: errCode, message, ...extra });
    this.ws.close(code, Buffer.from(`${errCode}: ${message}`).subarray(0, 123).toString());
    this.state = 'closed';
    clearTimeout(this.helloTimer);
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (this.state === 'closed') return;
    if (isBinary) return this.refuse(CLOSE_CODES.badFrame, 'bad_frame', 'frames are JSON text, not binary');
    let json: unknown;
    try {
      json = JSON.parse(data.toString('utf8'));
    } catch {
      return this.refuse(CLOSE_CODES.badFrame, 'bad_frame', 'frame is not valid JSON');
    }
    // Version first: a hello from another protocol version may not fit this version's schema at all.
    const peek = json as { type?: unknown; protocol?: unknown } | null;
    if (peek?.type === 'hello' && typeof peek.protocol === 'number' && !isSupportedProtocol(peek.protocol)) return this.refuseVersion(peek.protocol);
    const parsed = agentFrameSchema.safeParse(json);
    if (!parsed.success) return this.refuse(CLOSE_CODES.badFrame, 'bad_frame', describeZodError(parsed.error));
    const frame = parsed.data;
    if (frame.type === 'hello') return this.onHello(frame);
    if (this.state !== 'streaming') return this.refuse(CLOSE_CODES.badFrame, 'bad_frame', 'the first frame must be hello');
    this.onBatch(frame);
  }

  private onHello(hello: HelloFrame): void {
    if (this.state !== 'awaiting-hello') return this.refuse(CLOSE_CODES.badFrame, 'bad_frame', 'hello sent twice');
    clearTimeout(this.helloTimer);
    const hostId = hostIdFromHello(hello);
    let lastSeq: number;
    try {
      this.ctx.catalog.registerHost(hostId, hello.host, hello.agent.version, hello.intervalMs, this.ctx.now());
      lastSeq = this.ctx.pool.get(hostId).lastSeq(hello.agent.instanceId);
    } catch (err) {
      return this.storeFailed(err, hostId);
    }
    this.hostId = hostId;
    this.hello = hello;
    this.lastSeq = lastSeq;
    this.state = 'streaming';
    this.ctx.attach(this);
    this.ctx.log.info({ host: hostId, hostname: hello.host.hostname, agent: hello.agent.version, remote: this.remote, lastSeq }, 'agent connected');
    this.send({ type: 'welcome', protocol: PROTOCOL_VERSION, hostId, lastSeq, config: { intervalMs: this.ctx.config.intervalMs } });
  }

  private refuseVersion(protocol: number): void {
    const which = protocol > PROTOCOL_VERSION ? 'newer' : 'older';
    this.refuse(
      CLOSE_CODES.protocolUnsupported,
      'protocol_unsupported',
      `agent speaks protocol ${protocol}, ${which} than this server accepts (${MIN_PROTOCOL_VERSION}–${PROTOCOL_VERSION}); ${which === 'newer' ? 'upgrade the server' : 'upgrade the agent'}`,
      { supported: { min: MIN_PROTOCOL_VERSION, max: PROTOCOL_VERSION } },
    );
  }

  private onBatch(frame: BatchFrame): void {
    const hostId = this.hostId!;
    if (frame.seq <= this.lastSeq) {
      // Already committed (a replay after a lost ack): ack again, store nothing.
      this.ctx.stats.duplicateBatches++;
      return this.send({ type: 'ack', seq: frame.seq });
    }
    let samples;
    try {
      samples = decodeSamples(frame.samples);
    } catch (err) {
      return this.refuse(CLOSE_CODES.badFrame, 'bad_frame', (err as Error).message);
    }
    const limit = this.ctx.now() + this.ctx.config.maxFutureSkewMs;
    const bad = samples.find((s) => s.ts > limit || s.ts < MIN_SAMPLE_TS);
    if (bad) {
      const why = bad.ts > limit ? `${Math.round((bad.ts - this.ctx.now()) / 1000)} s ahead of the server clock (limit ${this.ctx.config.maxFutureSkewMs / 1000} s)` : 'before the year 2000';
      return this.refuse(CLOSE_CODES.badFrame, 'bad_timestamp', `batch ${frame.seq}: sample time ${new Date(bad.ts).toISOString()} is ${why}; check the agent's clock`);
    }
    let result;
    try {
      result = this.ctx.pool.get(hostId).writeBatch(samples, this.hello!.agent.instanceId, frame.seq);
    } catch (err) {
      return this.storeFailed(err, hostId);
    }
    this.lastSeq = frame.seq;
    this.ctx.stats.batches++;
    this.ctx.stats.samples += result.written;
    this.ctx.stats.values += result.values;
    this.ctx.stats.duplicateSamples += result.duplicates;
    if (result.newestTs !== undefined) this.ctx.catalog.noteLastSeen(hostId, result.newestTs);
    if (frame.dropped) this.ctx.log.warn({ host: hostId, dropped: frame.dropped }, 'agent spool was full: it dropped its oldest samples');
    this.send({ type: 'ack', seq: frame.seq });
    this.ctx.onCommitted(hostId, result);
  }

  private storeFailed(err: unknown, hostId: HostId): void {
    this.ctx.pool.evict(hostId);
    if (isStoreUnavailable(err)) {
      this.ctx.stats.storeErrors++;
      this.ctx.log.error({ host: hostId, err: (err as Error).message, code: (err as { code?: string }).code }, 'store cannot write: agents keep their spools until it can');
      return this.refuse(CLOSE_CODES.storeUnavailable, 'store_unavailable', `server cannot store samples: ${(err as Error).message}`);
    }
    this.ctx.log.error({ host: hostId, err: (err as Error).stack }, 'unexpected error while storing a batch');
    this.refuse(1011, 'internal_error', 'unexpected server error; see the server log');
  }

  private onClose(): void {
    clearTimeout(this.helloTimer);
    this.state = 'closed';
    this.ctx.detach(this);
  }

  /** Close because another connection for this host took over. */
  replace(): void {
    this.refuse(CLOSE_CODES.replaced, 'replaced', 'another connection for this host took over');
  }
}
