/**
 * The server's one config module: defaults < file (--config / AURA_CONFIG, JSON or YAML) < env <
 * flags, validated by one zod schema. Secrets can come from files (`AURA_AGENT_TOKEN_FILE`).
 * No other module reads process.env.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { EXAMPLES, serverConfigSchema, type ServerConfig } from './schema.js';

export { serverConfigSchema, type ServerConfig } from './schema.js';

/** A configuration problem, reported as one line naming the key; the CLI exits 2 on it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Json = Record<string, unknown>;

/** Environment variables and the keys they set (exported for the configuration reference). */
export const ENV_KEYS: Array<[env: string, key: string]> = [
  ['AURA_PORT', 'port'],
  ['AURA_BIND', 'bind'],
  ['AURA_DATA', 'data'],
  ['AURA_AGENT_TOKEN', 'agentToken'],
  ['AURA_API_TOKEN', 'apiToken'],
  ['AURA_PUBLIC_URL', 'publicUrl'],
  ['AURA_LOG_LEVEL', 'logLevel'],
  ['AURA_AGENT_DIR', 'agentDir'],
];

function readSecretFile(env: string, path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new ConfigError(`${env}_FILE: cannot read ${path}: ${(err as Error).message}`);
  }
}

function readConfigFile(path: string): Json {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`config file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    const parsed: unknown = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the top level must be an object');
    return parsed as Json;
  } catch (err) {
    throw new ConfigError(`config file ${path}: not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML/JSON'}: ${(err as Error).message.split('\n')[0]}`);
  }
}

function setPath(obj: Json, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Json;
  cur[parts.at(-1)!] = value;
}

/** The keys the schema accepts in the object at `path` (for "unknown key" errors). */
function knownKeys(path: readonly PropertyKey[]): string[] {
  const unwrap = (t: z.ZodType): z.ZodType => (t instanceof z.ZodDefault || t instanceof z.ZodOptional ? unwrap(t.unwrap() as z.ZodType) : t);
  let t = unwrap(serverConfigSchema);
  for (const p of path) {
    if (!(t instanceof z.ZodObject)) return [];
    t = unwrap((t.shape as Record<string, z.ZodType>)[String(p)]!);
  }
  return t instanceof z.ZodObject ? Object.keys(t.shape) : [];
}

/** One line for the first problem: `retention.raw: "7x" is not a duration … (example: 7d)`. */
export function describeConfigError(err: z.ZodError, origin: string): string {
  const issue = err.issues[0]!;
  const key = issue.path.join('.');
  // The example of the deepest key that has one (`rateLimit.perToken.rps` → `rateLimit.perToken`).
  let example: string | undefined;
  for (let n = issue.path.length; n > 0 && example === undefined; n--) example = EXAMPLES[issue.path.slice(0, n).join('.')];
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(issue.path);
    const msg = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    return `invalid configuration${origin ? ` (${origin})` : ''}: ${key || '(top level)'}: ${msg}${known.length ? ` (known keys: ${known.join(', ')})` : ''}`;
  }
  return `invalid configuration${origin ? ` (${origin})` : ''}: ${key || '(top level)'}: ${issue.message}${example ? ` (example: ${example})` : ''}`;
}

/**
 * Build the configuration from flag values (already parsed), the environment and the file.
 * @example loadServerConfig({ port: '9090' }, process.env)
 */
export function loadServerConfig(flags: Record<string, unknown>, env: NodeJS.ProcessEnv): ServerConfig {
  const file = (flags.config as string | undefined) ?? env.AURA_CONFIG;
  const merged: Json = file ? readConfigFile(file) : {};
  for (const [name, key] of ENV_KEYS) {
    const fileVar = env[`${name}_FILE`];
    if (fileVar) setPath(merged, key, readSecretFile(name, fileVar));
    else if (env[name] !== undefined && env[name] !== '') setPath(merged, key, env[name]);
  }
  for (const [key, value] of Object.entries(flags)) if (key !== 'config' && value !== undefined) setPath(merged, key, value);
  const parsed = serverConfigSchema.safeParse(merged);
  if (!parsed.success) throw new ConfigError(describeConfigError(parsed.error, file ?? ''));
  return parsed.data;
}
