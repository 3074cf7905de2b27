/** The server's configuration schema: one zod object for file, env and flags alike. */
import { channelInputSchema, durationMsSchema } from '@aura/protocol';
import { z } from 'zod';
import { ALERTING_EXAMPLES, alertingConfigSchema } from '../alerts/config.js';
import { allowTargetsSchema } from '../notify/ssrf.js';

export const bytesSchema = z.union([z.number().int().positive(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'number') return v;
  const m = /^(\d+)\s*(B|KiB|MiB|GiB|KB|MB|GB)?$/i.exec(v.trim());
  const unit = { b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, kb: 1e3, mb: 1e6, gb: 1e9 }[(m?.[2] ?? 'b').toLowerCase()];
  if (!m || !unit) {
    ctx.addIssue({ code: 'custom', message: `"${v}" is not a size (examples: 1048576, 512KiB, 4MiB)` });
    return z.NEVER;
  }
  return Number(m[1]) * unit;
});

const AGENT_INTERVAL_RANGE = 'agents accept an interval from 1s to 1h, in whole milliseconds';

const HELLO_TIMEOUT_RANGE = 'the hello timeout is more than 0 and at most 1h';

const tokenSchema = z.string().min(16, 'tokens are at least 16 characters (generate one with: openssl rand -hex 24)');

const rateSchema = z.object({ rps: z.number().positive(), burst: z.number().int().positive() }).strict();

/** Alert channels (Slack, PagerDuty, webhooks): the same shape `POST /api/v1/channels` takes. */
export const channelSchema = channelInputSchema;

export const serverConfigSchema = z
  .object({
    port: z.coerce.number().int().min(0).max(65535).default(8080),
    bind: z.string().min(1).default('0.0.0.0'),
    data: z.string().min(1).default('./data'),
    agentToken: tokenSchema.optional(),
    apiToken: tokenSchema.optional(),
    /** Base URL users reach the server at; printed and used in links. Default: http://<host>:<port>. */
    publicUrl: z.url().optional(),
    logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    retention: z
      .object({
        raw: durationMsSchema.default(7 * 86_400_000),
        minute: durationMsSchema.default(90 * 86_400_000),
        hour: durationMsSchema.default(2 * 365 * 86_400_000),
      })
      .strict()
      .default({ raw: 7 * 86_400_000, minute: 90 * 86_400_000, hour: 2 * 365 * 86_400_000 }),
    store: z
      .object({
        /** Open host files kept in the LRU (3 file descriptors each; also bounded by the open-file limit). */
        maxOpenHosts: z.number().int().min(1).max(100_000).default(10_000),
      })
      .strict()
      .default({ maxOpenHosts: 10_000 }),
    agents: z
      .object({
        /** Sampling interval pushed to agents in the welcome frame; agents refuse a welcome outside agentConfigSchema's range. */
        interval: durationMsSchema.pipe(z.number().int(AGENT_INTERVAL_RANGE).min(1000, AGENT_INTERVAL_RANGE).max(3_600_000, AGENT_INTERVAL_RANGE)).default(5000),
        maxFrameBytes: bytesSchema.default(4 * 1024 * 1024),
        // Generous: after a server restart a whole fleet reconnects at once and hellos queue up.
        // At most 1h: longer delays overflow Node's 32-bit timers, which then fire at once and refuse every agent.
        helloTimeout: durationMsSchema.pipe(z.number().positive(HELLO_TIMEOUT_RANGE).max(3_600_000, HELLO_TIMEOUT_RANGE)).default(30_000),
        /** Samples further ahead of the server's clock are refused (DESIGN.md: 5 minutes). */
        maxFutureSkew: durationMsSchema.default(300_000),
      })
      .strict()
      .default({ interval: 5000, maxFrameBytes: 4 * 1024 * 1024, helloTimeout: 30_000, maxFutureSkew: 300_000 }),
    rateLimit: z
      .object({
        /** Per API token: sustained requests per second and burst. */
        perToken: rateSchema.default({ rps: 50, burst: 200 }),
        /** Per client address, for requests without a valid token (guessing, floods). */
        perAddress: rateSchema.default({ rps: 5, burst: 20 }),
      })
      .strict()
      .default({ perToken: { rps: 50, burst: 200 }, perAddress: { rps: 5, burst: 20 } }),
    analysis: z
      .object({
        enabled: z.boolean().default(true),
        /** Worker threads; 0 = cores − 1, at least 1. */
        workers: z.number().int().min(0).max(256).default(0),
        /** Event time between two analyses of a host. */
        step: durationMsSchema.pipe(z.number().min(1000, 'the analysis step is at least 1s')).default(60_000),
        /** Event time one window covers. */
        window: durationMsSchema.pipe(z.number().min(10_000, 'an analysis window covers at least 10s')).default(600_000),
        maxPoints: z.number().int().min(20).max(400).default(60),
        batch: z.number().int().min(1).max(1000).default(32),
        queue: z.number().int().min(1).max(1000).default(4),
        /** The CfC model file; unset: the shipped one; "none": no prediction. */
        model: z.string().min(1).optional(),
      })
      .strict()
      .default({ enabled: true, workers: 0, step: 60_000, window: 600_000, maxPoints: 60, batch: 32, queue: 4 }),
    channels: z
      .array(channelSchema)
      .default([])
      .refine((cs) => new Set(cs.map((c) => c.name)).size === cs.length, 'channel names must be unique'),
    /** true, or a list of CIDRs (`["127.0.0.1/32"]`): channel URLs may reach these private addresses. */
    allowPrivateTargets: allowTargetsSchema.default(false),
    alerting: alertingConfigSchema.default(alertingConfigSchema.parse({})),
    metrics: z
      .object({
        /** Serve /metrics without a token (a scraper on a trusted network); by default it needs an API token. */
        public: z.boolean().default(false),
        /** Hosts whose latest values, risk and decision /metrics exports; series grow with hosts × metrics. */
        maxHosts: z.number().int().min(0).max(100_000).default(1000),
      })
      .strict()
      .default({ public: false, maxHosts: 1000 }),
    /** Directory of the agent files served at /download (aura-agent.cjs, aura-agent-linux-<arch>); default: this installation's agent/dist. */
    agentDir: z.string().min(1).optional(),
  })
  .strict();

