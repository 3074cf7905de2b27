/**
 * Alerts, silences and channels: the shapes of `/api/v1/alerts`, `/api/v1/silences` and
 * `/api/v1/channels` (zod for what clients send, TS types for what the server answers).
 * Alert times are event time (the hosts' sample clock), in unix seconds like the rest of the API.
 */
import { z } from 'zod';
import { SEVERITIES, type CouncilDecision, type Severity } from './analysis.js';
import { durationMsSchema, parseTime } from './duration.js';

export const ALERT_STATES = ['pending', 'firing', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** The alert kind of a host gone silent (the fleet kept reporting, it did not). */
export const SILENT_KIND = 'silent';

export interface AlertAck {
  by: string;
  /** Unix seconds, wall clock (a person's action). */
  at: number;
  comment: string;
}

export interface AlertView {
  id: number;
  /** `<hostId>/<kind>`: one active alert per fingerprint. */
  fingerprint: string;
  hostId: string;
  hostname: string;
  kind: string;
  state: AlertState;
  severity: Severity;
  summary: string;
  evidence: string[];
  recommendation: string;
  /** Unix seconds (event time): when the council first leaned this way (pending began). */
  startsAt: number;
  firedAt: number | null;
  resolvedAt: number | null;
  /** Event time of the newest decision that touched this alert. */
  updatedAt: number;
  acknowledged: AlertAck | null;
  /** Silences that mute this alert now. */
  silencedBy: string[];
  /** The council decision behind its current state and severity, with every vote (why it fired; kept after the resolve). */
  decision: CouncilDecision | null;
  /** Link to the host in the dashboard. */
  url: string;
}

export interface AlertEventView {
  /** Unix seconds: event time for lifecycle steps, wall clock for acknowledgements. */
  ts: number;
  type: 'pending' | 'firing' | 'escalated' | 'deescalated' | 'resolved' | 'cancelled' | 'acknowledged' | 'notified';
  severity: Severity;
  detail: string;
}

/** `GET /api/v1/alerts` */
export interface AlertsResponse {
  alerts: AlertView[];
  /** The fleet's event-time clock (unix s; null before the first sample): what "now" means for alerts and silences. */
  now: number | null;
}

/** `GET /api/v1/alerts/:id` */
export interface AlertResponse {
  alert: AlertView;
  history: AlertEventView[];
}

const listOf = <T extends string>(values: readonly [T, ...T[]], what: string) =>
  z
    .string()
    .max(200)
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values, { error: (iss) => `"${String(iss.input)}" is not a ${what} (one of ${values.join(', ')})` })));

export const alertsQuerySchema = z
  .object({
    /** Comma-separated states; default pending,firing. */
    state: listOf(ALERT_STATES, 'state').optional(),
    host: z.string().min(1).max(64).optional(),
    kind: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int('limit is a whole number like 100').min(1).max(1000).default(200),
  })
  .strict();
export type AlertsQuery = z.infer<typeof alertsQuerySchema>;

export const ackRequestSchema = z
  .object({
    by: z.string().trim().min(1, 'say who acknowledges, e.g. "alice"').max(128),
    comment: z.string().max(1024).default(''),
  })
  .strict();
export type AckRequest = z.input<typeof ackRequestSchema>;

// ---- silences -----------------------------------------------------------------------------

/** Labels an alert offers to matchers. */
export const MATCHER_LABELS = ['host', 'hostname', 'kind', 'severity'] as const;
export type MatcherLabel = (typeof MATCHER_LABELS)[number];
/** As in Alertmanager: equal, not equal, regex match, regex no-match (regexes are anchored). */
export const MATCHER_OPS = ['=', '!=', '=~', '!~'] as const;
export type MatcherOp = (typeof MATCHER_OPS)[number];

export const matcherSchema = z
  .object({
    name: z.enum(MATCHER_LABELS, { error: `a matcher name is one of ${MATCHER_LABELS.join(', ')} (example: {"name":"host","value":"web-1"})` }),
    value: z.string().max(256),
    op: z.enum(MATCHER_OPS, { error: `a matcher op is one of ${MATCHER_OPS.join(' ')} (example: "=~")` }).default('='),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.op !== '=~' && m.op !== '!~') return;
    try {
      new RegExp(`^(?:${m.value})$`);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `not a valid regular expression: ${(err as Error).message}` });
    }
  });
export type Matcher = z.output<typeof matcherSchema>;

const timeInput = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const ms = parseTime(String(v));
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${String(v)}" is not a time (unix seconds like 1700000000, or ISO 8601 like 2026-01-02T15:04:05Z)` });
    return z.NEVER;
  }
  return ms;
});

