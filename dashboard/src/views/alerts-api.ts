/**
 * The alerts REST shapes the dashboard assumes until the alerts engine lands (see
 * docs/dashboard.md): list, acknowledge, silences, channels and "send test".
 */
import type { Severity } from '@aura/protocol';

export interface AlertItem {
  id: string;
  fingerprint: string;
  hostId: string;
  kind: string;
  severity: Severity;
  state: 'pending' | 'firing' | 'resolved';
  summary: string;
  /** Unix seconds. */
  startsAt: number;
  endsAt: number | null;
  acknowledgedBy: string | null;
  evidence: string[];
}

export interface SilenceItem {
  id: string;
  matchers: { hostId?: string; kind?: string };
  startsAt: number;
  endsAt: number;
  comment: string;
  createdBy: string;
}

export interface ChannelItem {
  id: string;
  name: string;
  type: string;
}
