import { defineConfig } from 'tsup';

// The CLI and server in one ESM bundle; workspace packages are inlined, npm dependencies stay
// external (better-sqlite3 is native and must load from node_modules).
export default defineConfig({
  entry: { cli: 'src/cli.ts', 'analysis.worker': 'src/analysis/analysis.worker.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  splitting: true,
  noExternal: [/^@aura\//],
});
