// hono/jsx/dom can run one effect body more than once before cleaning up (a component that
// renders twice before the next animation frame: dashboard/src/lib/effect.ts). The dashboard's
// useSafeEffect runs each body once per change and cleans every run up; checked in Chromium with
// the page in fixtures/effects-page.tsx, built with the dashboard's esbuild.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launch } from './browser.js';

/** The dashboard's own esbuild (a dev dependency of dashboard/, not of the root). */
const { build } = createRequire(new URL('../../dashboard/package.json', import.meta.url))('esbuild') as {
  build(o: Record<string, unknown>): Promise<{ outputFiles: Array<{ text: string }> }>;
};

describe.skipIf(!HAS_CHROMIUM)('effects in hono/jsx/dom', () => {
  it('useSafeEffect: one live run at a time, none left after unmount, while the parent re-renders', async () => {
    const out = await build({
      entryPoints: [fileURLToPath(new URL('./fixtures/effects-page.tsx', import.meta.url))],
      bundle: true,
      write: false,
      format: 'iife',
      jsx: 'automatic',
      jsxImportSource: 'hono/jsx/dom',
      nodePaths: [fileURLToPath(new URL('../../dashboard/node_modules', import.meta.url))],
      logLevel: 'error',
    });
    const browser = await launch();
    try {
      const results: Array<Record<string, { runs: number; alive: number }>> = [];
      for (let round = 0; round < 5; round++) {
        const page = await browser.newPage();
        await page.setContent('<div id="app"></div>');
        await page.addScriptTag({ content: out.outputFiles[0]!.text });
        await page.waitForFunction(() => (window as unknown as { effectsDone?: boolean }).effectsDone === true);
        results.push(await page.evaluate(() => (window as unknown as { effects: Record<string, { runs: number; alive: number }> }).effects));
        await page.close();
      }
      for (const r of results) {
        expect(r.safe!.runs, JSON.stringify(r)).toBeGreaterThanOrEqual(1);
        expect(r.safe!.alive, JSON.stringify(r)).toBe(0);
      }
      // The renderer's own behaviour, for the record: when hono stops leaking, the workaround can go.
      const leaked = results.filter((r) => r.raw!.alive > 0).length;
      process.stderr.write(`hono useEffect left runs alive after unmount in ${leaked} of ${results.length} rounds: ${JSON.stringify(results.map((r) => r.raw))}\n`);
    } finally {
      await browser.close();
    }
  });
});
