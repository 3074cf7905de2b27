/** Start and stop the real server and agent processes for cross-process tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SERVER_CLI = join(ROOT, 'server/dist/cli.js');
export const AGENT_BUNDLE = join(ROOT, 'agent/dist/aura-agent.cjs');
export const AGENT_TOKEN = 'test-agent-token-0123456789abcdef';
export const API_TOKEN = 'test-api-token-0123456789abcdef';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `aura-${prefix}-`));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** A child process with its output captured line by line. */
export class Proc {
  readonly lines: string[] = [];
  private waiters: Array<{ re: RegExp; resolve: (l: string) => void }> = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly name: string, readonly child: ChildProcess) {
    for (const stream of [child.stdout, child.stderr]) {
      let buf = '';
      stream?.on('data', (d: Buffer) => {
        buf += d.toString();
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          this.onLine(buf.slice(0, i));
          buf = buf.slice(i + 1);
        }
      });
    }
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  private onLine(line: string): void {
    this.lines.push(line);
    if (process.env.AURA_TEST_VERBOSE) process.stderr.write(`[${this.name}] ${line}\n`);
    this.waiters = this.waiters.filter((w) => {
      if (!w.re.test(line)) return true;
      w.resolve(line);
      return false;
    });
  }

  /** Resolve with the first line (already seen from `from`, or future) that matches. */
  waitFor(re: RegExp, timeoutMs = 30_000, from = 0): Promise<string> {
    const seen = this.lines.slice(from).find((l) => re.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no line matching ${re} within ${timeoutMs} ms; last lines:\n${this.lines.slice(-15).join('\n')}`)), timeoutMs);
      this.waiters.push({
        re,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.running) return;
    this.child.kill(signal);
    await this.exited;
  }
}

export interface ServerProc extends Proc {
  url: string;
  port: number;
  data: string;
}

export async function startServerProc(opts: { data: string; port?: number; env?: Record<string, string>; args?: string[] }): Promise<ServerProc> {
  const port = opts.port ?? (await freePort());
  const child = spawn(process.execPath, [SERVER_CLI, 'serve', '--port', String(port), '--bind', '127.0.0.1', '--data', opts.data, ...(opts.args ?? [])], {
    env: { ...process.env, AURA_AGENT_TOKEN: AGENT_TOKEN, AURA_API_TOKEN: API_TOKEN, AURA_LOG_LEVEL: 'info', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = Object.assign(new Proc('server', child), { url: `http://127.0.0.1:${port}`, port, data: opts.data });
  await proc.waitFor(/AURA server listening/, 30_000);
  return proc;
}

export function startAgentProc(opts: { server: string; hostId: string; spool: string; interval?: string; args?: string[]; env?: Record<string, string> }): Proc {
  const child = spawn(
    process.execPath,
    [AGENT_BUNDLE, '--server', opts.server.replace(/^http/, 'ws'), '--host-id', opts.hostId, '--spool', opts.spool, '--interval', opts.interval ?? '1s', ...(opts.args ?? [])],
    { env: { ...process.env, AURA_TOKEN: AGENT_TOKEN, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Proc(`agent ${opts.hostId}`, child);
}

/** GET an API path with the test API token; throws on a non-2xx answer. */
export async function api<T>(base: string, path: string): Promise<T> {
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
