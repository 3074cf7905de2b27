#!/usr/bin/env node
// Builds the standalone agent for hosts without Node: a copy of this Node binary with the agent
// bundle injected as a single executable application (Node's SEA, postject). Output:
// agent/dist/aura-agent-linux-<arch>. Run `pnpm run build` first (it makes agent/dist/aura-agent.cjs).
//   node scripts/build-standalone-agent.mjs [--no-strip]
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (msg) => process.stderr.write(`[standalone] ${msg}\n`);
const bundle = join(root, 'agent', 'dist', 'aura-agent.cjs');
const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
if (process.platform !== 'linux' || !arch) {
  say(`the standalone agent is built for Linux x64 or arm64; this is ${process.platform}-${process.arch}`);
  process.exit(1);
}
if (!existsSync(bundle)) {
  say(`${bundle} is missing: run \`pnpm run build\` first`);
  process.exit(1);
}
const out = join(root, 'agent', 'dist', `aura-agent-linux-${arch}`);
const work = mkdtempSync(join(tmpdir(), 'aura-sea-'));
try {
  // The bundle's first line is a shebang: fine for a file, not for the SEA's embedded script.
  // A SEA's require() loads built-in modules only and warns on any other: ws's optional native
  // helpers are switched off by ws's own variables, so it never tries (and never warns).
  const main = join(work, 'main.cjs');
  const source = readFileSync(bundle, 'utf8').replace(/^#!.*\n/, '');
  const prologue = 'process.env.WS_NO_BUFFER_UTIL="1";process.env.WS_NO_UTF_8_VALIDATE="1";';
  writeFileSync(main, source.startsWith('"use strict";') ? `"use strict";${prologue}${source.slice(13)}` : prologue + source);
  const blob = join(work, 'sea-prep.blob');
  const config = join(work, 'sea-config.json');
  // Code cache: V8 compiles the bundle at build time, so start-up skips parsing 280 KB of JS.
  writeFileSync(config, JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true }));
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });

  const exe = join(work, 'aura-agent');
  copyFileSync(process.execPath, exe);
  chmodSync(exe, 0o755);
  // Symbols and debug info are half of some Node builds; the SEA fuse survives stripping.
  if (!process.argv.includes('--no-strip') && spawnSync('strip', ['--version'], { stdio: 'ignore' }).status === 0) {
    execFileSync('strip', ['--strip-all', exe], { stdio: 'ignore' });
  }
  const { inject } = createRequire(import.meta.url)('postject');
  await inject(exe, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2' });
  // Smoke test before it replaces the previous build: it must print its version without Node.
  const v = spawnSync(exe, ['--version'], { encoding: 'utf8', env: {} });
  if (v.status !== 0 || !/^aura-agent \d/.test(v.stdout)) {
    say(`the built binary does not run: exit ${v.status} ${v.stderr}`);
    process.exit(1);
  }
  copyFileSync(exe, `${out}.tmp`);
  chmodSync(`${out}.tmp`, 0o755);
  execFileSync('mv', ['-f', `${out}.tmp`, out]);
  say(`${out}: ${(statSync(out).size / 1024 / 1024).toFixed(1)} MiB (Node ${process.versions.node}, ${v.stdout.trim()})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
