import { cpSync, existsSync } from 'node:fs';
import { defineConfig } from 'tsup';

// The CLI and server in one ESM bundle; workspace packages are inlined, npm dependencies stay
// external (better-sqlite3 is native and must load from node_modules).
export default defineConfig({
  entry: { cli: 'src/cli.ts', 'analysis.worker': 'src/analysis/analysis.worker.ts', 'suite-worker': 'src/training/suite-worker.ts', 'cfc-train.worker': 'src/analysis/cfc-train.worker.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  splitting: true,
  noExternal: [/^@aura\//],
  // The built dashboard travels with the bundle (server/dist/dashboard), so a packaged install
  // serves it without the workspace; build the dashboard first (the root build script does).
  onSuccess: async () => {
    if (existsSync('../dashboard/dist/index.html')) cpSync('../dashboard/dist', 'dist/dashboard', { recursive: true });
  },
});
