/**
 * `aura top --server URL --token T`: a live terminal fleet view for servers without a browser,
 * from the same stream as the dashboard (status, risk, CPU, memory, disk per host; q quits).
 */
import { parseArgs } from 'node:util';
import { STREAM_CLOSE, STREAM_PATH, type StreamServerMessage } from '@aura/protocol';
import WebSocket from 'ws';
import { UsageError, type CommandIo } from './io.js';
import { ANSI, TOP_SORTS, renderTop, type TopState } from './top-screen.js';

export const TOP_HELP = `aura top [--server http://127.0.0.1:8080] [--token T] [--sort ${TOP_SORTS.join('|')}] [--once]
  env: AURA_SERVER, AURA_API_TOKEN`;

export interface TopTerminal {
  write: (s: string) => void;
  columns: () => number;
  rows: () => number;
  isTTY: boolean;
  /** Raw key input; returns a function that restores the terminal. */
  onKeys: (f: (key: string) => void) => () => void;
  onResize: (f: () => void) => void;
}

export function processTerminal(): TopTerminal {
  return {
    write: (s) => void process.stdout.write(s),
    columns: () => process.stdout.columns ?? 100,
    rows: () => process.stdout.rows ?? 30,
    isTTY: Boolean(process.stdout.isTTY && process.stdin.isTTY),
    onKeys(f) {
      if (!process.stdin.isTTY) return () => undefined;
      process.stdin.setRawMode(true);
      process.stdin.setEncoding('utf8');
      const on = (d: string) => f(d);
      process.stdin.on('data', on);
      process.stdin.resume();
      return () => {
        process.stdin.off('data', on);
        process.stdin.setRawMode(false);
        process.stdin.pause();
      };
    },
    onResize: (f) => void process.stdout.on('resize', f),
  };
}

export async function topCommand(args: string[], io: CommandIo, term: TopTerminal = processTerminal()): Promise<number> {
  const { values } = parseArgs({ args, options: { server: { type: 'string' }, token: { type: 'string' }, sort: { type: 'string' }, once: { type: 'boolean' } }, strict: true });
  const server = values.server ?? io.env.AURA_SERVER ?? 'http://127.0.0.1:8080';
  const token = values.token ?? io.env.AURA_API_TOKEN;
  if (!/^(ws|http)s?:\/\//.test(server)) throw new UsageError(`--server: "${server}" is not a URL (example: --server http://127.0.0.1:8080)`);
  if (!token) throw new UsageError('--token: give an API token (example: --token "$AURA_API_TOKEN")');
  const sort = (values.sort ?? 'status') as TopState['sort'];
  if (!TOP_SORTS.includes(sort)) throw new UsageError(`--sort: "${values.sort}" is not one of ${TOP_SORTS.join(', ')} (example: --sort risk)`);
  const once = values.once === true || !term.isTTY;

  const st: TopState = { hosts: new Map(), serverTime: 0, sort, offset: 0, status: 'connecting' };
  const url = server.replace(/^http/, 'ws').replace(/\/$/, '') + STREAM_PATH;
  const ws = new WebSocket(url);
  let restore = () => undefined as void;
  let full = false;
  const draw = () => {
    if (!full) return;
    const lines = renderTop(st, term.columns(), term.rows(), true);
    term.write(ANSI.home + lines.map((l) => l + ANSI.clearLine).join('\r\n') + ANSI.clearDown);
  };

  return new Promise<number>((resolve) => {
    let code = 0;
    const finish = (c: number) => {
      code = c;
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000, 'bye');
      else done();
    };
    const done = () => {
      restore();
      if (full) term.write(ANSI.showCursor + ANSI.mainScreen);
      resolve(code);
    };
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as StreamServerMessage;
      if (m.type === 'ready') {
        st.serverTime = m.serverTime;
        for (const h of m.hosts) st.hosts.set(h.id, h);
        st.status = 'live';
        if (once) {
          io.stdout(renderTop(st, 120, st.hosts.size + 3, false).join('\n') + '\n');
          return finish(0);
        }
        full = true;
        term.write(ANSI.altScreen + ANSI.hideCursor);
        restore = term.onKeys((k) => {
          if (k === 'q' || k === 'Q' || k === '\x03') return finish(0);
          if (k === 's') st.sort = TOP_SORTS[(TOP_SORTS.indexOf(st.sort) + 1) % TOP_SORTS.length]!;
          else if (k === '\x1b[A' || k === 'k') st.offset = Math.max(0, st.offset - 1);
          else if (k === '\x1b[B' || k === 'j') st.offset = Math.min(Math.max(0, st.hosts.size - 1), st.offset + 1);
          else if (k === '\x1b[5~') st.offset = Math.max(0, st.offset - (term.rows() - 3));
          else if (k === '\x1b[6~') st.offset = Math.min(Math.max(0, st.hosts.size - 1), st.offset + term.rows() - 3);
          draw();
        });
        term.onResize(draw);
      } else if (m.type === 'fleet') {
        st.serverTime = m.serverTime;
        for (const h of m.hosts) st.hosts.set(h.id, h);
      } else if (m.type === 'heartbeat') {
        st.serverTime = m.serverTime;
      } else if (m.type === 'error') {
        st.status = m.message;
        io.stderr(`aura top: ${m.message}\n`);
      }
      draw();
    });
    ws.on('close', (c, reason) => {
      if (c === STREAM_CLOSE.unauthorized && code === 0) code = 2;
      else if (c !== 1000 && c !== 1005 && code === 0) {
        code = 1;
        io.stderr(`aura top: the stream closed (${c}${reason.length ? `: ${reason.toString()}` : ''})\n`);
      }
      done();
    });
    ws.on('error', (err) => {
      io.stderr(`aura top: cannot reach ${url}: ${err.message}\n`);
      code = 1;
    });
  });
}
