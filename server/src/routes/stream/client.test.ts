// A slow stream client is dropped once its socket buffer passes the bound, over a real loopback
// WebSocket whose reader has stopped reading: memory never grows past the bound plus one message.
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { RateLimiter } from '../../middleware/rate-limit/index.js';
import { Catalog } from '../../store/index.js';
import { API_TOKEN, tempDir } from '../../testing.js';
import { MAX_BUFFERED_BYTES, StreamClient } from './client.js';

const tmp = tempDir('aura-stream-client-');
afterAll(() => tmp.remove());

describe('StreamClient', () => {
  it('drops a client that stops reading instead of buffering without bound', async () => {
    const catalog = new Catalog(join(tmp.dir, 'aura.db'));
    catalog.ensureToken('api', 'test', API_TOKEN);
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((ok) => wss.once('listening', () => ok()));
    const port = (wss.address() as { port: number }).port;
    const serverSide = new Promise<WebSocket>((ok) => wss.once('connection', ok));
    const reader = new WebSocket(`ws://127.0.0.1:${port}`);
    await new Promise<void>((ok) => reader.once('open', () => ok()));
    let closedByHub = false;
    const client = new StreamClient(await serverSide, {
      catalog,
      perAddress: new RateLimiter({ rps: 5, burst: 20 }),
      log: pino({ level: 'silent' }),
      onReady: () => undefined,
      onClose: () => (closedByHub = true),
    }, '127.0.0.1');
    const authed = new Promise<void>((ok) => client.ws.once('message', () => setImmediate(ok)));
    reader.send(JSON.stringify({ type: 'auth', token: API_TOKEN }));
    await authed;
    // The reader stops reading: the kernel buffers fill, then the server-side buffer grows.
    (reader as unknown as { _socket: import('node:net').Socket })._socket.pause();
    expect(client.state).toBe('live');
    const chunk = JSON.stringify({ type: 'heartbeat', serverTime: 1, pad: 'x'.repeat(256 * 1024) });
    let sent = 0;
    let peak = 0;
    while (client.send(chunk)) {
      sent++;
      peak = Math.max(peak, client.ws.bufferedAmount);
      if (sent > 2000) break;
      // Let the socket flush what the kernel takes.
      await new Promise<void>((ok) => setImmediate(ok));
    }
    expect(sent).toBeLessThan(2000);
    expect(client.state).toBe('closed');
    expect(closedByHub).toBe(true);
    expect(peak).toBeLessThanOrEqual(MAX_BUFFERED_BYTES + chunk.length);
    reader.terminate();
    wss.close();
    catalog.close();
  });
});
