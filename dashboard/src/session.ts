/**
 * One signed-in session: the API client, the live stream, the fleet model and the open alerts.
 * The token lives in memory and sessionStorage only (gone when the tab closes; never
 * localStorage, never a URL).
 */
import type { AlertView, AlertsResponse, HostAnalysis, StreamServerMessage } from '@aura/protocol';
import { createApi, type Api } from './api/client.js';
import { connectStream, type LiveStream, type StreamStatus } from './api/stream.js';
import { ActiveAlerts } from './lib/alerts-model.js';
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
  /** Pending and firing alerts, kept live from the stream (for the navigation's count). */
  alerts: ActiveAlerts;
  status: StreamStatus;
  statusDetail: string | undefined;
  /** Called on every fleet change and status change. */
  onChange: Set<() => void>;
  onSamples: Set<(hostId: string, rows: SampleRows) => void>;
  onAnalysis: Set<(a: HostAnalysis) => void>;
  /**
   * Alert changes from the stream. `reload`: changes may have been missed (a reconnect, or more
   * changed at once than one message carries): lists should be fetched again.
   */
  onAlerts: Set<(changes: AlertView[], reload: boolean) => void>;
  watch(hostId: string | null): void;
  close(): void;
}

export function openSession(token: string, onUnauthorized: () => void): Session {
  const fleet = new FleetModel();
  const alerts = new ActiveAlerts();
  const api = createApi(token, onUnauthorized);
  const s: Session = {
    api,
    fleet,
    alerts,
    status: 'connecting',
    statusDetail: undefined,
    onChange: new Set(),
    onSamples: new Set(),
    onAnalysis: new Set(),
    onAlerts: new Set(),
    watch: (id) => stream.watch(id),
    close: () => stream.close(),
  };
  const changed = () => s.onChange.forEach((f) => f());
  const alertsChanged = (changes: AlertView[], reload: boolean) => {
    alerts.apply(changes);
    s.onAlerts.forEach((f) => f(changes, reload));
    changed();
  };
  // After each (re)connect: changes made while the stream was down are in the REST list only.
  const reloadAlerts = () =>
    api.get<AlertsResponse>('/api/v1/alerts?state=pending,firing&limit=1000').then(
      (b) => {
        alerts.reset(b.alerts);
        alertsChanged([], true);
      },
      () => undefined, // the alerts view says why when it loads its own list
    );
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
          void reloadAlerts();
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
        case 'alerts':
          // More changed than one message carries: the list from the API is the whole truth.
          if (m.omitted) return void reloadAlerts();
          return alertsChanged(m.alerts, false);
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
