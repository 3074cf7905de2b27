/**
 * The live stream from the browser: authenticate with the first message, reconnect with jittered
 * backoff, and treat a silent server (no heartbeat) as gone.
 */
import { STREAM_CLOSE, STREAM_HEARTBEAT_MS, STREAM_PATH, type StreamServerMessage } from '@aura/protocol';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'unauthorized';

export interface StreamOptions {
  token: string;
  onMessage: (m: StreamServerMessage) => void;
  onStatus: (s: StreamStatus, detail?: string) => void;
}

export interface LiveStream {
  /** Follow one host's samples and analyses (null: none). Re-sent after every reconnect. */
  watch(hostId: string | null): void;
  close(): void;
}

/** Reconnect backoff: 0.5 s doubling to 15 s, with full jitter (like the agent's). */
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 15_000;

export function connectStream(opts: StreamOptions): LiveStream {
  let ws: WebSocket | undefined;
  let watching: string | null = null;
  let attempt = 0;
  let closed = false;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const arm = () => {
    clearTimeout(watchdog);
    // Two missed heartbeats and a margin: the connection is dead even if the socket has not noticed.
    watchdog = setTimeout(() => ws?.close(), STREAM_HEARTBEAT_MS * 2 + 5000);
  };

  const open = () => {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${STREAM_PATH}`;
    const sock = new WebSocket(url);
    ws = sock;
    opts.onStatus(attempt === 0 ? 'connecting' : 'reconnecting');
    sock.onopen = () => {
      sock.send(JSON.stringify({ type: 'auth', token: opts.token }));
      if (watching) sock.send(JSON.stringify({ type: 'watch', hostId: watching }));
      arm();
    };
    sock.onmessage = (ev) => {
      arm();
      const m = JSON.parse(String(ev.data)) as StreamServerMessage;
      if (m.type === 'ready') {
        attempt = 0;
        opts.onStatus('live');
      }
      opts.onMessage(m);
    };
    sock.onclose = (ev) => {
      clearTimeout(watchdog);
      if (closed || ws !== sock) return;
      if (ev.code === STREAM_CLOSE.unauthorized) {
        opts.onStatus('unauthorized', ev.reason);
        return;
      }
      attempt++;
      opts.onStatus('reconnecting', ev.reason || `connection closed (${ev.code})`);
      const cap = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.min(attempt, 10));
      retry = setTimeout(open, BACKOFF_MIN_MS + Math.random() * cap);
    };
  };
  open();

  return {
    watch(hostId) {
      watching = hostId;
      if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'watch', hostId }));
    },
    close() {
      closed = true;
      clearTimeout(watchdog);
      clearTimeout(retry);
      ws?.close(1000, 'signed out');
    },
  };
}
