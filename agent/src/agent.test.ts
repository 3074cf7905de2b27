// The running agent in-process against the protocol peer: real collectors on this machine, the
// interval grid, batching, the spool, the connection, and a clean stop.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLOSE_CODES, decodeSamples, helloFrameSchema, PROTOCOL_VERSION, type Sample } from '@aura/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentStartError, startAgent, type RunningAgent } from './agent.js';
import type { AgentConfig } from './config.js';
import { createLogger } from './log.js';
import { startPeer, TOKEN, type Conn, type Peer } from './test-peer.js';

type Line = Record<string, unknown> & { msg: string };
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function config(peer: Peer, extra: Partial<AgentConfig> = {}): AgentConfig {
  return {
    server: peer.url,
    token: TOKEN,
    interval: 1000,
    spool: mkdtempSync(join(tmpdir(), 'aura-agent-run-')),
    spoolMax: 1 << 24,
    batchMax: 2,
    batchDelay: 60_000,
    slowEvery: 2,
    logLevel: 'debug',
    procPath: '/proc',
    sysPath: '/sys',
    once: false,
    intervalExplicit: true,
    ...extra,
  };
}

async function start(cfg: AgentConfig): Promise<{ agent: RunningAgent; lines: Line[]; until: (msg: string, n?: number) => Promise<void> }> {
  const lines: Line[] = [];
  const waiters: Array<() => void> = [];
  const log = createLogger('debug', (l) => {
    lines.push(JSON.parse(l) as Line);
    for (const w of waiters.splice(0)) w();
  });
  const agent = await startAgent(cfg, log, '9.9.9');
  cleanup.push(() => agent.stop('test over'));
  const until = async (msg: string, n = 1) => {
    while (lines.filter((l) => l.msg === msg).length < n) await new Promise<void>((r) => waiters.push(r));
  };
  return { agent, lines, until };
}

/** Ack every batch as it comes; collect its samples. */
function ackAll(c: Conn, into: Sample[]): void {
  void (async () => {
    for (;;) {
      const b = await c.batch().catch(() => undefined);
      if (!b) return;
      into.push(...decodeSamples(b.samples));
      c.send({ type: 'ack', seq: b.seq });
    }
  })();
}

async function peer(): Promise<Peer> {
  const p = await startPeer();
  cleanup.push(() => p.close());
  return p;
}

describe('the running agent', () => {
  it('ships every sample it took exactly once; stop flushes the open batch and waits for its ack', async () => {
    const p = await peer();
    const { agent, lines, until } = await start(config(p));
    const c = await p.connections.next();
    const hello = helloFrameSchema.parse(await c.frames.next());
    expect(hello).toMatchObject({ protocol: PROTOCOL_VERSION, intervalMs: 1000, agent: { version: '9.9.9' } });
    expect(hello.host.filesystems.length).toBeGreaterThan(0);
    // The server suggests 5 s; the operator chose 1 s, which wins.
    c.send({ type: 'welcome', protocol: PROTOCOL_VERSION, hostId: 'h' as never, lastSeq: 0, config: { intervalMs: 5000 } });
    const got: Sample[] = [];
    ackAll(c, got);
    await until('sampled', 3);
    expect(await agent.stop('test')).toBe(0);
    const taken = lines.filter((l) => l.msg === 'sampled').map((l) => l.ts);
    expect(got.map((s) => s.ts)).toEqual(taken);
    expect(lines.find((l) => l.msg === 'stopped')).toMatchObject({ drained: true, spooled: 0 });
    expect(await c.closed).toEqual({ code: 1000, reason: 'agent stopping' });
    const first = got[0]!;
    expect(first.counters['cpu.user_ticks']).toBeGreaterThan(0);
    expect(first.counters['agent.cpu_seconds_total']).toBeGreaterThan(0);
    for (const g of ['agent.rss_bytes', 'agent.spool_bytes', 'agent.collector.cpu.duration_ms', 'mem.used_pct', 'load.1']) expect(first.gauges[g], g).toBeTypeOf('number');
    expect(first.counters['agent.spool_dropped_total']).toBe(0);
    expect(first.conns?.listening).toBeInstanceOf(Array);
  });

  it('takes the server\'s interval when none was configured, and says it in the next hello', async () => {
    const p = await peer();
    const { until, lines } = await start(config(p, { interval: 5000, intervalExplicit: false }));
    const first = await p.connections.next();
    await first.welcome(0, { intervalMs: 2000 });
    await until('interval changed by the server');
    expect(lines.find((l) => l.msg === 'interval changed by the server')).toMatchObject({ from: 5000, to: 2000 });
    first.ws.close(1001, 'server restarting');
    const second = await p.connections.next();
    expect(helloFrameSchema.parse(await second.frames.next()).intervalMs).toBe(2000);
  });

  it('stops with exit code 3 when the server refuses its protocol version, keeping what it spooled', async () => {
    const p = await peer();
    const { agent, lines } = await start(config(p, { batchMax: 1 }));
    const c = await p.connections.next();
    await c.frames.next();
    c.send({ type: 'error', code: 'protocol_unsupported', message: 'agent speaks protocol 1, older than this server accepts (2–2); upgrade the agent' });
    c.ws.close(CLOSE_CODES.protocolUnsupported, 'protocol_unsupported');
    expect(await agent.done).toBe(3);
    expect(lines.find((l) => l.msg === 'stopped')).toMatchObject({ drained: false });
    expect((lines.find((l) => l.msg === 'stopped')!.spooled as number) >= 1).toBe(true);
  });

  it('refuses to start on a spool it cannot open, naming it', async () => {
    const p = await peer();
    const spool = join(mkdtempSync(join(tmpdir(), 'aura-agent-run-')), 'a-file');
    writeFileSync(spool, '');
    await expect(startAgent(config(p, { spool }), createLogger('error', () => {}), '9.9.9')).rejects.toThrow(AgentStartError);
    await expect(startAgent(config(p, { spool }), createLogger('error', () => {}), '9.9.9')).rejects.toThrow(`cannot open the spool ${spool}`);
  });
});
