import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DESKTOP, PHONE, screenshotDir } from '../helpers/browser.ts';
import { startStaffBrowser, type StaffBrowser } from '../helpers/staff-browser.ts';
import { createStaff, PASSWORD, totpCode } from '../helpers/staff.ts';
import { UTRECHT } from '../helpers/fixtures.ts';
import { upsertProvider } from '../../models/providers.ts';
import { membershipsOf } from '../../models/themes.ts';
import { reclusterThemes } from '../../workers/jobs/recluster-themes.ts';
import { createThemeEngine } from '../../workers/jobs/theme-engine.ts';
import { EVAL_STORIES, insertStories, prepareReferenceData } from '../models/theme-fixtures.ts';

/**
 * The whole loop across roles in one browser: a family shares a story with provider consent → a
 * reviewer sees it in a theme → the municipality opens a follow-up → the provider responds and
 * marks it done → the family sees the response on the receipt page and answers "better" → the
 * municipality confirms.
 */
describe('Accountability loop in Chromium', function () {
  this.timeout(240_000);
  let env: StaffBrowser | undefined;

  before(async function () {
    env = await startStaffBrowser();
    if (!env) this.skip();
  });
  after(async () => env?.close());

  async function signIn(browser: Browser, url: string, email: string, secret?: { value?: string }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'nl-NL' });
    const page = await context.newPage();
    await page.goto(`${url}/login`);
    await page.getByLabel('E-mailadres').fill(email);
    await page.getByLabel('Wachtwoord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    if (secret) {
      // Admin and municipality accounts set up an authenticator app the first time.
      secret.value ??= (await page.locator('code.secret').textContent())!.trim();
      await page.getByRole('textbox', { name: 'Code' }).fill(totpCode(secret.value));
      await page.getByRole('button', { name: 'Verder' }).click();
    }
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    return { context, page };
  }

  it('runs from a family\'s story to a confirmed follow-up and back to the family', async () => {
    const { browser, system, url, email: reviewerEmail } = env!;
    const db = system.database.db;
    const provider = await upsertProvider(db, { name: 'Jeugdhulp De Brug', municipalities: [UTRECHT], regions: [], careTypes: [] });

    // 1. A family shares a story (the plain form, without JavaScript) and keeps the bon-code.
    const family = await browser.newContext({ viewport: PHONE, locale: 'nl-NL', javaScriptEnabled: false });
    const form = await family.newPage();
    await form.goto(`${url}/vertel`);
    await form.getByLabel('Een ouder').check();
    await form.getByLabel('12 tot 16').check();
    await form.locator('#veld-municipality').selectOption(UTRECHT);
    await form.locator('#veld-provider').selectOption(provider.id);
    await form.locator('#veld-text').fill('We stonden acht maanden op de wachtlijst voor hulp. Niemand belde ons terug en onze zoon zat al die tijd thuis.');
    await form.getByText('Ook de zorgaanbieder, zonder mijn naam').click();
    await form.getByRole('button', { name: 'Verstuur mijn verhaal' }).click();
    const receipt = (await form.locator('[data-receipt]').getAttribute('data-receipt'))!;
    const storyId = (await db.selectFrom('narratives').select('id').where('provider_id', '=', provider.id).executeTakeFirstOrThrow()).id;

    // The worker analyses and redacts; themes come from a run over enough stories.
    await insertStories(db, EVAL_STORIES.slice(0, 60), await prepareReferenceData(db));
    const run = await reclusterThemes({ db, engine: createThemeEngine({ models: null }) }, 'test');
    if (run.kind !== 'done') throw new Error(run.reason);
    await system.worker!.drain();
    const themeId = (await membershipsOf(db, [storyId])).get(storyId)!.themeId;

    // 2. A reviewer finds the story in its theme.
    const reviewer = await signIn(browser, url, reviewerEmail);
    await reviewer.page.goto(`${url}/review/themes/${themeId}`);
    await reviewer.page.getByRole('link', { name: 'Bekijk de verhalen in de lijst' }).click();
    await reviewer.page.locator(`a[href="/review/stories/${storyId}"]`).click();
    expect(await reviewer.page.locator('.story-main').innerText()).to.include('acht maanden op de wachtlijst');

    // 3. The municipality opens a follow-up request to the provider from the theme.
    const officerEmail = await createStaff(system, 'municipality', { municipalities: [UTRECHT] });
    const secret: { value?: string } = {};
    const officer = await signIn(browser, url, officerEmail, secret);
    await officer.page.goto(`${url}/review/themes/${themeId}`);
    await officer.page.getByRole('link', { name: 'Opvolgverzoek aan een zorgaanbieder' }).click();
    await officer.page.getByLabel('Zorgaanbieder').selectOption(provider.id);
    await officer.page.getByLabel('Titel').fill('Lange wachttijd zonder contact');
    await officer.page.getByLabel('Wat vraagt de gemeente?').fill('Hoe houdt u contact met gezinnen die op de wachtlijst staan?');
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await officer.page.getByLabel('Uiterlijk klaar op').fill(due);
    await officer.page.getByRole('button', { name: 'Verzoek versturen' }).click();
    await officer.page.waitForURL(/\/municipality\/follow-ups\/[0-9a-f-]{36}/);
    const followUpPath = new URL(officer.page.url()).pathname;
    const followUpId = followUpPath.split('/').pop()!;

    // 4. The provider sees the request with the (redacted) story, answers and marks it done.
    const providerEmail = await createStaff(system, 'provider', { providers: [provider.id] });
    const staff = await signIn(browser, url, providerEmail);
    await staff.page.goto(`${url}/provider/follow-ups/${followUpId}`);
    expect(await staff.page.locator('main').innerText()).to.include('acht maanden op de wachtlijst');
    for (const action of ['We hebben het verzoek gezien', 'Plan voorstellen', 'We gaan ermee aan de slag']) {
      await staff.page.getByRole('button', { name: action }).click();
      await staff.page.waitForLoadState();
    }
    await staff.page.getByLabel(/Wat doen jullie met deze verhalen/).fill('Wie op de wachtlijst staat, krijgt nu elke maand een telefoontje van een vaste medewerker.');
    await staff.page.getByRole('button', { name: 'Antwoord opslaan' }).click();
    await staff.page.getByRole('button', { name: 'Klaar: we hebben het gedaan' }).click();
    await staff.page.waitForLoadState();

    // 5. The family reads the answer with the bon-code and says it is better.
    await form.goto(`${url}/bon`);
    await form.getByLabel('Bon-code').fill(receipt.replace(/ /g, '-'));
    await form.getByRole('button', { name: 'Bekijk mijn verhaal' }).click();
    const receiptPage = await form.locator('main').innerText();
    expect(receiptPage).to.include('elke maand een telefoontje');
    await form.getByRole('radio', { name: 'Ja' }).check();
    await form.getByRole('button', { name: 'Stuur mijn antwoord' }).click();
    await form.screenshot({ path: `${screenshotDir}/loop-receipt-phone.png`, fullPage: true });

    // 6. The municipality sees the family's answer and confirms.
    await officer.page.goto(`${url}${followUpPath}`);
    expect(await officer.page.locator('main').innerText()).to.match(/Antwoorden van gezinnen/);
    await officer.page.getByRole('button', { name: 'Bevestigen: het is afgerond' }).click();
    await officer.page.waitForLoadState();
    await officer.page.screenshot({ path: `${screenshotDir}/loop-follow-up-desktop.png`, fullPage: true });

    const row = await db.selectFrom('follow_ups').select(['state']).where('id', '=', followUpId).executeTakeFirstOrThrow();
    expect(row.state).to.equal('confirmed');
    const answers = await db.selectFrom('follow_up_answers').select(['answer']).where('follow_up_id', '=', followUpId).execute();
    expect(answers).to.deep.equal([{ answer: 'yes' }]);
    for (const c of [family, reviewer.context, officer.context, staff.context]) await c.close();
  });
});
