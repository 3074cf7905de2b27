/** `aura simulate --server URL --token T --hosts N [--scenario NAME] [--speed X]` */
import { parseArgs } from 'node:util';
import { SCENARIOS, type ScenarioName } from '@aura/analysis/scenarios';
import { parseDuration, parseTime } from '@aura/protocol';
import { DEFAULT_FAILURE_AFTER_MS } from '../simulate/fleet.js';
import { runSimulation } from '../simulate/index.js';
import { UsageError, type CommandIo } from './io.js';

export const SIMULATE_HELP = `aura simulate --server URL --token T --hosts N [--scenario ${SCENARIOS.join('|')}] [--speed X]
    [--failure-after 4h] [--failing 1] [--abrupt] [--interval 5s] [--batch 2] [--start TIME] [--duration 10m]
    [--prefix sim] [--warmup 30s] [--deflate on|off]
  env: AURA_SERVER, AURA_TOKEN (or AURA_AGENT_TOKEN)`;

function positive(name: string, text: string | undefined, fallback: number, integer = false): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new UsageError(`--${name}: "${text}" is not a positive ${integer ? 'integer' : 'number'} (example: --${name} ${fallback})`);
  return n;
}

function parseOnOff(v: string | undefined): boolean {
  if (v === undefined || v === 'on') return true;
  if (v === 'off') return false;
  throw new UsageError(`--deflate: "${v}" is not on or off (example: --deflate off)`);
}

export async function simulateCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      server: { type: 'string' },
      token: { type: 'string' },
      hosts: { type: 'string' },
      scenario: { type: 'string' },
      speed: { type: 'string' },
      interval: { type: 'string' },
      batch: { type: 'string' },
      start: { type: 'string' },
      duration: { type: 'string' },
      prefix: { type: 'string' },
      'status-every': { type: 'string' },
      warmup: { type: 'string' },
      deflate: { type: 'string' },
      'failure-after': { type: 'string' },
      failing: { type: 'string' },
      abrupt: { type: 'boolean' },
    },
    strict: true,
  });
  const server = values.server ?? io.env.AURA_SERVER;
  const token = values.token ?? io.env.AURA_TOKEN ?? io.env.AURA_AGENT_TOKEN;
  if (!server || !/^(ws|http)s?:\/\//.test(server)) throw new UsageError('--server: give the server URL (example: --server http://127.0.0.1:8080)');
  if (!token) throw new UsageError('--token: give an agent token (example: --token "$AURA_AGENT_TOKEN")');
  const scenario = (values.scenario ?? 'healthy') as ScenarioName;
  if (!SCENARIOS.includes(scenario)) throw new UsageError(`--scenario: unknown scenario "${values.scenario}" (known: ${SCENARIOS.join(', ')})`);
  const intervalMs = parseDuration(values.interval ?? '5s');
  if (intervalMs === undefined || intervalMs < 100) throw new UsageError(`--interval: "${values.interval}" is not a duration of at least 100ms (example: --interval 5s)`);
  const durationMs = values.duration === undefined ? undefined : parseDuration(values.duration);
  if (values.duration !== undefined && durationMs === undefined) throw new UsageError(`--duration: "${values.duration}" is not a duration (example: --duration 10m)`);
  const speed = positive('speed', values.speed, 1);
  const failureAfterMs = values['failure-after'] === undefined ? DEFAULT_FAILURE_AFTER_MS : parseDuration(values['failure-after']);
  if (failureAfterMs === undefined || failureAfterMs < 60_000 || failureAfterMs > 5 * 86_400_000) throw new UsageError(`--failure-after: "${values['failure-after']}" is not a duration between 1m and 5d (example: --failure-after 2h)`);
  const failing = positive('failing', values.failing, 1, true);
  // Event time runs ahead from the past and never passes the wall clock, so start far enough back
  // for the precursors, the failure and a few hours of recovery to play out compressed.
  const lookbackMs = speed > 1 ? Math.max(86_400_000, failureAfterMs + 6 * 3600_000) : 0;
  const startMs = values.start === undefined ? Date.now() - lookbackMs : parseTime(values.start);
  if (startMs === undefined) throw new UsageError(`--start: "${values.start}" is not a time (example: --start 2026-01-01T00:00:00Z)`);
  const prefix = values.prefix ?? 'sim';
  if (!/^[a-z0-9][a-z0-9-]{0,40}$/i.test(prefix)) throw new UsageError(`--prefix: "${prefix}" must be letters, digits and "-" (example: --prefix sim)`);
  const ac = new AbortController();
  process.once('SIGINT', () => ac.abort());
  process.once('SIGTERM', () => ac.abort());
  const final = await runSimulation(
    {
      server,
      token,
      hosts: positive('hosts', values.hosts, 10, true),
      scenario,
      speed,
      intervalMs,
      batch: positive('batch', values.batch, 2, true),
      deflate: parseOnOff(values.deflate),
      startMs,
      durationMs,
      prefix,
      statusEveryMs: parseDuration(values['status-every'] ?? '5s') ?? 5000,
      warmupMs: values.warmup === undefined ? 0 : parseDuration(values.warmup),
      failureAfterMs,
      failing,
      abrupt: values.abrupt ?? false,
      print: (line) => io.stdout(line + '\n'),
    },
    ac.signal,
  );
  io.stdout(JSON.stringify({ final: true, ...final }) + '\n');
  return 0;
}
