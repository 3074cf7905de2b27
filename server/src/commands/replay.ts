/** `aura replay FILE.csv`: the whole analysis over a recorded trace, one JSON line per analysed step. */
import { parseArgs } from 'node:util';
import { parseDuration } from '@aura/protocol';
import { loadModelFile, shippedModelPath } from '../analysis/model-file.js';
import { createPredictor, type Predictor } from '../analysis/predictor.js';
import { replayTrace, unusedColumns } from '../replay/index.js';
import { TraceError, parseTraceCsv } from '../replay/csv.js';
import { UsageError, type CommandIo } from './io.js';

export const REPLAY_HELP = `aura replay FILE.csv [--step 1m] [--window 10m] [--points 60] [--cores N] [--model FILE|none]
    FILE: header "timestamp,<metric>,…" (DESIGN.md's metric names), timestamps in unix seconds
    (or ms, or ISO 8601), any subset of metric columns, empty cells for missing values.
    Prints one JSON line per analysed step: {"ts","risk","anomaly","ttfSeconds","class","council",…}.
    --model: the CfC model file (default: the shipped one; none: no prediction).`;

export interface ReplayIo extends CommandIo {
  readFile: (path: string) => Promise<string>;
}

function duration(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const ms = parseDuration(text);
  if (ms === undefined || ms < 1000) throw new UsageError(`--${name}: "${text}" is not a duration of at least 1s (example: --${name} ${fallback / 60_000}m)`);
  return ms;
}

export async function replayCommand(args: string[], io: ReplayIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { step: { type: 'string' }, window: { type: 'string' }, points: { type: 'string' }, cores: { type: 'string' }, model: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    io.stdout(`${REPLAY_HELP}\n`);
    return 0;
  }
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('give one trace file (example: aura replay trace.csv)');
  const points = values.points === undefined ? 60 : Number(values.points);
  if (!Number.isInteger(points) || points < 20 || points > 400) throw new UsageError(`--points: "${values.points}" is not an integer from 20 to 400 (example: --points 60)`);
  const cores = values.cores === undefined ? undefined : Number(values.cores);
  if (cores !== undefined && !(Number.isInteger(cores) && cores > 0)) throw new UsageError(`--cores: "${values.cores}" is not a positive integer (example: --cores 8)`);
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (err) {
    io.stderr(`aura replay: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
    return 2;
  }
  let trace;
  try {
    trace = parseTraceCsv(text, file);
  } catch (err) {
    if (!(err instanceof TraceError)) throw err;
    io.stderr(`aura replay: ${err.message}\n`);
    return 2;
  }
  for (const w of trace.warnings) io.stderr(`aura replay: warning: ${w}\n`);
  const unused = unusedColumns(trace.columns);
  if (unused.length) io.stderr(`aura replay: warning: ${unused.length} column(s) not used by the analysis, ignored: ${unused.slice(0, 10).join(', ')}${unused.length > 10 ? ', …' : ''}\n`);
  if (unused.length === trace.columns.length) {
    io.stderr(`aura replay: ${file}: no column the analysis uses (e.g. cpu.total, mem.used_pct, disk./.used_pct, net.eth0.rx_bps)\n`);
    return 2;
  }
  let predictor: Predictor | null = null;
  if (values.model !== 'none') {
    const path = values.model ?? shippedModelPath();
    try {
      predictor = await createPredictor(loadModelFile(path));
    } catch (err) {
      io.stderr(`aura replay: ${(err as Error).message}\n`);
      return 2;
    }
  }
  let out = '';
  try {
    await replayTrace(trace, { stepMs: duration('step', values.step, 60_000), windowMs: duration('window', values.window, 600_000), maxPoints: points, cores, predictor }, (line) => {
      out += `${JSON.stringify(line)}\n`;
      if (out.length > 1 << 16) {
        io.stdout(out);
        out = '';
      }
    });
  } finally {
    await predictor?.close();
  }
  io.stdout(out);
  return 0;
}
