/** REST API shapes under /api/v1: query schemas (zod) and response types. */
import { z } from 'zod';
import { durationMsSchema, timeMsSchema } from './duration.js';
import { metricNameSchema } from './sample.js';

export interface HostSummary {
  id: string;
  hostname: string;
  /** Unix seconds of the newest stored sample, or null before the first one. */
  lastSeen: number | null;
  firstSeen: number;
  connected: boolean;
  agentVersion: string;
  os: string;
  kernel: string;
  arch: string;
  cores: number;
  memoryBytes: number;
  intervalSeconds: number;
}
export interface HostsResponse {
  hosts: HostSummary[];
}

/** Most points one metrics query may return per series (Prometheus uses 11,000 too). */
export const MAX_POINTS = 11_000;

export const metricsQuerySchema = z
  .object({
    from: timeMsSchema.optional(),
    to: timeMsSchema.optional(),
    step: durationMsSchema.optional(),
    /** Comma-separated metric names or prefixes ending in "*" (`cpu.*`). */
    metrics: z
      .string()
      .max(4000)
      .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
      .pipe(
        z
          .array(
            z.union([metricNameSchema, z.string().regex(/^[a-z][^\s*]*\*$/, 'a prefix ends with "*"')], {
              error: (iss) => `"${String(iss.input)}" is not a metric name like "cpu.total" or a prefix ending in "*" like "cpu.*"`,
            }),
          )
          .max(200),
      )
      .optional(),
    agg: z.enum(['avg', 'min', 'max']).default('avg'),
  })
  .strict();
export type MetricsQuery = z.infer<typeof metricsQuerySchema>;

/** Columnar, uPlot's shape: `series[name][i]` is the value at `timestamps[i]` (null where absent). */
export interface MetricsResponse {
  timestamps: number[];
  series: Record<string, Array<number | null>>;
  /** Step in seconds and the table the points came from. */
  step: number;
  source: 'raw' | '1m' | '1h';
}

export interface ApiError {
  error: { code: string; message: string; field?: string };
}

/** `GET /api/v1/hosts/:id/topology?from&to`: a range of event time (default: the last 24 hours). */
export const topologyQuerySchema = z
  .object({
    from: timeMsSchema.optional(),
    to: timeMsSchema.optional(),
  })
  .strict();
export type TopologyQuery = z.infer<typeof topologyQuerySchema>;

/** `GET /api/v1/fleet/topology`: hosts and who talks to whom (established TCP connections). */
export interface FleetTopologyResponse {
  nodes: Array<{
    id: string;
    hostname: string;
    addresses: string[];
    /** Established connections to peers outside the fleet. */
    externalConnections: number;
    /** false until the host's agent has reported its connections. */
    reported: boolean;
  }>;
  /** source holds established connections to target's addresses (source is the client side). */
  edges: Array<{ source: string; target: string; connections: number; ports: number[] }>;
}