export const silenceRequestSchema = z
  .object({
    matchers: z.array(matcherSchema).min(1, 'give at least one matcher, e.g. [{"name":"host","value":"web-1"}]').max(16),
    /** Default: now (the fleet's event time). */
    startsAt: timeInput.optional(),
    endsAt: timeInput.optional(),
    /** Instead of endsAt: how long from startsAt, e.g. "2h". */
    duration: durationMsSchema.optional(),
    createdBy: z.string().trim().min(1, 'say who creates the silence, e.g. "alice"').max(128),
    comment: z.string().trim().min(1, 'say why, e.g. "kernel upgrade"').max(1024),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.endsAt === undefined && s.duration === undefined) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'give endsAt or duration (example: "duration":"2h")' });
    if (s.endsAt !== undefined && s.duration !== undefined) ctx.addIssue({ code: 'custom', path: ['duration'], message: 'give endsAt or duration, not both' });
  });
export type SilenceRequest = z.input<typeof silenceRequestSchema>;

export type SilenceState = 'pending' | 'active' | 'expired';

export interface SilenceView {
  id: string;
  matchers: Matcher[];
  /** Unix seconds. */
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  /** Unix seconds, wall clock. */
  createdAt: number;
  state: SilenceState;
}

export const silencesQuerySchema = z
  .object({ state: listOf(['pending', 'active', 'expired'], 'silence state').optional() })
  .strict();

// ---- channels -----------------------------------------------------------------------------

export const CHANNEL_TYPES = ['slack', 'pagerduty', 'webhook'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** Severities a channel can ask for (ok is never notified). */
export const NOTIFY_SEVERITIES = SEVERITIES.filter((s) => s !== 'ok') as Exclude<Severity, 'ok'>[];

// Any printable text (names show in the dashboard and in messages, escaped wherever they are rendered); no control characters.
const channelName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[^\p{Cc}\p{Cf}]+$/u, 'a channel name is printable text without control characters (example: "ops-slack")');
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL (example: https://hooks.slack.com/services/T000/B000/XXXX)' }).max(2048);
const common = {
  name: channelName,
  /** Least severity sent to this channel; default warning. */
  minSeverity: z.enum(['watch', 'warning', 'critical']).optional(),
  /** Only alerts matching all of these (same syntax as silences); default all. */
  matchers: z.array(matcherSchema).max(16).optional(),
  enabled: z.boolean().optional(),
};

/** A channel as the config file and `POST /api/v1/channels` give it (secrets included). */
export const channelInputSchema = z.discriminatedUnion('type', [
  z.object({ ...common, type: z.literal('slack'), url: httpUrl }).strict(),
  z.object({ ...common, type: z.literal('pagerduty'), routingKey: z.string().min(1).max(128), url: httpUrl.optional() }).strict(),
  z.object({ ...common, type: z.literal('webhook'), url: httpUrl, secret: z.string().min(8, 'a webhook secret is at least 8 characters').max(256).optional() }).strict(),
]);
export type ChannelInput = z.output<typeof channelInputSchema>;

/** `PATCH /api/v1/channels/:id`: any field but the type. */
export const channelPatchSchema = z
  .object({
    name: channelName.optional(),
    url: httpUrl.optional(),
    routingKey: z.string().min(1).max(128).optional(),
    secret: z.string().min(8).max(256).optional(),
    minSeverity: common.minSeverity,
    matchers: common.matchers,
    enabled: common.enabled,
  })
  .strict();
export type ChannelPatch = z.output<typeof channelPatchSchema>;

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface DeliveryView {
  id: number;
  outboxId: number | null;
  /** Unix seconds, wall clock. */
  ts: number;
  attempt: number;
  /** HTTP status, or null when no answer came (refused, timed out, connection error). */
  status: number | null;
  ok: boolean;
  error: string | null;
  durationMs: number;
  idempotencyKey: string;
  event: string;
}

export interface ChannelView {
  id: string;
  name: string;
  type: ChannelType;
  /** `config` channels come from the config file and are changed there; `api` ones through this API. */
  source: 'config' | 'api';
  /** Redacted: a Slack webhook URL is itself a secret, so only its origin is shown; queries are dropped. */
  url: string;
  /** Which secrets are set (their values are never shown). */
  secrets: { url?: boolean; routingKey?: boolean; secret?: boolean };
  enabled: boolean;
  minSeverity: Exclude<Severity, 'ok'>;
  matchers: Matcher[];
  breaker: { state: BreakerState; failures: number; openUntil: number | null };
  /** Unix seconds until which a 429's Retry-After holds deliveries back. */
  pausedUntil: number | null;
  outbox: { pending: number; failed: number; delivered: number };
  lastDelivery: DeliveryView | null;
  createdAt: number;
  updatedAt: number;
}

export interface ChannelsResponse {
  channels: ChannelView[];
}

/** `POST /api/v1/channels`: the channel, and for a webhook without a secret the one generated (shown once). */
export interface ChannelCreatedResponse {
  channel: ChannelView;
  generatedSecret?: string;
}

/** `POST /api/v1/channels/:id/test` */
export interface ChannelTestResponse {
  delivered: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
}
