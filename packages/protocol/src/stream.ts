/**
 * The dashboard's live stream `/api/v1/stream`: what clients may send (zod, validated by the
 * server) and what the server pushes. Times are unix seconds, like the REST API.
 * No zod here, so the dashboard's bundle stays small: the client schema is in stream-schema.ts.
 */
import type { AlertView } from './alerts.js';
import type { HostAnalysis, Severity } from './analysis.js';

export const STREAM_PATH = '/api/v1/stream';

/** How often the server flushes coalesced updates, and how often it sends a heartbeat. */
export const STREAM_FLUSH_MS = 1000;
export const STREAM_HEARTBEAT_MS = 15_000;

/** Close codes of the stream (4xxx mirror HTTP statuses, like the agent protocol's). */
export const STREAM_CLOSE = {
  badMessage: 4400,
  unauthorized: 4401,
  authTimeout: 4408,
  rateLimited: 4429,
  /** The client read too slowly and its send buffer passed the server's bound. */
  tooSlow: 4413,
  shutdown: 1001,
} as const;

/** A sparkline point: [unix s, cpu.total %, mem.used_pct %, fullest filesystem's used %]. */
export type SparkPoint = [ts: number, cpu: number | null, mem: number | null, disk: number | null];

/** One host in the fleet view: identity, liveness, the council's latest word and newest values. */
export interface FleetEntry {
  id: string;
  hostname: string;
  connected: boolean;
  /** Unix seconds of the newest sample, or null before the first. */
  lastSeen: number | null;
  firstSeen: number;
  /** The council's decision from the latest analysis; null until a host has been analysed. */
  status: Severity | null;
  /** Probability of failure within 4 h from the latest prediction; null without one. */
  risk: number | null;
  ttfSeconds: number | null;
  cpu: number | null;
  mem: number | null;
  disk: number | null;
  /** Sparkline points: the recent ring in `ready`, only the new ones in `fleet`. */
  points: SparkPoint[];
}

export type StreamServerMessage =
  /** After a good `auth`: the whole fleet. */
  | { type: 'ready'; serverTime: number; flushMs: number; hosts: FleetEntry[] }
  /** Coalesced, at most once per flush: every host that changed since the last one. */
  | { type: 'fleet'; serverTime: number; hosts: FleetEntry[] }
  /** The watched host's new samples (all derived metrics), oldest first. */
  | { type: 'samples'; hostId: string; rows: Array<{ ts: number; values: Record<string, number> }> }
  /** The watched host's newest analysis. */
  | { type: 'analysis'; analysis: HostAnalysis }
  /**
   * Coalesced, at most once per flush, to every client: each alert created or changed since the
   * last one (its newest view, oldest change first). `omitted`: more changed than one message
   * carries (the oldest were left out): reload the list from `GET /api/v1/alerts`.
   */
  | { type: 'alerts'; alerts: AlertView[]; omitted?: number }
  | { type: 'heartbeat'; serverTime: number }
  | { type: 'pong'; id?: number }
  | { type: 'error'; code: string; message: string };
