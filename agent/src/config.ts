/**
 * The agent's one config module: defaults < JSON file (--config / AURA_CONFIG) < env < flags,
 * validated with zod. A bad value is reported as one line naming where it came from (the flag,
 * the variable or the file key) with an example of a good one; the caller exits 2. Secrets can
 * come from a file (AURA_TOKEN_FILE, --token-file). No other module reads the environment.
 */
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MAX_BATCH_SAMPLES, hostIdSchema, parseDuration } from '@aura/protocol';
import { z } from 'zod';

export class AgentConfigError extends Error {
  override name = 'AgentConfigError';
}

const duration = (minMs: number, maxMs: number) =>
  z.union([z.string(), z.number()]).transform((v, ctx) => {
    const ms = parseDuration(v);
    if (ms === undefined || ms < minMs || ms > maxMs) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a duration from ${minMs / 1000}s to ${maxMs / 1000}s` });
      return z.NEVER;
    }
    return Math.round(ms);
  });

/** K, M, G are binary (as systemd's MemoryMax=); KB, MB, GB decimal. */
const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kib: 1024, kb: 1000, m: 1024 ** 2, mib: 1024 ** 2, mb: 1e6, g: 1024 ** 3, gib: 1024 ** 3, gb: 1e9 };
const MIN_SPOOL_BYTES = 64 * 1024;
const bytes = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(String(v).trim());
  const n = m && UNITS[m[2]!.toLowerCase()] !== undefined ? Math.floor(Number(m[1]) * UNITS[m[2]!.toLowerCase()]!) : NaN;
  if (!(n >= MIN_SPOOL_BYTES)) {
    ctx.addIssue({ code: 'custom', message: `"${v}" is not a size of at least 64KiB` });
    return z.NEVER;
  }
  return n;
});

const wsUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return (u.protocol === 'ws:' || u.protocol === 'wss:') && u.hostname !== '';
  } catch {
    return false;
  }
}, 'must be a ws:// or wss:// URL');

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Every setting: its schema, flag, variable and an example, in one table (also read by scripts/config-reference.ts). */
export const SETTINGS = {
  server: { schema: wsUrl, flag: 'server', env: 'AURA_SERVER', example: 'ws://monitor.example.com:8080' },
  // The token travels in an HTTP header: printable ASCII only, or the upgrade request cannot be built.
  token: { schema: z.string().min(16, 'tokens are at least 16 characters').regex(/^[\x21-\x7e]+$/, 'tokens are printable ASCII without spaces'), flag: 'token', env: 'AURA_TOKEN', example: 'T' },
  interval: { schema: duration(1000, 3_600_000), flag: 'interval', env: 'AURA_INTERVAL', example: '5s' },
  spool: { schema: z.string().min(1), flag: 'spool', env: 'AURA_SPOOL', example: '/var/lib/aura-agent' },
  spoolMax: { schema: bytes, flag: 'spool-max', env: 'AURA_SPOOL_MAX', example: '64MiB' },
  batchMax: { schema: integer(1, MAX_BATCH_SAMPLES), flag: 'batch-max', env: 'AURA_BATCH_MAX', example: '12' },
  batchDelay: { schema: duration(0, 3_600_000), flag: 'batch-delay', env: 'AURA_BATCH_DELAY', example: '10s' },
  slowEvery: { schema: integer(1, 1000), flag: 'slow-every', env: 'AURA_SLOW_EVERY', example: '6' },
  hostId: { schema: hostIdSchema, flag: 'host-id', env: 'AURA_HOST_ID', example: 'web-01' },
  logLevel: { schema: z.enum(['debug', 'info', 'warn', 'error']), flag: 'log-level', env: 'AURA_LOG_LEVEL', example: 'info' },
  procPath: { schema: z.string().min(1), flag: 'proc-path', env: 'AURA_PROC_PATH', example: '/host/proc' },
  sysPath: { schema: z.string().min(1), flag: 'sys-path', env: 'AURA_SYS_PATH', example: '/host/sys' },
} as const;
type Key = keyof typeof SETTINGS;
/** Tokens are best given as a file: flags show in `ps` to every user. */
const TOKEN_EXAMPLE = 'AURA_TOKEN_FILE=/etc/aura/agent-token';
const KEYS = Object.keys(SETTINGS) as Key[];

export const DEFAULTS: Partial<Record<Key, unknown>> = { interval: 5000, spoolMax: 64 * 1024 ** 2, batchMax: 12, batchDelay: 10_000, slowEvery: 6, logLevel: 'info', procPath: '/proc', sysPath: '/sys' };

export type AgentConfig = { [K in Exclude<Key, 'hostId'>]: z.output<(typeof SETTINGS)[K]['schema']> } & {
  hostId?: z.output<typeof hostIdSchema>;
  once: boolean;
  /** The operator chose the interval; the server's suggestion is then not applied. */
  intervalExplicit: boolean;
};

/** Where a value came from, as the operator wrote it. */
interface Picked {
  value: unknown;
  label: string;
  example: string;
}

/** Default spool: systemd's StateDirectory, else /var/lib/aura-agent when writable (or creatable), else ./aura-spool. */
export function defaultSpoolDir(env: NodeJS.ProcessEnv): string {
  if (env.STATE_DIRECTORY) return env.STATE_DIRECTORY.split(':')[0]!;
  const dir = '/var/lib/aura-agent';
  try {
    accessSync(existsSync(dir) ? dir : '/var/lib', constants.W_OK);
    return dir;
  } catch {
    return './aura-spool';
  }
}

function readJsonFile(file: string): Record<string, unknown> {
  if (/\.ya?ml$/i.test(file)) throw new AgentConfigError(`config file ${file}: the agent reads JSON only (same keys, e.g. {"server":"ws://monitor:8080","interval":"5s"})`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AgentConfigError(`config file ${file}: ${(err as Error).message.split('\n')[0]} (expected JSON, e.g. {"server":"ws://monitor:8080"})`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new AgentConfigError(`config file ${file}: the top level must be a JSON object`);
  return data as Record<string, unknown>;
}

function readSecret(path: string, label: string): string {
  try {
    const s = readFileSync(path, 'utf8').trim();
    if (s) return s;
  } catch (err) {
    throw new AgentConfigError(`${label}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  throw new AgentConfigError(`${label}: ${path} is empty`);
}

/** The token of one layer: the value itself or a file holding it, not both. */
function tokenOf(value: unknown, file: unknown, labels: [string, string]): { value: unknown; label: string } | undefined {
  if (value !== undefined && file !== undefined) throw new AgentConfigError(`${labels[0]} and ${labels[1]}: set one of them, not both`);
  if (file !== undefined) return { value: readSecret(String(file), labels[1]), label: labels[1] };
  return value === undefined ? undefined : { value, label: labels[0] };
}

/**
 * Read the configuration. Throws AgentConfigError with a one-line message.
 * @example loadAgentConfig(['--server', 'ws://monitor:8080'], { AURA_TOKEN_FILE: '/etc/aura/token' })
 */
export function loadAgentConfig(argv: string[], env: NodeJS.ProcessEnv): AgentConfig {
  const options: Record<string, { type: 'string' | 'boolean' }> = { config: { type: 'string' }, 'token-file': { type: 'string' }, once: { type: 'boolean' } };
  for (const k of KEYS) options[SETTINGS[k].flag] = { type: 'string' };
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values as typeof flags;
  } catch (err) {
    throw new AgentConfigError(`${(err as Error).message.split('\n')[0]} (see --help)`);
  }
  const configFile = (flags.config as string | undefined) ?? (env.AURA_CONFIG || undefined);
  const file = configFile ? readJsonFile(configFile) : {};
  const known = new Set<string>([...KEYS, 'tokenFile']);
  const unknown = Object.keys(file).find((k) => !known.has(k));
  if (unknown) throw new AgentConfigError(`config file ${configFile}: unknown key "${unknown}" (known: ${[...known].join(', ')})`);

  const picked = new Map<Key, Picked>();
  for (const k of KEYS) {
    const s = SETTINGS[k];
    const layers: Array<Picked | undefined> = [
      flags[s.flag] !== undefined ? { value: flags[s.flag], label: `--${s.flag}`, example: `--${s.flag} ${s.example}` } : undefined,
      env[s.env] ? { value: env[s.env], label: s.env, example: `${s.env}=${s.example}` } : undefined,
      file[k] !== undefined ? { value: file[k], label: `"${k}" in ${configFile}`, example: `"${k}": ${JSON.stringify(s.example)}` } : undefined,
    ];
    if (k === 'token') {
      const ex = TOKEN_EXAMPLE;
      const t = [
        tokenOf(flags.token, flags['token-file'], ['--token', '--token-file']),
        tokenOf(env.AURA_TOKEN || undefined, env.AURA_TOKEN_FILE || undefined, ['AURA_TOKEN', 'AURA_TOKEN_FILE']),
        tokenOf(file.token, file.tokenFile, [`"token" in ${configFile}`, `"tokenFile" in ${configFile}`]),
      ];
      layers.splice(0, 3, ...t.map((x) => x && { ...x, example: ex }));
    }
    const p = layers.find((l) => l !== undefined);
    if (p) picked.set(k, p);
  }

  const once = flags.once === true;
  const out: Record<string, unknown> = { once, intervalExplicit: picked.has('interval') };
  for (const k of KEYS) {
    const p = picked.get(k);
    const s = SETTINGS[k];
    if (!p) {
      if (k === 'spool') out[k] = defaultSpoolDir(env);
      else if (DEFAULTS[k] !== undefined) out[k] = DEFAULTS[k];
      else if ((k === 'server' || k === 'token') && !once) {
        const how = k === 'token' ? `set AURA_TOKEN or AURA_TOKEN_FILE (example: ${TOKEN_EXAMPLE})` : `set ${s.env} (example: --${s.flag} ${s.example})`;
        throw new AgentConfigError(`${k} is required: pass --${s.flag}, or ${how}`);
      }
      continue;
    }
    const r = s.schema.safeParse(p.value);
    if (!r.success) throw new AgentConfigError(`${p.label}: ${r.error.issues[0]?.message ?? 'invalid value'} (example: ${p.example})`);
    out[k] = r.data;
  }
  return out as AgentConfig;
}

