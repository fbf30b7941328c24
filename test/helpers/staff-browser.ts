import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { openTestDatabase, testConfig } from './backends.ts';
import { launchChromium, serve, screenshotDir, CHROMIUM } from './browser.ts';
import { FakeTranscriberSource } from './transcriber-double.ts';
import { createStaff, PASSWORD } from './staff.ts';
import { createSystem, type System } from '../../system.ts';
import { createLogger } from '../../lib/logger.ts';

export interface StaffBrowser { browser: Browser; system: System; url: string; email: string; close(): Promise<void> }

/**
 * Chromium, a whole system on PGlite (speech recognition by the named test double) served over
 * HTTP, and one reviewer account. Undefined when Chromium is missing: the caller skips, saying why.
 */
export async function startStaffBrowser(): Promise<StaffBrowser | undefined> {
  const browser = await launchChromium();
  if (!browser) {
    console.log(`  (Browsertests overgeslagen: Chromium niet gevonden op ${CHROMIUM})`);
    return undefined;
  }
  const system = await createSystem(testConfig(), createLogger('silent'), 'all', { database: await openTestDatabase('pglite'), transcribers: new FakeTranscriberSource() });
  const server = await serve(system.app!);
  const email = await createStaff(system, 'reviewer');
  fs.mkdirSync(screenshotDir, { recursive: true });
  return {
    browser, system, url: server.url, email,
    async close() {
      await browser.close();
      await server.close();
      await system.worker?.stop(1000);
      await system.database.close();
    },
  };
}

/** Signs in through the real form and waits for the workspace. */
export async function signInAsReviewer(page: Page, s: Pick<StaffBrowser, 'url' | 'email'>, from = '/login'): Promise<void> {
  await page.goto(`${s.url}${from}`);
  await page.getByLabel('E-mailadres').fill(s.email);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(/\/review/);
}
