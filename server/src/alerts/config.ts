/**
 * The `alerting` key of the server config: alert timing (event time), the council's knobs and
 * delivery (wall clock). Validated by the server's one config schema (config/schema.ts).
 */
import { ANALYSERS, SEVERITIES, durationMsSchema, type AnalyserName } from '@aura/protocol';
import { z } from 'zod';
import { DEFAULT_THRESHOLDS, type CouncilOptionsInput, type Thresholds } from '../council/index.js';

const levels = z.object({ watch: z.number().nonnegative(), warning: z.number().nonnegative(), critical: z.number().nonnegative() }).partial().strict();
const thresholds = z.object(Object.fromEntries(Object.keys(DEFAULT_THRESHOLDS).map((k) => [k, levels.optional()])) as Record<keyof Thresholds, z.ZodOptional<typeof levels>>).strict();
const weights = z.object(Object.fromEntries(ANALYSERS.map((a) => [a, z.number().min(0).max(10).optional()])) as Record<AnalyserName, z.ZodOptional<z.ZodNumber>>).strict();
const fraction = z.number().min(0).max(1);

export const councilConfigSchema = z
  .object({
    weights: weights.optional(),
    quorum: z.object({ enter: fraction.optional(), exit: fraction.optional() }).strict().optional(),
    for: z.object({ watch: durationMsSchema.optional(), warning: durationMsSchema.optional(), critical: durationMsSchema.optional() }).strict().optional(),
    clearFor: durationMsSchema.optional(),
    silentAfter: durationMsSchema.optional(),
    learnFor: durationMsSchema.optional(),
    hysteresis: fraction.optional(),
    thresholds: thresholds.optional(),
    /** Fire drill only: pin analysers' votes, e.g. {"resources":"critical"}. */
    pin: z.object(Object.fromEntries(ANALYSERS.map((a) => [a, z.enum(SEVERITIES).optional()])) as Record<AnalyserName, z.ZodOptional<z.ZodEnum<{ [K in (typeof SEVERITIES)[number]]: K }>>>).strict().optional(),
  })
  .strict();

const DELIVERY_DEFAULTS = {
  timeout: 10_000,
  maxAge: 86_400_000,
  backoff: { initial: 1000, max: 300_000 },
  breaker: { failures: 5, cooldown: 30_000, maxCooldown: 600_000 },
  concurrency: 4,
};

export const deliveryConfigSchema = z
  .object({
    /** One request's time limit (headers and body). */
    timeout: durationMsSchema.pipe(z.number().positive().max(300_000)).default(DELIVERY_DEFAULTS.timeout),
    /** A notification still undelivered after this long is given up (and logged). */
    maxAge: durationMsSchema.default(DELIVERY_DEFAULTS.maxAge),
    backoff: z
      .object({ initial: durationMsSchema.pipe(z.number().positive()).default(1000), max: durationMsSchema.pipe(z.number().positive()).default(300_000) })
      .strict()
      .default(DELIVERY_DEFAULTS.backoff),
    breaker: z
      .object({
        failures: z.number().int().min(1).default(5),
        cooldown: durationMsSchema.pipe(z.number().positive()).default(30_000),
        maxCooldown: durationMsSchema.pipe(z.number().positive()).default(600_000),
      })
      .strict()
      .default(DELIVERY_DEFAULTS.breaker),
    /** Requests in flight per channel (each alert's notifications still go one at a time, in order). */
    concurrency: z.number().int().min(1).max(64).default(4),
  })
  .strict();

const ALERTING_DEFAULTS = {
  alertAt: 'warning' as const,
  groupWait: 30_000,
  groupInterval: 300_000,
  repeatInterval: 4 * 3_600_000,
  retention: 90 * 86_400_000,
  council: {},
  delivery: DELIVERY_DEFAULTS,
};

export const alertingConfigSchema = z
  .object({
    /** The council level at which an alert fires. */
    alertAt: z.enum(['watch', 'warning', 'critical']).default('warning'),
    /** Event time a new group (host) waits for more alerts before its first notification. */
    groupWait: durationMsSchema.default(ALERTING_DEFAULTS.groupWait),
    /** Event time between notifications about changes in a group that already notified. */
    groupInterval: durationMsSchema.default(ALERTING_DEFAULTS.groupInterval),
    /** Event time before a firing, unacknowledged alert is sent again. */
    repeatInterval: durationMsSchema.default(ALERTING_DEFAULTS.repeatInterval),
    /** Resolved alerts are kept this long (event time). */
    retention: durationMsSchema.default(ALERTING_DEFAULTS.retention),
    council: councilConfigSchema.default({}),
    delivery: deliveryConfigSchema.default(DELIVERY_DEFAULTS),
  })
  .strict();

export type AlertingConfig = z.output<typeof alertingConfigSchema>;
export type DeliveryConfig = AlertingConfig['delivery'];

/** Defaults, for callers that build a config without the schema (tests). */
export const DEFAULT_ALERTING: AlertingConfig = alertingConfigSchema.parse({});

/** The council's options from the config (durations already in ms). */
export function councilOptionsFrom(c: AlertingConfig['council']): CouncilOptionsInput {
  return c as CouncilOptionsInput;
}

/** Examples shown with a bad value (merged into the config module's table). */
export const ALERTING_EXAMPLES: Record<string, string> = {
  alerting: '{"groupWait":"30s","repeatInterval":"4h"}',
  'alerting.alertAt': 'warning',
  'alerting.groupWait': '30s',
  'alerting.groupInterval': '5m',
  'alerting.repeatInterval': '4h',
  'alerting.retention': '90d',
  'alerting.council': '{"for":{"warning":"5m"},"thresholds":{"disk":{"warning":90}}}',
  'alerting.council.weights': '{"security":0.5}',
  'alerting.council.quorum': '{"enter":0.35,"exit":0.2}',
  'alerting.council.for': '{"warning":"5m","critical":"2m"}',
  'alerting.council.thresholds': '{"disk":{"warning":90,"critical":96}}',
  'alerting.council.pin': '{"resources":"critical"}',
  'alerting.delivery': '{"timeout":"10s","maxAge":"24h"}',
  'alerting.delivery.backoff': '{"initial":"1s","max":"5m"}',
  'alerting.delivery.breaker': '{"failures":5,"cooldown":"30s"}',
};
