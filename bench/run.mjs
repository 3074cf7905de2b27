#!/usr/bin/env node
// `npm run bench -- NAME [args]`: runs bench/NAME.ts with tsx; without a name, lists them.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const names = readdirSync(here).filter((f) => f.endsWith('.ts') && !['lib.ts', 'ph-runner.ts', 'window-data.ts'].includes(f)).map((f) => f.slice(0, -3));
const [name, ...args] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  process.stderr.write(`${name ? `unknown benchmark "${name}"; ` : ''}benchmarks: ${names.join(', ')}\nusage: npm run bench -- NAME [args]\n`);
  process.exit(name ? 2 : 0);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, `${name}.ts`), ...args], { stdio: 'inherit', cwd: join(here, '..') });
process.exit(r.status ?? 1);
