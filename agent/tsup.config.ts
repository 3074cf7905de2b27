// One self-contained CommonJS file: copy it to a host with Node >= 18 and run it, no node_modules.
import { readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * zod re-exports all of its ~40 message locales (`z.locales`), 260 KB of the bundle; the agent's
 * messages are English, so the locale index resolves to the English locale alone.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build: { onResolve: (o: { filter: RegExp }, cb: (a: { importer: string }) => { path: string } | undefined) => void }) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${sep}zod${sep}`) ? { path: join(dirname(args.importer), '../locales/en.js') } : undefined,
    );
  },
};

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
  // Everything inside, workspace package included.
  noExternal: [/.*/],
  // ws's optional native helpers: ws falls back to JavaScript when require() cannot find them.
  external: ['bufferutil', 'utf-8-validate'],
  esbuildPlugins: [zodEnglishOnly],
  banner: { js: '#!/usr/bin/env node' },
  define: { __AGENT_VERSION__: JSON.stringify(version) },
});
