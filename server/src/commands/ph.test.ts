// The ph command in-process: output formats, options, and one-line errors with exit code 2.
import { describe, expect, it } from 'vitest';
import { phCommand } from './ph.js';

async function run(args: string[], files: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await phCommand(args, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readFile: async (p) => {
      if (!(p in files)) throw new Error(`ENOENT: no such file or directory, open '${p}'`);
      return files[p]!;
    },
  });
  return { code, stdout, stderr };
}

const square = '0,0\n1,0\n1,1\n0,1\n';

describe('aura ph', () => {
  it('prints the diagrams as JSON, essential deaths as null', async () => {
    const { code, stdout, stderr } = await run(['sq.csv'], { 'sq.csv': square });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual({ dimensions: [[[0, 1], [0, 1], [0, 1], [0, null]], [[1, Math.SQRT2]]] });
  });

  it("prints Ripser's text format", async () => {
    const { stdout } = await run(['sq.csv', '--format', 'ripser'], { 'sq.csv': square });
    expect(stdout).toBe('persistence intervals in dim 0:\n [0,1)\n [0,1)\n [0,1)\n [0, )\npersistence intervals in dim 1:\n [1,1.41421)\n');
  });

  it('honours --dim and --threshold, and skips a header, blank lines and CRLF', async () => {
    const { stdout } = await run(['p.csv', '--dim=0', '--threshold', '0.5'], { 'p.csv': 'x,y\r\n0,0\r\n\r\n3,4\r\n' });
    expect(JSON.parse(stdout)).toEqual({ dimensions: [[[0, null], [0, null]]] });
  });

  it('reads distance matrices, full or lower-triangular', async () => {
    const expected = { dimensions: [[[0, 1], [0, 1], [0, null]], []] };
    const full = await run(['d.csv', '--distance-matrix'], { 'd.csv': '0,1,2\n1,0,1\n2,1,0\n' });
    expect(JSON.parse(full.stdout)).toEqual(expected);
    const lower = await run(['d.csv', '--distance-matrix'], { 'd.csv': '\n1\n2,1\n' });
    expect(JSON.parse(lower.stdout)).toEqual(expected);
  });

  it.each([
    ['ragged rows', { 'f.csv': '0,0\n1,0\n1\n' }, ['f.csv'], 'f.csv: row 3 has 1 value, expected 2 like row 1'],
    ['NaN', { 'f.csv': '0,0\n1,NaN\n' }, ['f.csv'], 'f.csv: row 2, column 2: "NaN" is not a number'],
    ['an empty field', { 'f.csv': '0,0\n1,\n' }, ['f.csv'], 'f.csv: row 2, column 2: empty field'],
    ['a huge number', { 'f.csv': '0,0\n1,1e999\n' }, ['f.csv'], 'f.csv: row 2, column 2: "1e999" is not a finite number'],
    ['an empty file', { 'f.csv': '' }, ['f.csv'], 'f.csv: empty file (no numeric rows)'],
    ['a header only', { 'f.csv': 'x,y\n' }, ['f.csv'], 'f.csv: empty file (no numeric rows)'],
    ['an unreadable file', {}, ['f.csv'], "cannot read f.csv: ENOENT: no such file or directory, open 'f.csv'"],
    ['no file', {}, [], 'missing FILE'],
    ['a bad --dim', { 'f.csv': square }, ['f.csv', '--dim', 'two'], '--dim must be 0, 1, 2 or 3, got "two"'],
    ['a bad --threshold', { 'f.csv': square }, ['f.csv', '--threshold', '-1'], '--threshold must be a number ≥ 0'],
    ['a bad --format', { 'f.csv': square }, ['f.csv', '--format', 'csv'], '--format must be json or ripser'],
    ['an unknown option', { 'f.csv': square }, ['f.csv', '--fast'], 'unknown option --fast'],
    ['a malformed matrix', { 'f.csv': '0,1\n1\n5,5,5\n' }, ['f.csv', '--distance-matrix'], 'a distance matrix needs'],
  ])('rejects %s with one line and exit code 2', async (_what, files, args, message) => {
    const { code, stdout, stderr } = await run(args, files);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.startsWith('aura ph: ')).toBe(true);
    expect(stderr).toContain(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('prints help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('aura ph FILE.csv');
  });
});
