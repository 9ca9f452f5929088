import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { findChromium } from './chromium';

/** Where the browser suites leave their screenshots (gitignored). */
export const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts', 'dashboard');

/**
 * Chromium (Debian's, or the one the npm package ships: see findChromium),
 * headless, driven by playwright-core (which downloads no browser): a fresh
 * profile every time, nothing fetched from the network.
 */
export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const profile = mkdtempSync(path.join(tmpdir(), 'mpb-chromium-'));
  const browser = await findChromium();
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: browser.executablePath,
    env: { ...process.env, ...browser.env },
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export async function signIn(page: Page, baseUrl: string, key: string): Promise<void> {
  await page.goto(`${baseUrl}/dashboard`);
  await page.waitForURL(/\/dashboard\/sign-in$/);
  await page.fill('#key', key);
  await Promise.all([page.waitForURL(/\/dashboard$/), page.click('button[type=submit]')]);
}
