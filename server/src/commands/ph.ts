/** `aura ph`: persistence diagrams of a point cloud (or a distance matrix) read from a CSV file. */
import { tda } from '@aura/analysis';

export const PH_HELP = `aura ph FILE.csv [--dim D] [--threshold T] [--format json|ripser] [--distance-matrix]
    Vietoris–Rips persistent homology (Z/2 coefficients), dimensions 0..D (default 1).
    FILE: one point per line, comma-separated coordinates; a first line without any
    number (e.g. "x,y,z") is a header and is skipped; blank lines are ignored.
    --distance-matrix: FILE is a full n×n distance matrix, or its strict lower triangle
    (line i holds i values; the empty first line may be left out), like Ripser's formats.
    --threshold T: largest simplex diameter (default: none; Ripser's enclosing-radius cut).
    --format json (default): {"dimensions":[[[birth,death],...],...]}, death null if essential.
    --format ripser: Ripser's text ("persistence intervals in dim 0:" then " [0,1.2)" lines).`;

export interface PhIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readFile: (path: string) => Promise<string>;
}

interface PhArgs {
  file: string;
  dim: number;
  threshold: number | undefined;
  format: 'json' | 'ripser';
  distanceMatrix: boolean;
}

/** A bad invocation or bad input: printed as one line, exit code 2. */
class PhInputError extends Error {}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Runs `aura ph` and returns the exit code: 0, or 2 with one error line on stderr for a bad
 * invocation or input (unreadable or empty file, ragged rows, a field that is not a finite number).
 *
 * @example
 * await phCommand(['cloud.csv', '--dim', '1'], { stdout, stderr, readFile: (p) => fs.readFile(p, 'utf8') });
 */
export async function phCommand(args: string[], io: PhIo): Promise<number> {
  try {
    const options = parseArgs(args);
    if (!options) {
      io.stdout(`${PH_HELP}\n`);
      return 0;
    }
    let text: string;
    try {
      text = await io.readFile(options.file);
    } catch (err) {
      throw new PhInputError(`cannot read ${options.file}: ${(err as Error).message}`);
    }
    const rows = parseRows(text, options.file);
    const ripsOptions = { maxDim: options.dim, threshold: options.threshold };
    const result = options.distanceMatrix
      ? tda.ripsPersistenceOfDistances(toDistanceRows(rows, options.file), ripsOptions)
      : tda.ripsPersistence(toPoints(rows, options.file), ripsOptions);
    io.stdout(options.format === 'json' ? `${JSON.stringify(result)}\n` : formatRipser(result));
    return 0;
  } catch (err) {
    if (!(err instanceof PhInputError || err instanceof RangeError)) throw err;
    io.stderr(`aura ph: ${err.message}\n`);
    return 2;
  }
}

function parseArgs(args: string[]): PhArgs | null {
  const out: PhArgs = { file: '', dim: 1, threshold: undefined, format: 'json', distanceMatrix: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new PhInputError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--help' || flag === '-h') return null;
    else if (flag === '--dim') {
      const v = value();
      out.dim = Number(v);
      if (!/^\d+$/.test(v) || out.dim > 3) throw new PhInputError(`--dim must be 0, 1, 2 or 3, got "${v}"`);
    } else if (flag === '--threshold') {
      const v = value();
      out.threshold = /^\+?inf(inity)?$/i.test(v) ? Infinity : Number(v);
      if (!(NUMBER.test(v) || out.threshold === Infinity) || out.threshold < 0) {
        throw new PhInputError(`--threshold must be a number ≥ 0 (or inf), got "${v}"`);
      }
    } else if (flag === '--format') {
      const v = value();
      if (v !== 'json' && v !== 'ripser') throw new PhInputError(`--format must be json or ripser, got "${v}"`);
      out.format = v;
    } else if (flag === '--distance-matrix') out.distanceMatrix = true;
    else if (flag.startsWith('-') && flag !== '-') throw new PhInputError(`unknown option ${flag} (see aura ph --help)`);
    else if (out.file) throw new PhInputError(`one FILE expected, got "${out.file}" and "${arg}"`);
    else out.file = arg;
  }
  if (!out.file) throw new PhInputError('missing FILE (usage: aura ph FILE.csv [--dim D] [--threshold T] [--format json|ripser])');
  return out;
}

interface Row {
  line: number;
  values: number[];
}

/** Numeric rows with their line numbers; skips blank lines and a header line without numbers. */
function parseRows(text: string, file: string): Row[] {
  const rows: Row[] = [];
  const lines = text.split('\n');
  let first = true;
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l]!.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const fields = line.split(',').map((f) => f.trim());
    if (first && fields.every((f) => !NUMBER.test(f))) {
      first = false;
      continue;
    }
    first = false;
    const values = fields.map((f, c) => {
      if (!NUMBER.test(f)) throw new PhInputError(`${file}: row ${l + 1}, column ${c + 1}: ${f === '' ? 'empty field' : `"${f}" is not a number`}`);
      const v = Number(f);
      if (!Number.isFinite(v)) throw new PhInputError(`${file}: row ${l + 1}, column ${c + 1}: "${f}" is not a finite number`);
      return v;
    });
    rows.push({ line: l + 1, values });
  }
  if (rows.length === 0) throw new PhInputError(`${file}: empty file (no numeric rows)`);
  return rows;
}

function toPoints(rows: Row[], file: string): number[][] {
  const width = rows[0]!.values.length;
  for (const row of rows) {
    if (row.values.length !== width) {
      throw new PhInputError(`${file}: row ${row.line} has ${row.values.length} value${row.values.length === 1 ? "" : "s"}, expected ${width} like row ${rows[0]!.line}`);
    }
  }
  return rows.map((r) => r.values);
}

function toDistanceRows(rows: Row[], file: string): number[][] {
  const n = rows.length;
  if (rows.every((r) => r.values.length === n)) return rows.map((r) => r.values);
  // A strict lower triangle: line i has i values, the empty line 0 being skipped as blank.
  const offset = rows[0]!.values.length - 1;
  for (let i = 0; i < n; i++) {
    if (rows[i]!.values.length !== i + 1 + offset || offset !== 0) {
      throw new PhInputError(
        `${file}: row ${rows[i]!.line} has ${rows[i]!.values.length} values; a distance matrix needs ${n} per row (full) or ${i + 1} (strict lower triangle)`,
      );
    }
  }
  return [[], ...rows.map((r) => r.values)];
}

/** Ripser's output: its section headers and " [birth,death)" lines, numbers in C++'s default %g form. */
function formatRipser(result: tda.PersistenceDiagrams): string {
  let out = '';
  result.dimensions.forEach((pairs, dim) => {
    out += `persistence intervals in dim ${dim}:\n`;
    for (const [birth, death] of pairs) out += ` [${formatG(birth)},${death === Infinity ? ' ' : formatG(death)})\n`;
  });
  return out;
}

/** Six significant digits, trailing zeros dropped, exponent form below 1e-4 or from 1e6: printf's %g. */
function formatG(x: number): string {
  if (x === 0) return '0';
  const [mantissa, exponent] = x.toExponential(5).split('e') as [string, string];
  const e = Number(exponent);
  const strip = (s: string) => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);
  if (e < -4 || e >= 6) return `${strip(mantissa)}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return strip(x.toFixed(5 - e));
}
