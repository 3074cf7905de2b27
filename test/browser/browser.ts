/** Headless Debian Chromium driven by playwright-core (never a downloaded browser), and screenshots kept as artifacts. */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { ROOT } from '../helpers/procs.js';

export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM) process.stderr.write(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium, or node scripts/setup.mjs --test as root)\n`);

/** Screenshots and measurements of the browser tests (kept by CI as artifacts). */
export const ARTIFACTS = join(ROOT, 'test-results/browser');

export async function launch(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
}

/** Console errors and uncaught exceptions of a page, with the URL that caused each. */
export function watchErrors(page: Page): Array<{ text: string; url: string }> {
  const errors: Array<{ text: string; url: string }> = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push({ text: m.text(), url: m.location().url });
  });
  page.on('pageerror', (e) => errors.push({ text: `uncaught: ${e.message}`, url: '' }));
  return errors;
}

export async function signIn(page: Page, base: string, token: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
