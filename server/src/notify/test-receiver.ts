/**
 * A real HTTP receiver on loopback for delivery tests: records every request and answers as
 * told (200, 500, 429 with Retry-After, or hang until released). Waits are event-driven.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Answer = { status: number; retryAfter?: string; body?: string } | 'hang';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
  /** Wall clock (ms) when it arrived. */
  at: number;
  answer: Answer;
}

export interface Receiver {
  url(path?: string): string;
  readonly requests: Received[];
  /** How to answer the next request on a path ('*' for all). Default: 200 "ok". */
  answer(fn: (req: { path: string; n: number }) => Answer): void;
  /** Resolves once `pred` holds for the requests received (checked at every arrival). */
  until(pred: (reqs: Received[]) => boolean, timeoutMs?: number): Promise<Received[]>;
  /** Let every hanging request finish (with 200). */
  release(): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: Received[] = [];
  const hanging: ServerResponse[] = [];
  let answer: (req: { path: string; n: number }) => Answer = () => ({ status: 200, body: 'ok' });
  let waiters: Array<{ pred: (r: Received[]) => boolean; ok: (r: Received[]) => void }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const a = answer({ path, n: requests.filter((r) => r.path === path).length });
      let json: unknown = undefined;
      try {
        json = JSON.parse(body);
      } catch {
        // not JSON
      }
      requests.push({ path, headers: req.headers, body, json, at: Date.now(), answer: a });
      if (a === 'hang') hanging.push(res);
      else {
        if (a.retryAfter !== undefined) res.setHeader('retry-after', a.retryAfter);
        res.statusCode = a.status;
        res.end(a.body ?? (a.status < 300 ? 'ok' : 'error'));
      }
      waiters = waiters.filter((w) => {
        if (!w.pred(requests)) return true;
        w.ok(requests);
        return false;
      });
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    requests,
    answer(fn) {
      answer = fn;
    },
    until(pred, timeoutMs = 20_000) {
      if (pred(requests)) return Promise.resolve(requests);
      return new Promise((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`receiver: condition not met within ${timeoutMs} ms; ${requests.length} requests: ${requests.slice(-5).map((r) => `${r.path} ${JSON.stringify(r.answer)}`).join(', ')}`)), timeoutMs);
        waiters.push({ pred, ok: (r) => (clearTimeout(timer), ok(r)) });
      });
    },
    release() {
      for (const res of hanging.splice(0)) if (!res.writableEnded && !res.destroyed) res.end('ok');
    },
    async close() {
      for (const res of hanging.splice(0)) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
