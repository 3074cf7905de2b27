#!/usr/bin/env node
// The dashboard's JavaScript budget: every .js file the server ships, gzipped at level 9 (what a
// compressing proxy would send), summed, against 200 KB. Exits 1 over budget. Run after the build.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 200 * 1000;
const dir = fileURLToPath(new URL('../dashboard/dist/assets', import.meta.url));
let files;
try {
  files = readdirSync(dir).filter((f) => f.endsWith('.js') || f.endsWith('.css'));
} catch {
  process.stderr.write('dashboard/dist is missing: run `pnpm run build` first\n');
  process.exit(2);
}
let js = 0;
for (const f of files) {
  const raw = readFileSync(join(dir, f));
  const gz = gzipSync(raw, { level: 9 }).length;
  if (f.endsWith('.js')) js += gz;
  process.stdout.write(`${f}\t${raw.length} B raw\t${gz} B gzipped\n`);
}
const ratio = js / BUDGET_BYTES;
process.stdout.write(`JavaScript shipped: ${(js / 1000).toFixed(1)} KB gzipped; budget ${BUDGET_BYTES / 1000} KB; ratio ${ratio.toFixed(2)} (${ratio <= 1 ? 'within' : 'OVER'} budget)\n`);
process.exit(ratio <= 1 ? 0 : 1);
