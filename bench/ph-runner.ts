/**
 * Stand-alone `aura ph` for the benchmark: the same command module without the rest of the
 * CLI. Synchronous file calls keep Node from loading its stream machinery, which would cost
 * more start-up time than the smaller clouds take to compute.
 */
import { readFileSync, writeSync } from 'node:fs';
import { phCommand } from '../server/src/commands/ph.js';

phCommand(process.argv.slice(2), {
  stdout: (s) => void writeSync(1, s),
  stderr: (s) => void writeSync(2, s),
  readFile: async (p) => readFileSync(p, 'utf8'),
}).then((code) => {
  process.exitCode = code;
});
