// Everything the analysis says about a host is rendered as text: council summary, evidence,
// recommendations, drivers and feature readings containing HTML and script. The analysis engine
// is another issue's work, so its `analysis.done` event is published on the bus of a real
// in-process server (the same code `aura serve` runs); the dashboard gets it over the real stream.
import type { HostAnalysis } from '@aura/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { API_TOKEN, batchFrame, helloFrame, startTestServer, type TestAgent, type TestServer } from '../../server/src/testing.js';
import { ARTIFACTS, HAS_CHROMIUM, launch, signIn } from './browser.js';

const X = (n: number) => `<img src=x onerror="window.__xss=${n}"><script>window.__xss=${n}</script>`;

let t: TestServer;
let agent: TestAgent;
let browser: Browser;
let page: Page;

describe.skipIf(!HAS_CHROMIUM)('escaping of analysis text', () => {
  beforeAll(async () => {
    t = await startTestServer();
    agent = t.agent();
    await agent.opened;
    agent.send(helloFrame('esc-1'));
    await agent.expect('welcome');
    agent.send(batchFrame(1, [{ ts: Date.now() - 2000, gauges: { 'mem.used_pct': 50 }, counters: {} }]));
    await agent.expect('ack');
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  });
  afterAll(async () => {
    await browser?.close();
    await agent?.close();
    await t?.stop();
  });

  it('shows hostile evidence, summaries and readings as text and runs none of it', async () => {
    await signIn(page, t.server.url, API_TOKEN);
    await page.locator('[data-host-id="esc-1"]').click();
    await page.getByTestId('host-name').waitFor();
    const now = Math.floor(Date.now() / 1000);
    const analysis: HostAnalysis = {
      hostId: 'esc-1',
      ts: now,
      topology: {
        points: 60, metrics: ['mem.used_pct'], from: now - 300, to: now, betti: [1, 1], entropy: [0.5, 0.2], totalPersistence: [1, 0.3], landscape: { l1: [1, 0.1], l2: [1, 0.1] },
        wasserstein: 0.4, drift: { score: 0.4, threshold: 0.3, drifting: true, learned: 20, needed: 20 },
        features: [{ dim: 1, birth: 0.1, death: 0.5, persistence: 0.4, metrics: [X(1)], reading: X(2) }],
      },
      forecasts: [{ metric: X(3), value: 50, threshold: 100, slopePerHour: 1, ttfSeconds: 3600 }],
      prediction: { risk: { '15m': 0.1, '1h': 0.2, '2h': 0.3, '4h': 0.5 }, ttfSeconds: 3600, class: 'memory_leak', classProbability: 0.7, drivers: [{ input: X(4), effect: 0.3 }], recommendation: X(5), model: X(6) },
      council: { ts: now, decision: 'critical', kind: 'memory', summary: X(7), votes: [{ analyser: 'resources', severity: 'critical', confidence: 0.9, kind: X(8), evidence: [X(9), 'plain evidence'], recommendation: X(10) }] },
    };
    t.server.events.emit('analysis.done', analysis);
    await page.getByTestId('council').waitFor({ timeout: 10_000 });
    const text = await page.locator('article.host').textContent();
    for (let n = 1; n <= 10; n++) expect(text, `X(${n}) shown as text`).toContain(X(n));
    expect(await page.locator('article.host img, article.host script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.screenshot({ path: join(ARTIFACTS, 'escaping.png'), fullPage: true });
    // The fleet shows the council's decision from the same event.
    await page.goto(`${t.server.url}/#/`);
    await expect.poll(() => page.locator('[data-host-id="esc-1"] .badge').first().textContent()).toBe('critical');
  });
});
