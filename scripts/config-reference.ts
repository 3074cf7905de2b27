/**
 * The configuration reference in docs/configuration.md, generated from the zod schemas (server:
 * server/src/config/schema.ts; agent: agent/src/config.ts), the environment-variable tables and
 * the usage text, so keys, types, ranges, defaults, variables, flags and examples cannot drift.
 * Only the one-line descriptions below are written by hand, and a test fails when a key has none.
 *
 *   pnpm exec tsx scripts/config-reference.ts --write     (rewrite the generated part)
 *   pnpm exec tsx scripts/config-reference.ts --check     (exit 1 when the doc is stale)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { durationMsSchema, formatDuration } from '@aura/protocol';
import { z } from 'zod';
import { DEFAULTS as AGENT_DEFAULTS, SETTINGS as AGENT_SETTINGS } from '../agent/src/config.js';
import { SERVE_HELP } from '../server/src/commands/serve.js';
import { ENV_KEYS } from '../server/src/config/index.js';
import { EXAMPLES, bytesSchema, channelSchema, serverConfigSchema } from '../server/src/config/schema.js';

export const DOC = fileURLToPath(new URL('../docs/configuration.md', import.meta.url));
export const BEGIN = '<!-- BEGIN GENERATED: configuration reference (pnpm exec tsx scripts/config-reference.ts --write) -->';
export const END = '<!-- END GENERATED: configuration reference -->';

/** What each server key means. Every leaf key of the schema needs one (a test checks). */
/** The council's measures, for the generated threshold rows (levels watch, warning, critical; defaults in server/src/council/options.ts). */
const THRESHOLD_MEASURES: Record<string, string> = {
  cpu: 'CPU busy (%)',
  memory: 'memory used (%)',
  swap: 'swap used (%)',
  disk: 'disk space used (%)',
  inodes: 'inodes used (%)',
  diskBusy: 'disk busy time (%)',
  load: 'load.1 per core',
  iowait: 'I/O wait (%)',
  steal: 'CPU steal (%)',
  linkUse: 'busiest direction of an interface against its speed (%)',
  netErrors: 'network errors as a share of packets (%)',
  netDrops: 'dropped packets as a share of packets (%)',
  ttfDisk: 'time until a disk is full (shorter is worse)',
  ttfMemory: 'time until memory is exhausted (shorter is worse)',
  risk: 'the CfC model\'s failure risk (probability)',
  connStorm: 'established connections against the host\'s baseline (×)',
  processes: 'process count against the host\'s baseline (×)',
};
const ANALYSER_WORDS: Record<string, string> = { resources: 'resources', network: 'network', security: 'security', performance: 'performance', predictor: 'predictor' };

/** Alerting keys, described once per family instead of one line each. */
const ALERTING_DESCRIPTIONS: Record<string, string> = {
  'alerting.alertAt': 'The council level at which alerts fire (`watch` stays on the dashboard).',
  'alerting.groupWait': 'Event time a new host group waits before its first notification, so alerts raised together go out together.',
  'alerting.groupInterval': 'Event time between notifications of a group that changed.',
  'alerting.repeatInterval': 'Event time after which a firing, unacknowledged alert is notified again.',
  'alerting.retention': 'How long resolved alerts and their history are kept (event time).',
  'alerting.council.quorum.enter': 'Weighted support a level needs to be reached (robust to one faulty voter; docs/alerts.md).',
  'alerting.council.quorum.exit': 'Weighted support below which a reached level is left (hysteresis between enter and exit).',
  'alerting.council.for.watch': 'Event time the quorum must hold `watch` before the decision rises to it.',
  'alerting.council.for.warning': 'Event time the quorum must hold `warning` before the decision rises to it.',
  'alerting.council.for.critical': 'Event time the quorum must hold `critical` before the decision rises to it.',
  'alerting.council.clearFor': 'Event time below a level before the decision comes down.',
  'alerting.council.silentAfter': 'A host without samples for this long on the fleet clock is silent (possible partition).',
  'alerting.council.learnFor': 'Event time the analysers learn a host\'s baselines (ports, peers, connections) before judging against them.',
  'alerting.council.hysteresis': 'A reached threshold is kept until its measure falls this share below it.',
  'alerting.delivery.timeout': 'Wall time one delivery attempt may take.',
  'alerting.delivery.maxAge': 'A notification not delivered within this (wall time) is given up and logged.',
  'alerting.delivery.backoff.initial': 'First retry delay (exponential with jitter; Retry-After wins when longer).',
  'alerting.delivery.backoff.max': 'Longest retry delay.',
  'alerting.delivery.breaker.failures': 'Failures in a row that open a channel\'s circuit breaker.',
  'alerting.delivery.breaker.cooldown': 'First wait before a half-open probe of an open channel.',
  'alerting.delivery.breaker.maxCooldown': 'Longest wait between probes (the cooldown doubles up to it).',
  'alerting.delivery.concurrency': 'Deliveries in flight at once.',
};
for (const [m, words] of Object.entries(THRESHOLD_MEASURES)) {
  for (const level of ['watch', 'warning', 'critical']) ALERTING_DESCRIPTIONS[`alerting.council.thresholds.${m}.${level}`] = `The ${level} level of ${words}.`;
}
for (const a of Object.keys(ANALYSER_WORDS)) {
  ALERTING_DESCRIPTIONS[`alerting.council.weights.${a}`] = `Weight of the ${a} analyser's votes (0 leaves it out).`;
  ALERTING_DESCRIPTIONS[`alerting.council.pin.${a}`] = `Fire drill: pin the ${a} analyser's votes at a level, to check that one faulty analyser alone raises or suppresses nothing.`;
}

