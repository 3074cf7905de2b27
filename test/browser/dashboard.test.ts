// The dashboard in headless Chromium against the real server (built CLI) with `aura simulate`
// hosts over real WebSockets: sign in, see every host, keyboard navigation, open one, charts
// updating live, deep links, CSV and PNG export, the topology graph, alerts, themes, escaping,
// no token in URLs or localStorage, and no console errors. Screenshots go to test-results/browser.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helloFrame, batchFrame, TestAgent } from '../../server/src/testing.js';
import { AGENT_TOKEN, API_TOKEN, Proc, SERVER_CLI, api, startServerProc, tempDir, until, type ServerProc } from '../helpers/procs.js';
import { ARTIFACTS, HAS_CHROMIUM, launch, signIn, unexpectedErrors, watchErrors } from './browser.js';

const HOSTS = 12;
const EVIL_HOSTNAME = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
const EVIL_CHANNEL = '<img src=x onerror="window.__xss=3">';

let server: ServerProc;
let sim: Proc;
let evil: TestAgent;
let browser: Browser;
let page: Page;
let errors: Array<{ text: string; url: string }>;

describe.skipIf(!HAS_CHROMIUM)('dashboard in Chromium', () => {
  beforeAll(async () => {
    const data = tempDir('browser');
    const config = join(data, 'aura.json');
    // A channel whose name is markup: shown as text once the channels API lists it.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(config, JSON.stringify({ channels: [{ name: EVIL_CHANNEL, type: 'webhook', url: 'https://hooks.example.com/aura' }] }));
    server = await startServerProc({ data: join(data, 'data'), args: ['--config', config] });
    sim = new Proc('simulate', spawn(process.execPath, [SERVER_CLI, 'simulate', '--server', server.url, '--token', AGENT_TOKEN, '--hosts', String(HOSTS), '--interval', '1s', '--batch', '1'], { stdio: ['ignore', 'pipe', 'pipe'] }));
    // One host whose hostname is markup, over the real agent protocol.
    evil = new TestAgent(`${server.url.replace(/^http/, 'ws')}/v1/agent`, AGENT_TOKEN);
    await evil.opened;
    const hello = helloFrame('evil-1');
    hello.host.hostname = EVIL_HOSTNAME;
    evil.send(hello);
    await evil.expect('welcome');
    evil.send(batchFrame(1, [{ ts: Date.now() - 1000, gauges: { 'mem.used_pct': 50, 'disk./.used_pct': 10 }, counters: {} }]));
    await evil.expect('ack');
    await until('all simulated hosts stored', async () => (await api<{ hosts: Array<{ lastSeen: number | null }> }>(server.url, '/api/v1/hosts')).hosts.filter((h) => h.lastSeen !== null).length === HOSTS + 1);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    errors = watchErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await evil?.close();
    await sim?.kill();
    await server?.kill();
  });

  it('signs in with the API token and shows every host', async () => {
    await page.goto(`${server.url}/`);
    await page.getByLabel('API token').fill('wrong-token-0123456789');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/refused/);
    // The refused sign-in's 401 is the one console error this test causes on purpose.
    expect(errors.map((e) => e.text)).toEqual([expect.stringMatching(/status of 401/)]);
    errors.length = 0;
    await signIn(page, server.url, API_TOKEN);
    await expect.poll(() => page.getByTestId('host-count').textContent(), { timeout: 15_000 }).toBe(String(HOSTS + 1));
    expect(await page.locator('[data-host-id]').count()).toBe(HOSTS + 1);
    await expect.poll(() => page.getByTestId('stream-status').textContent()).toBe('live');
    await page.screenshot({ path: join(ARTIFACTS, 'fleet.png') });
  });

  it('renders markup in hostnames and channel names as text, and runs none of it', async () => {
    expect(await page.locator('[data-host-id="evil-1"] .hostname').textContent()).toBe(EVIL_HOSTNAME);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('keeps the token out of the URL and localStorage (sessionStorage only)', async () => {
    expect(page.url()).not.toContain(API_TOKEN);
    const stores = await page.evaluate(() => ({ local: JSON.stringify({ ...localStorage }), session: JSON.stringify({ ...sessionStorage }) }));
    expect(stores.local).not.toContain(API_TOKEN);
    expect(stores.session).toContain(API_TOKEN);
  });

  it('filters, searches and sorts, with the choice in the URL', async () => {
    await page.getByRole('searchbox').fill('sim-0003');
    await expect.poll(() => page.getByTestId('host-count').textContent()).toBe('1');
    expect(page.url()).toContain('q=sim-0003');
    await page.getByRole('searchbox').fill('');
    await page.getByLabel('Sort by').selectOption('name');
    await expect.poll(() => page.locator('[data-index="0"]').getAttribute('data-host-id')).toBe('evil-1');
    expect(page.url()).toContain('sort=name');
  });

  it('is keyboard-navigable: arrows move between hosts, Enter opens one', async () => {
    await page.locator('[data-index="0"]').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-host-id'))).toBe('sim-0002');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain('#/host/sim-0002');
  });

  it('shows a host with charts that update live from the stream', async () => {
    const cpu = page.getByTestId('chart-cpu');
    await cpu.waitFor({ timeout: 15_000 });
    const before = Number(await cpu.getAttribute('data-points'));
    await expect.poll(async () => Number(await cpu.getAttribute('data-points')), { timeout: 15_000 }).toBeGreaterThan(before + 1);
    expect(await page.getByTestId('host-name').textContent()).toBe('sim-0002.sim.local');
    // Parts whose engines are not merged say what is missing instead of showing invented data.
    expect(await page.getByTestId('missing').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'host.png'), fullPage: true });
  });

  it('exports the host as CSV and a chart as PNG', async () => {
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const text = readFileSync((await csv.path())!, 'utf8');
    const [header, first] = text.split('\n');
    expect(header).toMatch(/^timestamp,.*cpu\.total/);
    expect(Number(first!.split(',')[0])).toBeGreaterThan(1.6e9);
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save CPU % as PNG' }).click()]);
    expect(readFileSync((await png.path())!).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('deep links survive a reload: the URL says which host and range', async () => {
    await page.getByRole('link', { name: '24h' }).click();
    await expect.poll(() => page.url()).toContain('#/host/sim-0002?range=24h');
    await page.reload();
    await page.getByTestId('chart-cpu').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('host-name').textContent()).toBe('sim-0002.sim.local');
    expect(await page.getByRole('link', { name: '24h' }).getAttribute('aria-current')).toBe('true');
  });

  it('draws the fleet topology from established connections; a node opens its host', async () => {
    await page.goto(`${server.url}/#/topology`);
    await expect.poll(() => page.locator('[data-node-id]').count(), { timeout: 15_000 }).toBe(HOSTS + 1);
    expect(await page.locator('line.edge').count()).toBeGreaterThan(HOSTS);
    await page.screenshot({ path: join(ARTIFACTS, 'topology.png') });
    await page.locator('[data-node-id="sim-0005"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain('#/host/sim-0005');
  });

  it('alerts: acknowledge an alert and create a silence (when the alerts API is there), else says what is missing', async () => {
    await page.goto(`${server.url}/#/alerts?state=all`);
    const probe = await fetch(`${server.url}/api/v1/alerts?state=all`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    if (probe.status === 404) {
      await expect.poll(() => page.getByTestId('missing').first().textContent()).toMatch(/no alerts API yet/);
      process.stderr.write('alerts steps (ack, silence, channel test) skipped: this server has no /api/v1/alerts yet\n');
    } else {
      const body = (await probe.json()) as { alerts: Array<{ id: string; state: string; acknowledgedBy: string | null }> };
      const open = body.alerts.find((a) => a.state !== 'resolved' && !a.acknowledgedBy);
      if (open) {
        await page.locator(`[data-alert-id="${open.id}"]`).getByRole('button', { name: 'Acknowledge' }).click();
        await expect.poll(() => page.locator(`[data-alert-id="${open.id}"]`).textContent()).toMatch(/acknowledged by/);
      }
      await page.getByLabel('Host id').fill('sim-0001');
      await page.getByLabel('Comment').fill('browser test');
      await page.getByRole('button', { name: 'Create silence' }).click();
      await expect.poll(() => page.locator('[data-silence-id]').filter({ hasText: 'browser test' }).count()).toBe(1);
      await expect.poll(() => page.locator('.channel-list strong').first().textContent()).toBe(EVIL_CHANNEL);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    }
    await page.screenshot({ path: join(ARTIFACTS, 'alerts.png') });
  });

  it('switches between dark and light themes', async () => {
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    const before = await theme();
    await page.getByRole('button', { name: /Switch to (light|dark) theme/ }).click();
    expect(await theme()).not.toBe(before);
    await page.goto(`${server.url}/#/`);
    await page.locator('[data-host-id]').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, `fleet-${await theme()}.png`) });
  });

  it('logged no console errors (beyond 404s of endpoints other issues are building)', () => {
    expect(unexpectedErrors(errors)).toEqual([]);
  });
});