export type ServerConfig = z.output<typeof serverConfigSchema>;
export type ServerConfigInput = z.input<typeof serverConfigSchema>;

/** An example of a good value per key, shown when a value is wrong. */
export const EXAMPLES: Record<string, string> = {
  port: '8080',
  bind: '0.0.0.0',
  data: './data',
  agentToken: 'a 16+ character secret, e.g. from `openssl rand -hex 24`',
  apiToken: 'a 16+ character secret, e.g. from `openssl rand -hex 24`',
  publicUrl: 'https://aura.example.com',
  logLevel: 'info',
  'retention.raw': '7d',
  'retention.minute': '90d',
  'retention.hour': '2y',
  'store.maxOpenHosts': '10000',
  'agents.interval': '5s',
  'agents.maxFrameBytes': '4MiB',
  'agents.helloTimeout': '30s',
  'agents.maxFutureSkew': '5m',
  retention: '{"raw":"7d","minute":"90d","hour":"2y"}',
  store: '{"maxOpenHosts":10000}',
  agents: '{"interval":"5s","maxFrameBytes":"4MiB"}',
  rateLimit: '{"perToken":{"rps":50,"burst":200}}',
  'rateLimit.perToken': '{"rps":50,"burst":200}',
  'rateLimit.perAddress': '{"rps":5,"burst":20}',
  allowPrivateTargets: 'false (or a list of CIDRs such as ["10.0.0.0/8"])',
  analysis: '{"workers":0,"step":"1m","window":"10m"}',
  'analysis.enabled': 'true',
  'analysis.workers': '0 (cores − 1)',
  'analysis.step': '1m',
  'analysis.window': '10m',
  'analysis.maxPoints': '60',
  'analysis.batch': '32',
  'analysis.queue': '4',
  'analysis.model': '/etc/aura/cfc.json (or "none")',
  channels: '[{"name":"ops","type":"slack","url":"https://hooks.slack.com/services/…"}]',
  metrics: '{"public":false,"maxHosts":1000}',
  'metrics.public': 'false',
  'metrics.maxHosts': '1000',
  agentDir: '/opt/aura/agent/dist',
  ...ALERTING_EXAMPLES,
};
