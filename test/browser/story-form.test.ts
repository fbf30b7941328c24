import { expect } from 'chai';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { testSystem } from '../helpers/backends.ts';
import { launchChromium, serve, PHONE, DESKTOP, screenshotDir, CHROMIUM } from '../helpers/browser.ts';
import type { System } from '../../system.ts';

describe('Story form in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser | undefined;
  let system: System;
  let server: Awaited<ReturnType<typeof serve>>;

  before(async function () {
    browser = await launchChromium();
    if (!browser) {
      console.log(`  (Browsertests overgeslagen: Chromium niet gevonden op ${CHROMIUM}; installeer met: apt-get install chromium)`);
      this.skip();
    }
    system = await testSystem('pglite');
    server = await serve(system.app!);
    fs.mkdirSync(screenshotDir, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await system?.database.close();
  });

  async function newPage(viewport: { width: number; height: number }, javaScriptEnabled: boolean): Promise<Page> {
    const context = await browser!.newContext({ viewport, javaScriptEnabled, locale: 'nl-NL' });
    return context.newPage();
  }

  async function fillStory(page: Page, text: string) {
    await page.getByLabel('Een ouder').check();
    await page.getByLabel('12 tot 16').check();
    await page.locator('#veld-municipality').selectOption('GM0344');
    await page.locator('#veld-text').fill(text);
    await page.getByRole('radio', { name: 'Goed', exact: true }).check({ force: true });
    await page.getByText('Ook de zorgaanbieder, zonder mijn naam').click();
  }

  async function receiptOf(page: Page): Promise<string> {
    return (await page.locator('[data-receipt]').getAttribute('data-receipt'))!;
  }

  for (const [name, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
    for (const js of [true, false]) {
      it(`submits a story ${js ? 'with' : 'without'} JavaScript on ${name} and opens it with the receipt`, async () => {
        const page = await newPage(viewport, js);
        await page.goto(`${server.url}/vertel`);
        await page.screenshot({ path: `${screenshotDir}form-${name}-${js ? 'js' : 'nojs'}.png`, fullPage: true });
        await fillStory(page, `Verhaal via ${name}, ${js ? 'met' : 'zonder'} JavaScript. De hulp kwam te laat.`);
        await page.getByRole('button', { name: 'Verstuur mijn verhaal' }).click();
        expect(await page.getByRole('heading', { level: 1 }).textContent()).to.include('Je verhaal is ontvangen');
        const receipt = await receiptOf(page);
        expect(receipt).to.match(/^[a-z]+ [a-z]+ [a-z]+ [a-z]+ \d{2}$/);
        expect(await page.locator('[data-receipt-actions]').isVisible()).to.equal(js);
        await page.screenshot({ path: `${screenshotDir}receipt-${name}-${js ? 'js' : 'nojs'}.png`, fullPage: true });

        // Horizontal scrolling on a phone is a bug.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).to.be.at.most(0);

        await page.goto(`${server.url}/bon`);
        await page.getByLabel('Bon-code').fill(receipt.replace(/ /g, '-'));
        await page.getByRole('button', { name: 'Bekijk mijn verhaal' }).click();
        expect(await page.locator('.story-text').first().textContent()).to.include(`Verhaal via ${name}`);
        await page.getByLabel('Wat wil je nog vertellen?').fill('Een week later: nog steeds niets gehoord.');
        await page.getByRole('button', { name: 'Voeg toe' }).click();
        expect(await page.getByRole('status').textContent()).to.include('Je aanvulling is toegevoegd');
        await page.screenshot({ path: `${screenshotDir}receipt-page-${name}-${js ? 'js' : 'nojs'}.png`, fullPage: true });
        await page.getByRole('button', { name: 'Haal mijn verhaal weg' }).click();
        await page.getByRole('button', { name: 'Ja, haal mijn verhaal weg' }).click();
        expect(await page.getByRole('heading', { level: 1 }).textContent()).to.equal('Je verhaal is verwijderd');
        await page.context().close();
      });
    }
  }

  it('shows a validation summary that links to the fields and keeps the story', async () => {
    const page = await newPage(PHONE, true);
    await page.goto(`${server.url}/vertel`);
    await page.locator('#veld-text').fill('Alleen mijn verhaal, verder niets ingevuld.');
    await page.getByRole('button', { name: 'Verstuur mijn verhaal' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).to.equal(true);
    const links = await summary.locator('a').allTextContents();
    expect(links).to.include('Kies wie je bent.');
    expect(links).to.include('Kies wie je verhaal mag lezen.');
    expect(await page.locator('#veld-text').inputValue()).to.equal('Alleen mijn verhaal, verder niets ingevuld.');
    await page.screenshot({ path: `${screenshotDir}form-errors-phone.png`, fullPage: true });
    await summary.getByRole('link', { name: 'Kies je gemeente.' }).click();
    expect(page.url()).to.include('#veld-municipality');
    await page.context().close();
  });

  it('can be completed with the keyboard alone', async () => {
    const page = await newPage(DESKTOP, true);
    await page.goto(`${server.url}/vertel`);
    // The submit button has no name; call it "submit" here.
    const focusedName = () => page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      return el?.type === 'submit' ? 'submit' : el?.name ?? '';
    });
    // Tab to the first radio of each group and pick with the arrow keys, as a keyboard user does.
    const tabTo = async (name: string) => {
      for (let i = 0; i < 60 && (await focusedName()) !== name; i++) await page.keyboard.press('Tab');
      expect(await focusedName()).to.equal(name);
    };
    await tabTo('role');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown'); // parent
    await tabTo('ageBand');
    await page.keyboard.press('ArrowRight');
    await tabTo('municipality');
    await page.keyboard.type('Utrecht');
    await tabTo('text');
    await page.keyboard.type('Met alleen het toetsenbord ingevuld.');
    await tabTo('consent');
    await page.keyboard.press('Space');
    await tabTo('submit');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Je verhaal is ontvangen/ }).waitFor();
    const row = await system.database.db.selectFrom('narratives').select(['sharer_role', 'municipality_code', 'consent'])
      .where('text', '=', 'Met alleen het toetsenbord ingevuld.').executeTakeFirstOrThrow();
    expect(row).to.deep.equal({ sharer_role: 'parent', municipality_code: 'GM0344', consent: 'reviewers' });
    await page.context().close();
  });

  it('shows the help lines and the child mode', async () => {
    const page = await newPage(PHONE, true);
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Ik loop vast / ik voel me niet veilig' }).click();
    expect(await page.locator('.helpline__phone').allTextContents()).to.include.members(['112', '113', '0800-0432']);
    await page.screenshot({ path: `${screenshotDir}help-phone.png`, fullPage: true });
    await page.goto(`${server.url}/vertel?kind=1`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).to.equal('Vertel het ons');
    await page.screenshot({ path: `${screenshotDir}form-child-phone.png`, fullPage: true });
    await page.context().close();
  });
});
