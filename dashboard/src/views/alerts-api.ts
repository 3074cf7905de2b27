/**
 * The alerts REST API as the dashboard calls it: list, history and acknowledge alerts; list,
 * create and expire silences; list channels and send a test. Shapes are the server's own
 * (packages/protocol/src/alerts.ts); docs/api.md describes each endpoint.
 */
import type {
  AlertResponse,
  AlertState,
  AlertView,
  AlertsResponse,
  ChannelTestResponse,
  ChannelView,
  ChannelsResponse,
  Matcher,
  SilenceView,
} from '@aura/protocol';
import type { Api } from '../api/client.js';
import type { AlertState as AlertTab } from '../lib/route.js';

export type { AlertView, ChannelTestResponse, ChannelView, Matcher, SilenceView };

/** The API states a tab shows. */
export function tabStates(tab: AlertTab): AlertState[] {
  return tab === 'all' ? ['pending', 'firing', 'resolved'] : [tab];
}

export const listAlerts = (api: Api, tab: AlertTab, limit = 200) => api.get<AlertsResponse>(`/api/v1/alerts?state=${tabStates(tab).join(',')}&limit=${limit}`);

export const alertHistory = (api: Api, id: number) => api.get<AlertResponse>(`/api/v1/alerts/${id}`);

export const ackAlert = (api: Api, id: number, by: string, comment: string) => api.send<{ alert: AlertView }>('POST', `/api/v1/alerts/${id}/ack`, { by, comment });

/** Pending and active silences (expired ones too when asked). */
export const listSilences = (api: Api, withExpired = false) => api.get<{ silences: SilenceView[] }>(`/api/v1/silences?state=${withExpired ? 'pending,active,expired' : 'pending,active'}`);

/** A silence from now (the fleet's event time) for `duration`, e.g. "1h". */
export const createSilence = (api: Api, s: { matchers: Matcher[]; duration: string; createdBy: string; comment: string }) => api.send<{ silence: SilenceView }>('POST', '/api/v1/silences', s);

export const expireSilence = (api: Api, id: string) => api.send<{ silence: SilenceView }>('DELETE', `/api/v1/silences/${encodeURIComponent(id)}`);

export const listChannels = (api: Api) => api.get<ChannelsResponse>('/api/v1/channels');

export const testChannel = (api: Api, id: string) => api.send<ChannelTestResponse>('POST', `/api/v1/channels/${encodeURIComponent(id)}/test`);