export const SERVER_DESCRIPTIONS: Record<string, string> = {
  port: 'HTTP and WebSocket port (0: any free port).',
  bind: 'Listen address.',
  data: 'Data directory: `aura.db` (catalog, tokens, alerts) and `hosts/<id>.db` (one file per host).',
  agentToken: 'An agent token to accept, registered on start. Unset: one is generated on first start and printed once.',
  apiToken: 'An API token to accept, registered on start. Unset: one is generated on first start and printed once.',
  publicUrl: 'URL users and hosts reach the server at: printed, written into `/install.sh`, used in links. Default: the request\'s origin.',
  logLevel: 'Level of the JSON log lines (pino) on stdout.',
  'retention.raw': 'How long raw samples are kept, by event time (the host\'s newest sample).',
  'retention.minute': 'How long 1-minute rollups are kept.',
  'retention.hour': 'How long 1-hour rollups are kept.',
  'store.maxOpenHosts': 'Host files kept open (3 file descriptors each; also bounded by the open-file limit).',
  'agents.interval': 'Sampling interval suggested to agents that were not given one.',
  'agents.maxFrameBytes': 'Largest frame an agent may send; larger ones close the connection with 1009.',
  'agents.helloTimeout': 'Time an agent has to send its hello after connecting.',
  'agents.maxFutureSkew': 'Samples further ahead of the server\'s clock are refused.',
  'rateLimit.perToken.rps': 'Requests per second per API token, sustained.',
  'rateLimit.perToken.burst': 'Requests per API token in a burst.',
  'rateLimit.perAddress.rps': 'Requests per second per client address without a valid token (guessing, floods).',
  'rateLimit.perAddress.burst': 'Burst per client address without a valid token.',
  'analysis.enabled': 'Analyse every host (topology, forecasts, prediction, council) in worker threads.',
  'analysis.workers': 'Analysis worker threads; 0: one less than the cores, at least 1.',
  'analysis.step': 'Event time between two analyses of a host.',
  'analysis.window': 'Event time one analysis window covers.',
  'analysis.maxPoints': 'Most samples in a window: longer windows are thinned evenly (10 minutes of 5 s samples → 60 points at 10 s).',
  'analysis.batch': 'Hosts per job sent to a worker.',
  'analysis.queue': 'Jobs waiting for a worker; past it hosts wait, coalesced, and are analysed on their newest window.',
  'analysis.model': 'The CfC model file (as written by `aura train`). Unset: the shipped `server/models/cfc.json`; `none`: no prediction.',
  channels: 'Alert channels: a list of objects, one of the types below.',
  allowPrivateTargets: 'Allow webhook and channel URLs on private, loopback and link-local addresses.',
  'metrics.public': 'Serve `/metrics` without a token (a scraper on a trusted network). Default: an API token is required.',
  'metrics.maxHosts': 'Hosts whose latest values, risk and decision `/metrics` exports; the others are counted in `aura_metrics_hosts_dropped`.',
  ...ALERTING_DESCRIPTIONS,
  agentDir: 'Directory of the agent files served at `/download` (`aura-agent.cjs`, `aura-agent-linux-<arch>`). Default: this installation\'s `agent/dist`.',
};

