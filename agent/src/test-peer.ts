/** Test support (never bundled): a minimal protocol peer on a real `ws` server, and spools holding real batches. */
import { createServer, type IncomingMessage } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchFrameSchema, helloFrameSchema, PROTOCOL_VERSION, type AgentFrame, type BatchFrame, type HostFacts, type ServerFrame } from '@aura/protocol';
import { WebSocketServer, type WebSocket as PeerSocket } from 'ws';
import { Batcher } from './encode.js';
import { Spool } from './spool.js';

export const TOKEN = 'test-token-0123456789';
export const FACTS: HostFacts = {
  hostname: 'test-host',
  machineId: 'test-machine',
  os: { platform: 'linux', distro: 'Test', release: '1' },
  kernel: '6.0',
  arch: 'x64',
  cpu: { model: 'test', cores: 1 },
  memoryBytes: 1,
  bootTime: 1,
  filesystems: [],
  interfaces: [],
};

/** One queue with async take: frames arrive whenever; tests await them in order. */
export class Queue<T> {
  private items: T[] = [];
  private waiters: Array<(v: T) => void> = [];
  push(v: T): void {
    const w = this.waiters.shift();
    if (w) w(v);
    else this.items.push(v);
  }
  next(): Promise<T> {
    const v = this.items.shift();
    return v !== undefined ? Promise.resolve(v) : new Promise((r) => this.waiters.push(r));
  }
  get length(): number {
    return this.items.length;
  }
}

export interface Conn {
  ws: PeerSocket;
  req: IncomingMessage;
  frames: Queue<AgentFrame>;
  received: AgentFrame[];
  closed: Promise<{ code: number; reason: string }>;
  send(f: ServerFrame): void;
  /** The hello, then the welcome answer. */
  welcome(lastSeq: number, config?: { intervalMs?: number }): Promise<void>;
  batch(): Promise<BatchFrame>;
}

export interface Peer {
  url: string;
  upgrades: number[];
  connections: Queue<Conn>;
  refuseNext: number[];
  close(): Promise<void>;
}

export async function startPeer(opts: { autoPong?: boolean } = {}): Promise<Peer> {
  const http = createServer();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: true, autoPong: opts.autoPong ?? true });
  const peer: Peer = { url: '', upgrades: [], connections: new Queue(), refuseNext: [], close: async () => {} };
  http.on('upgrade', (req, socket, head) => {
    peer.upgrades.push(Date.now());
    const status = peer.refuseNext.shift();
    if (status) {
      socket.end(`HTTP/1.1 ${status} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const frames = new Queue<AgentFrame>();
      const received: AgentFrame[] = [];
      ws.on('message', (d) => {
        const f = JSON.parse(String(d)) as AgentFrame;
        received.push(f);
        frames.push(f);
      });
      const conn: Conn = {
        ws,
        req,
        frames,
        received,
        closed: new Promise((r) => ws.once('close', (code, reason) => r({ code, reason: reason.toString() }))),
        send: (f) => ws.send(JSON.stringify(f)),
        async welcome(lastSeq, config = {}) {
          const hello = helloFrameSchema.parse(await frames.next());
          if (hello.protocol !== PROTOCOL_VERSION) throw new Error(`hello for protocol ${hello.protocol}`);
          conn.send({ type: 'welcome', protocol: PROTOCOL_VERSION, hostId: 'test-host' as never, lastSeq, config });
        },
        async batch() {
          return batchFrameSchema.parse(await frames.next());
        },
      };
      peer.connections.push(conn);
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  peer.url = `ws://127.0.0.1:${(http.address() as { port: number }).port}`;
  peer.close = async () => {
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => http.close(r));
  };
  return peer;
}

/** A spool holding `n` real batches (seq 1..n). */
export function spoolWith(n: number): Spool {
  const spool = new Spool({ dir: mkdtempSync(join(tmpdir(), 'aura-ship-')), maxBytes: 1 << 24 });
  const batcher = new Batcher(2, 10_000);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 2; k++) batcher.add({ ts: 1_800_000_000_000 + i * 10_000 + k * 5000, gauges: { 'load.1': i }, counters: { 'cpu.user_ticks': i * 10 + k } }, 0);
    const { seq, dropped } = spool.nextBatch();
    spool.append(seq, 2, batcher.take(seq, dropped)!.frame);
  }
  return spool;
}
