/**
 * One signed-in session: the API client, the live stream and the fleet model. The token lives in
 * memory and sessionStorage only (gone when the tab closes; never localStorage, never a URL).
 */
import type { HostAnalysis, StreamServerMessage } from '@aura/protocol';
import { createApi, type Api } from './api/client.js';
import { connectStream, type LiveStream, type StreamStatus } from './api/stream.js';
import { FleetModel } from './lib/fleet-model.js';

const TOKEN_KEY = 'aura.token';

export function savedToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function saveToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage disabled: the token stays in memory for this page only
  }
}

export type SampleRows = Extract<StreamServerMessage, { type: 'samples' }>['rows'];

export interface Session {
  api: Api;
  fleet: FleetModel;
  status: StreamStatus;
  statusDetail: string | undefined;
  /** Called on every fleet change and status change. */
  onChange: Set<() => void>;
  onSamples: Set<(hostId: string, rows: SampleRows) => void>;
  onAnalysis: Set<(a: HostAnalysis) => void>;
  watch(hostId: string | null): void;
  close(): void;
}

export function openSession(token: string, onUnauthorized: () => void): Session {
  const fleet = new FleetModel();
  const s: Session = {
    api: createApi(token, onUnauthorized),
    fleet,
    status: 'connecting',
    statusDetail: undefined,
    onChange: new Set(),
    onSamples: new Set(),
    onAnalysis: new Set(),
    watch: (id) => stream.watch(id),
    close: () => stream.close(),
  };
  const changed = () => s.onChange.forEach((f) => f());
  const stream: LiveStream = connectStream({
    token,
    onStatus(status, detail) {
      s.status = status;
      s.statusDetail = detail;
      if (status === 'unauthorized') onUnauthorized();
      changed();
    },
    onMessage(m) {
      switch (m.type) {
        case 'ready':
          fleet.reset(m.serverTime, m.hosts);
          return changed();
        case 'fleet':
          fleet.update(m.serverTime, m.hosts);
          return changed();
        case 'heartbeat':
          fleet.tick(m.serverTime);
          return changed();
        case 'samples':
          return s.onSamples.forEach((f) => f(m.hostId, m.rows));
        case 'analysis':
          return s.onAnalysis.forEach((f) => f(m.analysis));
        case 'error':
          s.statusDetail = m.message;
          return changed();
        default:
          return;
      }
    },
  });
  return s;
}
