// First meaningful paint of the fleet view with 1,000 simulated hosts (`aura simulate --hosts
// 1000` against the real server), measured in Chromium: from the sign-in submit, and from a page
// load already signed in, to the frame after the first host rows are rendered. Also: all 1,000
// counted, the virtualised list renders only what is in view, and scrolls to the end. The figures
// go to test-results/browser/fleet-paint.json and are recorded in docs/benchmarks.md.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_TOKEN, API_TOKEN, Proc, SERVER_CLI, api, startServerProc, tempDir, until, type ServerProc } from '../helpers/procs.js';
import { ARTIFACTS, HAS_CHROMIUM, launch, signIn } from './browser.js';

const HOSTS = 1000;
let server: ServerProc;
let sim: Proc;
let browser: Browser;

describe.skipIf(!HAS_CHROMIUM)(`fleet view with ${HOSTS} hosts`, () => {
  beforeAll(async () => {
    server = await startServerProc({ data: tempDir('paint') });
    sim = new Proc('simulate', spawn(process.execPath, [SERVER_CLI, 'simulate', '--server', server.url, '--token', AGENT_TOKEN, '--hosts', String(HOSTS), '--interval', '5s'], { stdio: ['ignore', 'pipe', 'pipe'] }));
    await until(`${HOSTS} hosts with samples`, async () => (await api<{ hosts: Array<{ lastSeen: number | null }> }>(server.url, '/api/v1/hosts')).hosts.filter((h) => h.lastSeen !== null).length === HOSTS, 180_000, 1000);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.kill();
    await server?.kill();
  });

  it('paints the first host rows within a second, counts them all, and scrolls to the last', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const measure = () =>
      page.evaluate(async () => {
        const wait = () => new Promise<void>((ok) => (performance.getEntriesByName('aura:fleet-rendered').length ? ok() : setTimeout(() => ok(wait()), 10)));
        await wait();
        const rendered = performance.getEntriesByName('aura:fleet-rendered')[0]!.startTime;
        const signIn = performance.getEntriesByName('aura:sign-in')[0]?.startTime;
        return { sinceSignIn: signIn === undefined ? null : rendered - signIn, sinceNavigation: rendered };
      });
    // Cold: the sign-in form, then the snapshot of 1,000 hosts over the stream.
    await signIn(page, server.url, API_TOKEN);
    const cold = await measure();
    await expect.poll(() => page.getByTestId('host-count').textContent(), { timeout: 30_000 }).toBe(String(HOSTS));
    // Warm: a reload with the token already in this tab's sessionStorage.
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.reload();
      runs.push((await measure()).sinceNavigation);
    }
    runs.sort((a, b) => a - b);
    const rows = await page.locator('[data-host-id]').count();
    expect(rows).toBeGreaterThan(10);
    expect(rows).toBeLessThan(100); // virtualised: only the rows in view (and a few either side)
    await page.locator('.fleet-list').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(() => page.locator(`[data-index="${HOSTS - 1}"]`).count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'fleet-1000.png') });
    const result = { hosts: HOSTS, coldFromSignInMs: cold.sinceSignIn, coldFromNavigationMs: cold.sinceNavigation, reloadFromNavigationMs: { median: runs[2], min: runs[0], max: runs[4] }, renderedRows: rows };
    writeFileSync(join(ARTIFACTS, 'fleet-paint.json'), JSON.stringify(result, null, 2));
    process.stderr.write(`fleet first meaningful paint: ${JSON.stringify(result)}\n`);
    // The target; the figure is recorded in docs/benchmarks.md with the machine's load.
    expect(runs[2]).toBeLessThanOrEqual(1000);
  });
});