export const CHANNEL_DESCRIPTIONS: Record<string, string> = {
  name: 'Name used in alerts and the API.',
  type: 'Channel type.',
  url: 'Incoming-webhook or endpoint URL.',
  routingKey: 'PagerDuty Events API v2 routing key.',
  secret: 'HMAC-SHA256 key for the signature header.',
  enabled: 'false keeps the channel configured but sends nothing.',
  minSeverity: 'The least severe alert the channel receives (`warning` by default; e.g. `critical` for a pager).',
  matchers: 'Only alerts whose labels match all of these (`[{"name":"host","op":"=~","value":"db-.*"}]`; ops `=`, `!=`, `=~`, `!~`).',
};

export const AGENT_DESCRIPTIONS: Record<string, string> = {
  server: 'The server\'s agent endpoint.',
  token: 'Agent token (`--token-file`, `AURA_TOKEN_FILE` or `"tokenFile"` read it from a file; flags show in `ps`).',
  interval: 'Sampling interval, 1s to 1h. Unset: the server\'s suggestion applies.',
  spool: 'Where unacknowledged batches wait. Default: `$STATE_DIRECTORY` (systemd), else `/var/lib/aura-agent` when writable, else `./aura-spool`.',
  spoolMax: 'Spool size cap, at least 64KiB (K/M/G binary, KB/MB/GB decimal); when full the oldest batches go first.',
  batchMax: 'Samples per batch at most.',
  batchDelay: 'Longest a sample waits before its batch is sent.',
  slowEvery: 'Filesystems and connection tables every Nth tick.',
  hostId: 'Host id instead of the one derived from /etc/machine-id.',
  logLevel: 'Level of the JSON log lines on stderr.',
  procPath: 'Where to read the kernel\'s process tables (a container reading its host\'s: `/host/proc`).',
  sysPath: 'Where to read sysfs (`/host/sys` in a container).',
};

type Schema = z.ZodType;

function unwrap(s: Schema): { inner: Schema; def?: unknown; optional: boolean } {
  let inner = s;
  let def: unknown;
  let optional = false;
  for (;;) {
    if (inner instanceof z.ZodDefault) {
      def = inner.def.defaultValue;
      inner = inner.def.innerType as Schema;
    } else if (inner instanceof z.ZodOptional) {
      optional = true;
      inner = inner.def.innerType as Schema;
    } else return def === undefined ? { inner, optional } : { inner, def, optional };
  }
}

/** Bounds of a number schema from its checks, with exclusive ones marked (positive() is "> 0"). */
function bounds(n: z.ZodNumber): { lo?: { v: number; incl: boolean }; hi?: { v: number; incl: boolean } } {
  const out: { lo?: { v: number; incl: boolean }; hi?: { v: number; incl: boolean } } = {};
  for (const c of n.def.checks ?? []) {
    const d = c._zod.def as { check: string; value?: unknown; inclusive?: boolean };
    if (typeof d.value !== 'number' || Math.abs(d.value) >= Number.MAX_SAFE_INTEGER) continue;
    if (d.check === 'greater_than') out.lo = { v: d.value, incl: d.inclusive ?? true };
    if (d.check === 'less_than') out.hi = { v: d.value, incl: d.inclusive ?? true };
  }
  return out;
}

function range(n: z.ZodNumber, fmt: (v: number) => string = String): string {
  const { lo, hi } = bounds(n);
  if (lo && hi && lo.incl && hi.incl) return ` ${fmt(lo.v)}–${fmt(hi.v)}`;
  const parts = [lo && `${lo.incl ? '≥' : '>'} ${fmt(lo.v)}`, hi && `${hi.incl ? '≤' : '<'} ${fmt(hi.v)}`].filter(Boolean);
  return parts.length ? ` ${parts.join(', ')}` : '';
}

