import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

// One self-contained CommonJS file: copy it to a host with Node >= 18 and run it, no node_modules.
// ws's optional native helpers stay external: ws falls back to JavaScript when they are absent.
export default defineConfig({
  entry: { 'aura-agent': 'src/cli.ts' },
  format: ['cjs'],
  outExtension: () => ({ js: '.cjs' }),
  target: 'node18',
  platform: 'node',
  outDir: 'dist',
  clean: true,
  minify: true,
  sourcemap: false,
  noExternal: [/.*/],
  external: ['bufferutil', 'utf-8-validate'],
  banner: { js: '#!/usr/bin/env node' },
  define: { __AGENT_VERSION__: JSON.stringify(version) },
});
