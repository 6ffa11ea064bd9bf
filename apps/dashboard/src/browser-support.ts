/**
 * Driving Debian's Chromium with playwright-core for the browser tests (no browser download is possible here).
 * Tests skip, saying why, only when /usr/bin/chromium is missing; CI installs it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { TEST_TOKEN } from './test-server.js';

export const CHROMIUM_PATH = process.env.CELLSWEEP_CHROMIUM ?? '/usr/bin/chromium';

/** A reason to skip, or false when Chromium is there. */
export const chromiumMissing: string | false = existsSync(CHROMIUM_PATH)
  ? false
  : `Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (browser tests skipped)`;

/** The repository's gitignored artifacts/ folder (dist/x.js -> apps/dashboard/dist -> repo root). */
export function artifactsDir(): string {
  const dir = fileURLToPath(new URL('../../../artifacts/dashboard/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Opens the dashboard, which answers with the sign-in form, and signs in with the token. */
export async function signIn(page: Page, baseUrl: string, token = TEST_TOKEN): Promise<void> {
  const response = await page.goto(`${baseUrl}/`);
  if (response?.status() !== 401) throw new Error(`expected the sign-in page with 401, got ${response?.status()}`);
  await page.fill('#token', token);
  await Promise.all([page.waitForURL(`${baseUrl}/`), page.click('button[type=submit]')]);
}
