/**
 * Helpers for the server's unit tests: temporary data directories, samples, a real server on a
 * loopback port, and a minimal agent speaking the wire protocol over a real WebSocket.
 * Waits are event-driven (a frame arrives, a socket closes), never sleeps.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_VERSION, describeZodError, encodeSamples, serverFrameSchema, type Sample, type ServerFrame } from '@aura/protocol';
import { pino } from 'pino';
import WebSocket from 'ws';
import { serverConfigSchema, type ServerConfig } from './config/index.js';
import { startServer, type RunningServer } from './server.js';

/** A fresh directory under the OS temp dir, removed by the returned function. */
export function tempDir(prefix = 'aura-test-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** 2025-01-01T00:00:00Z: hour-aligned, in the past (ingest refuses the future). */
export const T0 = Date.UTC(2025, 0, 1);

/** A sample with one gauge and one network counter (rx bytes, which becomes `net.eth0.rx_bps`). */
export function netSample(ts: number, rxBytes: number, gauges: Record<string, number> = { 'load.1': 1 }): Sample {
  return { ts, gauges, counters: { 'net.eth0.rx_bytes_total': rxBytes } };
}

export const AGENT_TOKEN = 'agent-token-for-unit-tests-0123456789';
export const API_TOKEN = 'api-token-for-unit-tests-0123456789ab';

/** The hello a small Debian VM's agent sends; `hostId` pins the host's id. */
export function helloFrame(hostId: string, opts: { instanceId?: string; protocol?: number } = {}) {
  return {
    type: 'hello',
    protocol: opts.protocol ?? PROTOCOL_VERSION,
    agent: { version: '0.1.0-test', instanceId: opts.instanceId ?? `instance-${hostId}` },
    host: {
      hostId,
      hostname: `${hostId}.example.net`,
      machineId: `machine-${hostId}`,
      os: { platform: 'linux', distro: 'Debian', release: '12' },
      kernel: '6.1.0-18-amd64',
      arch: 'x64',
      cpu: { model: 'Test CPU', cores: 4 },
      memoryBytes: 8_000_000_000,
      bootTime: 1_700_000_000,
      filesystems: [{ mount: '/', fstype: 'ext4', device: '/dev/sda1', sizeBytes: 40e9 }],
      interfaces: [{ name: 'eth0', addresses: ['10.0.0.5/24'] }],
    },
    intervalMs: 5000,
  };
}

export function batchFrame(seq: number, samples: Sample[]) {
  return { type: 'batch', seq, samples: encodeSamples(samples) };
}

export interface TestServer {
  server: RunningServer;
  config: ServerConfig;
  dir: string;
  /** fetch against the server; adds the API token unless `token` is given (null: no header). */
  api(path: string, opts?: { token?: string | null; method?: string }): Promise<Response>;
  /** GET a JSON body from the API, expecting 200. */
  json<T = unknown>(path: string): Promise<T>;
  agent(token?: string | null): TestAgent;
  /** Stop the server (idempotent); `remove` also deletes the data directory. */
  stop(remove?: boolean): Promise<void>;
}

/**
 * A real server on 127.0.0.1, port 0, silent logs, in its own data directory (or `dir`). Analysis
 * workers are off unless the overrides turn them on (`analysis: { enabled: true }`): most tests
 * are about other parts, and every worker costs a thread and a TypeScript loader.
 */
export async function startTestServer(overrides: Record<string, unknown> = {}, dir?: string): Promise<TestServer> {
  const tmp = dir ? undefined : tempDir('aura-server-');
  const data = dir ?? tmp!.dir;
  const config = serverConfigSchema.parse({ port: 0, bind: '127.0.0.1', data, agentToken: AGENT_TOKEN, apiToken: API_TOKEN, logLevel: 'silent', analysis: { enabled: false }, ...overrides });
  const server = await startServer(config, pino({ level: 'silent' }));
  const api: TestServer['api'] = (path, opts = {}) => {
    const token = opts.token === undefined ? API_TOKEN : opts.token;
    return fetch(`${server.url}${path}`, { method: opts.method ?? 'GET', headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  };
  return {
    server,
    config,
    dir: data,
    api,
    async json<T>(path: string) {
      const res = await api(path);
      const body = (await res.json()) as T;
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(body)}`);
      return body;
    },
    agent: (token = AGENT_TOKEN) => new TestAgent(`${server.url.replace(/^http/, 'ws')}/v1/agent`, token),
    async stop(remove = true) {
      await server.close();
      if (remove) tmp?.remove();
    },
  };
}

export interface Closed {
  code: number;
  reason: string;
}

/** A minimal agent: sends frames, queues what the server answers, reports how the socket ended. */
export class TestAgent {
  readonly ws: WebSocket;
  /** Resolves on a successful upgrade; rejects with the HTTP status when the upgrade is refused. */
  readonly opened: Promise<void>;
  /** Resolves when the socket closes (after the upgrade) or the upgrade was refused (code = HTTP status). */
  readonly closed: Promise<Closed & { refused?: { status: number; body: string; headers: Record<string, string | string[] | undefined> } }>;
  private readonly frames: Array<ServerFrame | Error> = [];
  private readonly waiters: Array<(f: ServerFrame | Error | undefined) => void> = [];
  private ended = false;

  constructor(url: string, token: string | null, options: WebSocket.ClientOptions = {}) {
    this.ws = new WebSocket(url, { ...options, headers: token === null ? {} : { authorization: `Bearer ${token}` } });
    this.opened = new Promise((ok, fail) => {
      this.ws.once('open', () => ok());
      this.ws.once('unexpected-response', (_req, res) => fail(new Error(`upgrade refused: HTTP ${res.statusCode}`)));
    });
    this.opened.catch(() => undefined);
    this.closed = new Promise((ok) => {
      this.ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          this.end();
          ok({ code: res.statusCode ?? 0, reason: 'http', refused: { status: res.statusCode ?? 0, body, headers: res.headers } });
        });
      });
      this.ws.on('close', (code, reason) => {
        this.end();
        ok({ code, reason: reason.toString() });
      });
    });
    this.ws.on('message', (data) => {
      // Every frame the server sends must be one the protocol (and so a real agent) accepts.
      const parsed = serverFrameSchema.safeParse(JSON.parse(String(data)));
      const frame = parsed.success ? parsed.data : new Error(`invalid server frame ${String(data)}: ${describeZodError(parsed.error)}`);
      const w = this.waiters.shift();
      if (w) w(frame);
      else this.frames.push(frame);
    });
    // Errors surface through `closed` (and `opened`); ws emits one for a refused upgrade too.
    this.ws.on('error', () => undefined);
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
  }

  /** The next frame from the server; rejects when the socket ends first. */
  next(): Promise<ServerFrame> {
    const f = this.frames.shift();
    if (f) return f instanceof Error ? Promise.reject(f) : Promise.resolve(f);
    if (this.ended) return Promise.reject(new Error('socket closed before the next frame'));
    return new Promise((ok, fail) => this.waiters.push((x) => (x instanceof Error ? fail(x) : x ? ok(x) : fail(new Error('socket closed before the next frame')))));
  }

  /** The next frame, which must be of this type. */
  async expect<K extends ServerFrame['type']>(type: K): Promise<Extract<ServerFrame, { type: K }>> {
    const f = await this.next();
    if (f.type !== type) throw new Error(`expected a ${type} frame, got ${JSON.stringify(f)}`);
    return f as Extract<ServerFrame, { type: K }>;
  }

  /** Every frame received and not yet read (throws if one of them broke the protocol). */
  drain(): ServerFrame[] {
    return this.frames.splice(0).map((f) => {
      if (f instanceof Error) throw f;
      return f;
    });
  }

  close(): Promise<Closed> {
    if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN) this.ws.close(1000, 'test done');
    return this.closed;
  }

  private end(): void {
    this.ended = true;
    for (const w of this.waiters.splice(0)) w(undefined);
  }
}
