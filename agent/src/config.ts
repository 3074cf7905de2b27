/**
 * The agent's one config module: defaults < file (--config / AURA_CONFIG, JSON) < env < flags,
 * validated with zod. A bad value prints one line naming the key with an example; exit code 2.
 * Secrets can come from a file (AURA_TOKEN_FILE). No other module reads process.env.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { hostIdSchema, parseDuration } from '@aura/protocol';
import { z } from 'zod';

export class AgentConfigError extends Error {
  override name = 'AgentConfigError';
}

const duration = (min: number) =>
  z.union([z.string(), z.number()]).transform((v, ctx) => {
    const ms = parseDuration(v);
    if (ms === undefined || ms < min) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a duration of at least ${min / 1000}s` });
      return z.NEVER;
    }
    return ms;
  });

const bytes = z.union([z.number().int().positive(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'number') return v;
  const m = /^(\d+)\s*(B|KiB|MiB|GiB)?$/i.exec(v.trim());
  if (!m) {
    ctx.addIssue({ code: 'custom', message: `"${v}" is not a size` });
    return z.NEVER;
  }
  return Number(m[1]) * ({ b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase()] ?? 1);
});

export const agentConfigSchema = z
  .object({
    server: z.string().regex(/^wss?:\/\/[^\s/]+/, 'must be a ws:// or wss:// URL'),
    token: z.string().min(16, 'tokens are at least 16 characters'),
    interval: duration(1000).default(5000),
    spool: z.string().min(1),
    spoolMax: bytes.default(64 * 1024 * 1024),
    batchMax: z.coerce.number().int().min(1).max(720).default(12),
    batchDelay: duration(0).default(10_000),
    /** Slow collectors (filesystems, connections) run every N ticks. */
    slowEvery: z.coerce.number().int().min(1).max(1000).default(6),
    hostId: hostIdSchema.optional(),
    procPath: z.string().default('/proc'),
    sysPath: z.string().default('/sys'),
    logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    once: z.boolean().default(false),
  })
  .strict();

/** `intervalExplicit`: the operator chose the interval, so the server's suggestion is not applied. */
export type AgentConfig = z.output<typeof agentConfigSchema> & { intervalExplicit: boolean };

const EXAMPLES: Record<string, string> = {
  server: 'ws://monitor.example.com:8080',
  token: 'the agent token printed by `aura serve`',
  interval: '5s',
  spool: '/var/lib/aura-agent',
  spoolMax: '64MiB',
  batchMax: '12',
  batchDelay: '10s',
  slowEvery: '6',
  hostId: 'web-01',
  logLevel: 'info',
};

export const HELP = `aura-agent: samples this host and streams it to an AURA server

  --server URL        ws://HOST:PORT of the server            (AURA_SERVER)
  --token T           agent token                             (AURA_TOKEN, AURA_TOKEN_FILE)
  --interval 5s       sampling interval                       (AURA_INTERVAL)
  --spool DIR         where unacknowledged batches wait       (AURA_SPOOL)
  --spool-max 64MiB   spool size cap; oldest batches go first (AURA_SPOOL_MAX)
  --batch-max 12      samples per batch at most
  --batch-delay 10s   longest a sample waits before it is sent
  --host-id ID        override the id derived from /etc/machine-id (AURA_HOST_ID)
  --config FILE       JSON file with the same keys (camelCase) (AURA_CONFIG)
  --log-level info    debug, info, warn, error                (AURA_LOG_LEVEL)
  --once              print one full sample as JSON and exit
  --version, --help
`;

/** Default spool: systemd's StateDirectory, else /var/lib/aura-agent when writable, else ./aura-spool. */
function defaultSpool(env: NodeJS.ProcessEnv): string {
  if (env.STATE_DIRECTORY) return env.STATE_DIRECTORY.split(':')[0]!;
  try {
    accessSync('/var/lib/aura-agent', constants.W_OK);
    return '/var/lib/aura-agent';
  } catch {
    return './aura-spool';
  }
}

export function loadAgentConfig(argv: string[], env: NodeJS.ProcessEnv): AgentConfig {
  let parsedArgs;
  try {
    parsedArgs = parseArgs({
      args: argv,
      strict: true,
      options: {
        server: { type: 'string' }, token: { type: 'string' }, interval: { type: 'string' }, spool: { type: 'string' },
        'spool-max': { type: 'string' }, 'batch-max': { type: 'string' }, 'batch-delay': { type: 'string' },
        'slow-every': { type: 'string' }, 'host-id': { type: 'string' }, config: { type: 'string' },
        'log-level': { type: 'string' }, 'proc-path': { type: 'string' }, 'sys-path': { type: 'string' }, once: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new AgentConfigError((err as Error).message);
  }
  const f = parsedArgs.values;
  const file = f.config ?? env.AURA_CONFIG;
  let merged: Record<string, unknown> = {};
  if (file) {
    try {
      merged = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new AgentConfigError(`config file ${file}: ${(err as Error).message.split('\n')[0]} (the agent reads JSON, e.g. {"server":"ws://monitor:8080"})`);
    }
    if (!merged || typeof merged !== 'object' || Array.isArray(merged)) throw new AgentConfigError(`config file ${file}: the top level must be a JSON object`);
  }
  let tokenFromFile: string | undefined;
  if (env.AURA_TOKEN_FILE) {
    try {
      tokenFromFile = readFileSync(env.AURA_TOKEN_FILE, 'utf8').trim();
    } catch (err) {
      throw new AgentConfigError(`AURA_TOKEN_FILE: cannot read ${env.AURA_TOKEN_FILE}: ${(err as Error).message}`);
    }
  }
  const layers: Record<string, unknown> = {
    server: f.server ?? env.AURA_SERVER,
    token: f.token ?? tokenFromFile ?? env.AURA_TOKEN,
    interval: f.interval ?? env.AURA_INTERVAL,
    spool: f.spool ?? env.AURA_SPOOL,
    spoolMax: f['spool-max'] ?? env.AURA_SPOOL_MAX,
    batchMax: f['batch-max'],
    batchDelay: f['batch-delay'],
    slowEvery: f['slow-every'],
    hostId: f['host-id'] ?? env.AURA_HOST_ID,
    logLevel: f['log-level'] ?? env.AURA_LOG_LEVEL,
    procPath: f['proc-path'],
    sysPath: f['sys-path'],
    once: f.once,
  };
  for (const [k, v] of Object.entries(layers)) if (v !== undefined && v !== '') merged[k] = v;
  merged.spool ??= defaultSpool(env);
  if (merged.once) {
    // --once needs no server: fill placeholders so only what it uses is checked.
    merged.server ??= 'ws://localhost:8080';
    merged.token ??= 'unused-for-once-0000';
  }
  const r = agentConfigSchema.safeParse(merged);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const key = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys[0] : '') || '(top level)';
    const what = issue.code === 'unrecognized_keys' ? `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    const example = EXAMPLES[key];
    throw new AgentConfigError(`invalid configuration: ${key}: ${what}${example ? ` (example: ${example})` : ''}`);
  }
  return { ...r.data, intervalExplicit: merged.interval !== undefined };
}
