// Frames a broken or hostile agent might send to the real server process: each is refused with a
// close code and a reason, and nothing of it is stored.
import { CLOSE_CODES, PROTOCOL_VERSION } from '@aura/protocol';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_TOKEN, startServerProc, tempDir, type ServerProc } from '../helpers/procs.js';
import { storedTimestamps } from '../helpers/store.js';

let server: ServerProc;
beforeAll(async () => {
  server = await startServerProc({ data: tempDir('bad-frames') });
});
afterAll(async () => {
  await server?.kill();
});

const hello = (hostId: string, protocol = PROTOCOL_VERSION) => ({
  type: 'hello',
  protocol,
  agent: { version: 'test', instanceId: `inst-${hostId}` },
  host: {
    hostId,
    hostname: hostId,
    machineId: `m-${hostId}`,
    os: { platform: 'linux', distro: 'Debian', release: '12' },
    kernel: '6.1',
    arch: 'x64',
    cpu: { model: 'x', cores: 2 },
    memoryBytes: 1e9,
    bootTime: 1.7e9,
    filesystems: [],
    interfaces: [],
  },
  intervalMs: 5000,
});

interface Outcome {
  code: number;
  reason: string;
  frames: Array<{ type: string; code?: string }>;
}

function exchange(frames: Array<string | Buffer>, opts: { token?: string | null } = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? AGENT_TOKEN}`;
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/v1/agent`, { headers });
    const got: Outcome['frames'] = [];
    ws.on('open', () => {
      for (const f of frames) ws.send(f);
    });
    ws.on('message', (d) => got.push(JSON.parse(String(d)) as { type: string }));
    ws.on('unexpected-response', (_req, res) => resolve({ code: res.statusCode ?? 0, reason: 'http', frames: [] }));
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), frames: got }));
    ws.on('error', (e) => (e.message.includes('Unexpected server response') ? undefined : reject(e)));
  });
}

const sample = (t: number) => ({ t, g: { 'load.1': 1 } });

describe('bad frames are refused and nothing of them is stored', () => {
  it('no token, wrong token: HTTP 401 at the upgrade', async () => {
    expect((await exchange([], { token: null })).code).toBe(401);
    expect((await exchange([], { token: 'wrong-token-wrong-token' })).code).toBe(401);
  });

  it('malformed JSON', async () => {
    const r = await exchange(['{not json']);
    expect(r.code).toBe(CLOSE_CODES.badFrame);
    expect(r.reason).toMatch(/not valid JSON/);
  });

  it('a batch before hello', async () => {
    const r = await exchange([JSON.stringify({ type: 'batch', seq: 1, samples: [sample(Date.now())] })]);
    expect(r.code).toBe(CLOSE_CODES.badFrame);
    expect(r.reason).toMatch(/first frame must be hello/);
  });

  it.each([[0], [PROTOCOL_VERSION + 98]])('protocol version %i: refused with the versions the server speaks', async (v) => {
    const r = await exchange([JSON.stringify(hello(`proto-${v}`, v))]);
    expect(r.code).toBe(CLOSE_CODES.protocolUnsupported);
    expect(r.frames[0]).toMatchObject({ type: 'error', code: 'protocol_unsupported', supported: { min: 1, max: PROTOCOL_VERSION } });
    expect(r.reason).toMatch(v > PROTOCOL_VERSION ? /newer/ : /older/);
  });

  it('a schema-invalid batch names the field and stores nothing of it', async () => {
    const now = Date.now();
    const bad = { type: 'batch', seq: 1, samples: [sample(now), { t: 'soon', g: { 'load.1': 2 } }] };
    const r = await exchange([JSON.stringify(hello('bad-batch')), JSON.stringify(bad)]);
    expect(r.code).toBe(CLOSE_CODES.badFrame);
    expect(r.reason).toMatch(/samples\[1\]\.t/);
    expect(storedTimestamps(server.data, 'bad-batch')).toEqual([]);
  });

  it('a frame over the size limit is closed with 1009 and not stored', async () => {
    const big = { type: 'batch', seq: 1, samples: [{ t: Date.now(), g: Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`pad.${'x'.repeat(1500)}${i}`, i])) }] };
    const text = JSON.stringify(big);
    expect(text.length).toBeGreaterThan(4 * 1024 * 1024);
    const r = await exchange([JSON.stringify(hello('too-big')), text]);
    expect(r.code).toBe(1009);
    expect(storedTimestamps(server.data, 'too-big')).toEqual([]);
  });

  it('samples from the future are refused (clock skew over 5 minutes)', async () => {
    const r = await exchange([JSON.stringify(hello('future')), JSON.stringify({ type: 'batch', seq: 1, samples: [sample(Date.now() + 3_600_000)] })]);
    expect(r.code).toBe(CLOSE_CODES.badFrame);
    expect(r.reason).toMatch(/ahead of the server clock/);
    expect(storedTimestamps(server.data, 'future')).toEqual([]);
  });

  it('a good batch after all that is stored and acked', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/v1/agent`, { headers: { authorization: `Bearer ${AGENT_TOKEN}` } });
    const frames: Array<{ type: string; seq?: number }> = [];
    await new Promise<void>((resolve) => {
      ws.on('open', () => ws.send(JSON.stringify(hello('good'))));
      ws.on('message', (d) => {
        const f = JSON.parse(String(d)) as { type: string; seq?: number };
        frames.push(f);
        if (f.type === 'welcome') ws.send(JSON.stringify({ type: 'batch', seq: 1, samples: [sample(Date.now() - 1000)] }));
        if (f.type === 'ack') resolve();
      });
    });
    ws.close();
    expect(frames.map((f) => f.type)).toEqual(['welcome', 'ack']);
  });
});
