import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { openTestDatabase, testConfig } from '../helpers/backends.ts';
import { launchChromium, serve, PHONE, screenshotDir, CHROMIUM } from '../helpers/browser.ts';
import { FakeTranscriberSource } from '../helpers/transcriber-double.ts';
import { root } from '../helpers/process.ts';
import { createSystem, type System } from '../../system.ts';
import { createLogger } from '../../lib/logger.ts';

const fixture = (name: string) => path.join(root, 'test/fixtures/media', name);

describe('Voice note and image through the form in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser | undefined;
  let system: System;
  let server: Awaited<ReturnType<typeof serve>>;
  const transcribers = new FakeTranscriberSource();

  before(async function () {
    browser = await launchChromium();
    if (!browser) {
      console.log(`  (Browsertests overgeslagen: Chromium niet gevonden op ${CHROMIUM})`);
      this.skip();
    }
    transcribers.available = true;
    system = await createSystem(testConfig(), createLogger('silent'), 'all', { database: await openTestDatabase('pglite'), transcribers });
    server = await serve(system.app!);
    fs.mkdirSync(screenshotDir, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await system?.worker?.stop(1000);
    await system?.database.close();
  });

  for (const js of [false, true]) {
    it(`uploads both ${js ? 'with' : 'without'} JavaScript, and the receipt page shows the status change after the worker ran`, async () => {
      const context = await browser!.newContext({ viewport: PHONE, javaScriptEnabled: js, locale: 'nl-NL' });
      const page = await context.newPage();
      await page.goto(`${server.url}/vertel`);
      await page.getByLabel('Een jongere').check();
      await page.getByLabel('16 of 17').check();
      await page.locator('#veld-municipality').selectOption('GM0363');
      await page.locator('#veld-audio-file').setInputFiles(fixture('speech.m4a'));
      await page.locator('#veld-image1').setInputFiles(fixture('letter-plain.jpg'));
      await page.locator('#veld-caption1').fill('Mijn brief');
      await page.getByText('Alleen de lezers van Gehoord en de gemeente').click();
      await page.getByRole('button', { name: 'Verstuur mijn verhaal' }).click();
      const receipt = (await page.locator('[data-receipt]').getAttribute('data-receipt'))!;

      const open = async () => {
        await page.goto(`${server.url}/bon`);
        await page.getByLabel('Bon-code').fill(receipt);
        await page.getByRole('button', { name: 'Bekijk mijn verhaal' }).click();
        return page.locator('[data-part-status]').allTextContents();
      };
      expect(await open()).to.deep.equal(['Ontvangen. We gaan je opname uitschrijven.', 'Ontvangen. We gaan kijken of er tekst op staat.']);
      await system.worker!.drain();
      expect(await open()).to.deep.equal(['Uitgeschreven.', 'Bekeken.']);
      await page.screenshot({ path: `${screenshotDir}receipt-media-${js ? 'js' : 'nojs'}.png`, fullPage: true });

      // The sharer's own voice note plays through a signed link that supports range requests.
      const src = (await page.locator('audio').getAttribute('src'))!;
      const ranged = await page.request.get(`${server.url}${src}`, { headers: { Range: 'bytes=0-99' } });
      expect(ranged.status()).to.equal(206);
      expect(ranged.headers()['content-range']).to.match(/^bytes 0-99\/\d+$/);
      const forged = await page.request.get(`${server.url}${src.replace(/sig=[^&]+/, 'sig=nep')}`);
      expect(forged.status()).to.equal(404);
      await context.close();
    });
  }
});
