#!/usr/bin/env node
// Builds the dashboard into dist/: one hashed JS and one hashed CSS file (esbuild), the favicon,
// and an index.html that only references them (no inline script or style: the CSP forbids both).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'assets'), { recursive: true });

const result = await build({
  entryPoints: { app: join(root, 'src/main.tsx') },
  bundle: true,
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  minify: true,
  sourcemap: true,
  outdir: join(dist, 'assets'),
  entryNames: '[name]-[hash]',
  metafile: true,
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx/dom',
  // The zod-free part of the protocol: zod would triple the bundle and the browser validates nothing with it.
  alias: { '@aura/protocol': join(root, 'src/lib/protocol-browser.ts') },
  legalComments: 'none',
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
const js = outputs.find((f) => f.endsWith('.js'));
const css = outputs.find((f) => f.endsWith('.css'));
if (!js || !css) throw new Error(`build produced no ${js ? 'CSS' : 'JS'} file: ${outputs.join(', ')}`);
const icon = 'favicon.svg';
copyFileSync(join(root, 'src', icon), join(dist, 'assets', icon));
writeFileSync(
  join(dist, 'index.html'),
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>AURA</title>
<link rel="icon" href="/assets/${icon}" type="image/svg+xml">
<link rel="stylesheet" href="/assets/${css}">
<script type="module" src="/assets/${js}"></script>
</head>
<body>
<div id="app"></div>
<noscript>The AURA dashboard needs JavaScript. The API is at /api/v1.</noscript>
</body>
</html>
`,
);
const size = (f) => readFileSync(join(dist, 'assets', f)).length;
process.stderr.write(`[dashboard] dist/assets/${js} ${(size(js) / 1024).toFixed(1)} KiB, ${css} ${(size(css) / 1024).toFixed(1)} KiB\n`);