/** A schema's accepted values in words, e.g. "integer 0–65535", "duration 1s–1h". */
export function describeType(s: Schema): string {
  if (s === durationMsSchema) return 'duration';
  if (s === bytesSchema) return 'size';
  if (s instanceof z.ZodPipe) {
    if (s.def.in === durationMsSchema && s.def.out instanceof z.ZodNumber) {
      const n = s.def.out;
      return `duration${range(n, (v) => (v === 0 ? '0' : formatDuration(v)))}`;
    }
    // A transform (a duration or size parsed by hand): the caller tells which.
    return s.def.out instanceof z.ZodTransform ? 'value' : describeType(s.def.in as Schema);
  }
  if (s instanceof z.ZodNumber) return `${s.isInt ? 'integer' : 'number'}${range(s)}`;
  if (s instanceof z.ZodURL) return 'URL';
  if (s instanceof z.ZodString) return s.minLength === 1 ? 'non-empty string' : `string${s.minLength ? ` (≥ ${s.minLength} characters)` : ''}`;
  if (s instanceof z.ZodEnum) return `one of ${s.options.map((o) => `\`${String(o)}\``).join(', ')}`;
  if (s instanceof z.ZodLiteral) return `\`${String(s.value)}\``;
  if (s instanceof z.ZodBoolean) return 'boolean';
  if (s instanceof z.ZodArray) return 'list';
  if (s instanceof z.ZodObject) return 'object';
  if (s instanceof z.ZodUnion) return s.options.map((o) => describeType(o as Schema)).join(' or ');
  return 'value';
}

/** A default as a person would write it in the file. */
function formatDefault(s: Schema, v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'number' && (s === durationMsSchema || (s instanceof z.ZodPipe && s.def.in === durationMsSchema))) return `\`${formatDuration(v)}\``;
  if (typeof v === 'number' && s === bytesSchema) {
    for (const [u, f] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) if (v % f === 0) return `\`${v / f}${u}\``;
  }
  return `\`${JSON.stringify(v)}\``;
}

export interface Row {
  key: string;
  type: string;
  def: string;
  env: string;
  flag: string;
  example: string;
}

/** The serve flags, read from its usage line (`--port 8080` → key `port`, `--log-level` → `logLevel`). */
function serveFlags(): Map<string, string> {
  const flags = new Map<string, string>();
  for (const m of SERVE_HELP.split('\n')[0]!.matchAll(/--([a-z-]+)/g)) flags.set(m[1]!.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), `--${m[1]}`);
  return flags;
}

/** Every leaf key of the server schema, depth first, with defaults carried down from parent objects. */
export function serverRows(): Row[] {
  const env = new Map(ENV_KEYS.map(([e, k]) => [k, e]));
  const flags = serveFlags();
  const rows: Row[] = [];
  const walk = (shape: Record<string, Schema>, prefix: string, parentDefault: Record<string, unknown> | undefined) => {
    for (const [name, schema] of Object.entries(shape)) {
      const key = prefix + name;
      const u = unwrap(schema);
      const def = u.def ?? parentDefault?.[name];
      if (u.inner instanceof z.ZodObject) {
        walk(u.inner.shape as Record<string, Schema>, `${key}.`, def as Record<string, unknown> | undefined);
        continue;
      }
      const e = env.get(key);
      rows.push({
        key,
        type: describeType(u.inner),
        def: def === undefined ? (u.optional ? 'unset' : '') : formatDefault(u.inner, def),
        env: e ? `\`${e}\`${['agentToken', 'apiToken'].includes(key) ? `, \`${e}_FILE\`` : ''}` : '',
        flag: flags.has(key) ? `\`${flags.get(key)}\`` : '',
        // The deepest key with an example, as the configuration errors show it.
        example: key.split('.').map((_, i, parts) => EXAMPLES[parts.slice(0, parts.length - i).join('.')]).find((x) => x !== undefined) ?? '',
      });
    }
  };
  walk(serverConfigSchema.shape as unknown as Record<string, Schema>, '', undefined);
  return rows;
}

/** Fields of each channel type. */
export function channelRows(): Array<{ type: string; fields: Array<{ key: string; type: string; required: boolean }> }> {
  return channelSchema.options.map((o) => {
    const shape = o.shape as Record<string, Schema>;
    const type = String((shape.type as z.ZodLiteral).value);
    return {
      type,
      fields: Object.entries(shape)
        .filter(([k]) => k !== 'type')
        .map(([k, s]) => ({ key: k, type: describeType(unwrap(s).inner), required: !unwrap(s).optional })),
    };
  });
}

