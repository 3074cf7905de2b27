/** A full sample as the agent reads it: gauges, monotonic counters and (on a slower cadence) connections. */
import { z } from 'zod';

/** Established TCP peers and listening ports, sent on the slow cadence. */
export interface ConnSummary {
  /** Local TCP ports in LISTEN state, sorted. */
  listening: number[];
  /** Established connections grouped by remote address and port, largest first. */
  remotes: Array<{ addr: string; port: number; count: number }>;
}

export interface Sample {
  /** Event time, unix milliseconds (integer). */
  ts: number;
  /** Point-in-time values, named in the dotted vocabulary (`load.1`, `mem.used_pct`, …). */
  gauges: Record<string, number>;
  /** Monotonic raw counters (`net.eth0.rx_bytes_total`, `cpu.user_ticks`, …); the server derives rates. */
  counters: Record<string, number>;
  conns?: ConnSummary;
}

/** Most remote endpoints kept per sample (the busiest ones). */
export const MAX_REMOTES = 256;
/** Most metric names in one sample; a host with more is misconfigured or hostile. */
export const MAX_METRICS_PER_SAMPLE = 4096;
/** Metric names: dotted, printable, bounded. Mount points may contain "/" and other path characters. */
export const METRIC_NAME_PATTERN = /^[a-z][a-z0-9_]*(\.[^\s.][^\s]*)*$/;
export const MAX_METRIC_NAME_LENGTH = 200;

export const metricNameSchema = z
  .string()
  .max(MAX_METRIC_NAME_LENGTH, `metric names are at most ${MAX_METRIC_NAME_LENGTH} characters`)
  .regex(METRIC_NAME_PATTERN, 'metric names are dotted lower-case words like "cpu.total" or "disk./var.used_pct"');

export const finiteNumber = z.number().refine(Number.isFinite, 'must be a finite number');

export const valueMapSchema = z
  .record(metricNameSchema, finiteNumber)
  .refine((r) => Object.keys(r).length <= MAX_METRICS_PER_SAMPLE, `at most ${MAX_METRICS_PER_SAMPLE} metrics per sample`);

export const connSummarySchema = z.object({
  listening: z.array(z.number().int().min(0).max(65535)).max(65536),
  remotes: z
    .array(z.object({ addr: z.string().min(1).max(64), port: z.number().int().min(0).max(65535), count: z.number().int().min(1) }))
    .max(MAX_REMOTES),
});