export const HELP = `aura-agent: samples this host and streams it to an AURA server

Usage: aura-agent --server ws://HOST:PORT --token T [options]
       aura-agent --once            print one full sample as JSON and exit

  --server URL         ws:// or wss:// address of the server        AURA_SERVER
  --token T            agent token (prefer the file form: ps shows  AURA_TOKEN
  --token-file FILE    flags to every user)                         AURA_TOKEN_FILE
  --interval 5s        sampling interval (1s to 1h)                 AURA_INTERVAL
  --spool DIR          where unacknowledged batches wait            AURA_SPOOL
                       (default: $STATE_DIRECTORY, else /var/lib/aura-agent
                       when writable, else ./aura-spool)
  --spool-max 64MiB    spool size cap; the oldest batches go first  AURA_SPOOL_MAX
  --batch-max 12       samples per batch at most                    AURA_BATCH_MAX
  --batch-delay 10s    longest a sample waits before it is sent     AURA_BATCH_DELAY
  --slow-every 6       filesystems and connection tables every Nth tick
  --host-id ID         host id instead of the one from the machine id  AURA_HOST_ID
  --log-level info     debug, info, warn or error (JSON lines on stderr)  AURA_LOG_LEVEL
  --proc-path /proc    --sys-path /sys   where to read the kernel's tables
  --config FILE        JSON file with the same keys in camelCase    AURA_CONFIG
                       (e.g. {"server":"ws://monitor:8080","interval":"5s","tokenFile":"/etc/aura/token"})
  --version, --help

Precedence: flags > environment > config file > defaults. Exit codes: 0 ok, 2 bad configuration,
3 the server does not accept this agent's protocol version (upgrade one of them).
`;