export function agentRows(): Row[] {
  return Object.entries(AGENT_SETTINGS).map(([key, s]) => {
    const schema = s.schema as Schema;
    let type = describeType(schema);
    // Durations and sizes are transforms: say which by what they accept.
 if (type === 'value') type = schema.safeParse('5s').success ? 'duration' : schema.safeParse('64MiB').success ? 'size' : type;
    const def = (AGENT_DEFAULTS as Record<string, unknown>)[key];
    const isDuration = type === 'duration';
    return {
      key,
      type,
      def: def === undefined ? (key === 'server' || key === 'token' ? 'required' : '') : isDuration && typeof def === 'number' ? `\`${formatDuration(def)}\`` : type === 'size' && typeof def === 'number' ? `\`${def / 1024 / 1024}MiB\`` : `\`${JSON.stringify(def)}\``,
      env: `\`${s.env}\`${key === 'token' ? ', `AURA_TOKEN_FILE`' : ''}`,
      flag: `\`--${s.flag}\`${key === 'token' ? ', `--token-file`' : ''}`,
      example: s.example,
    };
  });
}

const cell = (s: string) => s.replace(/\|/g, '\\|');
/** An example as code, unless it is prose that holds code itself. */
const code = (s: string) => (!s ? '' : s.includes('`') ? cell(s) : `\`${cell(s)}\``);

/** The generated part of docs/configuration.md (between BEGIN and END). */
export function renderConfigReference(): string {
  const out: string[] = [];
  out.push('### Server (`aura serve`, `--config FILE` / `AURA_CONFIG`: JSON or YAML)', '');
  out.push('| file key | accepts | default | env | flag | example | meaning |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of serverRows()) out.push(`| \`${r.key}\` | ${cell(r.type)} | ${cell(r.def)} | ${r.env} | ${r.flag} | ${code(r.example)} | ${cell(SERVER_DESCRIPTIONS[r.key] ?? '')} |`);
  out.push('', 'Also: `--config FILE` / `AURA_CONFIG` (the file itself). Durations are text (`500ms`, `30s`, `5m`, `1h`, `7d`, `2y`, or compound `1h30m`) or a number of seconds; sizes are bytes or text (`512KiB`, `4MiB`, `1GB`).', '');
  out.push('#### `channels[]`', '', '| type | field | accepts | required | meaning |', '| --- | --- | --- | --- | --- |');
  for (const c of channelRows()) {
    out.push(`| \`${c.type}\` | \`type\` | \`"${c.type}"\` | yes | ${CHANNEL_DESCRIPTIONS.type} |`);
    for (const f of c.fields) out.push(`| \`${c.type}\` | \`${f.key}\` | ${cell(f.type)} | ${f.required ? 'yes' : 'no'} | ${cell(CHANNEL_DESCRIPTIONS[f.key] ?? '')} |`);
  }
  out.push('', '### Agent (`aura-agent`, `--config FILE` / `AURA_CONFIG`: JSON)', '');
  out.push('| file key | accepts | default | env | flag | example | meaning |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of agentRows()) out.push(`| \`${r.key}\` | ${cell(r.type)} | ${cell(r.def)} | ${r.env} | ${r.flag} | ${code(r.example)} | ${cell(AGENT_DESCRIPTIONS[r.key] ?? '')} |`);
  out.push('', 'Also: `--once` (print one full sample as JSON and exit), `--config FILE` / `AURA_CONFIG`, `"tokenFile"` in the file, `--help`, `--version`.');
  return `${out.join('\n')}\n`;
}

/** The doc with its generated part replaced. */
export function withReference(doc: string): string {
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error(`docs/configuration.md has no ${BEGIN} … ${END} markers`);
  return `${doc.slice(0, a + BEGIN.length)}\n${renderConfigReference()}${doc.slice(b)}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const doc = readFileSync(DOC, 'utf8');
  const next = process.argv.includes('--check') || process.argv.includes('--write') ? withReference(doc) : doc;
  if (process.argv.includes('--check')) {
    if (next !== doc) {
      process.stderr.write('docs/configuration.md is stale: run pnpm exec tsx scripts/config-reference.ts --write\n');
      process.exit(1);
    }
  } else if (process.argv.includes('--write')) {
    writeFileSync(DOC, next);
    process.stderr.write('docs/configuration.md: reference regenerated\n');
  } else process.stdout.write(renderConfigReference());
}
