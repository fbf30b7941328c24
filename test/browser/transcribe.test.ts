import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, screenshotDir } from '../helpers/browser.ts';
import { signInAsReviewer, startStaffBrowser, type StaffBrowser } from '../helpers/staff-browser.ts';
import { submitVoiceStory } from '../helpers/voice-story.ts';
import type { System } from '../../system.ts';
import { savePersonTranscript } from '../../models/story-review.ts';
import { saveMachineTranscript } from '../../models/media.ts';

describe('Transcription view in Chromium', function () {
  this.timeout(120_000);
  let env: StaffBrowser | undefined;
  let browser: Browser;
  let system: System;
  let server: { url: string };
  let email: string;

  before(async function () {
    env = await startStaffBrowser();
    if (!env) this.skip();
    ({ browser, system, email } = env!);
    server = { url: env!.url };
  });
  after(async () => env?.close());

  const signIn = (page: Page) => signInAsReviewer(page, env!);

  it('types with shortcuts, autosaves, keeps the text after a reload, and plays with the keyboard', async () => {
    const voice = await submitVoiceStory(system);
    await system.worker!.drain();
    const context = await browser!.newContext({ viewport: DESKTOP, locale: 'nl-NL' });
    const page = await context.newPage();
    const scriptErrors: string[] = [];
    page.on('pageerror', (err) => scriptErrors.push(err.message));
    await signIn(page);

    await page.getByRole('link', { name: 'Uitschrijven' }).click();
    await page.getByRole('link', { name: /Spraakbericht uitschrijven/ }).click();
    expect(page.url()).to.equal(`${server.url}/review/stories/${voice.id}/transcript/${voice.partId}`);
    const audio = page.locator('#transcribe-audio');
    await page.waitForFunction(() => (document.getElementById('transcribe-audio') as HTMLAudioElement).readyState >= 1);

    const area = page.getByLabel('Wat wordt er gezegd?');
    await area.click();
    await area.pressSequentially('Ik wacht al drie maanden op hulp.');
    await area.press('Control+j');
    expect(await area.inputValue()).to.equal('Ik wacht al drie maanden op hulp.[0:00] ');
    await page.waitForFunction(() => /^Opgeslagen om \d{2}:\d{2}$/.test(document.querySelector('[data-save-status]')!.textContent!), null, { timeout: 10_000 });

    // Slower playback, then play and pause while the caret stays in the text.
    await page.getByLabel('Snelheid').selectOption('0.75');
    await area.press('Escape');
    await page.waitForFunction(() => {
      const a = document.getElementById('transcribe-audio') as HTMLAudioElement;
      return !a.paused && a.currentTime > 0.2;
    }, null, { timeout: 10_000 });
    expect(await audio.evaluate((a: HTMLAudioElement) => a.playbackRate)).to.equal(0.75);
    await area.press('Control+Space');
    expect(await audio.evaluate((a: HTMLAudioElement) => a.paused)).to.equal(true);
    const at = await audio.evaluate((a: HTMLAudioElement) => a.currentTime);
    await area.press('Control+Comma');
    expect(await audio.evaluate((a: HTMLAudioElement) => a.currentTime)).to.be.below(Math.max(at - 0.1, 0.01));
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('transcript-text');

    await page.reload();
    expect(await page.getByLabel('Wat wordt er gezegd?').inputValue()).to.equal('Ik wacht al drie maanden op hulp.[0:00]');
    expect(await page.locator('.versions li').count()).to.equal(1);
    const rows = await system.database.db.selectFrom('transcripts').select(['source', 'author']).where('part_id', '=', voice.partId).execute();
    expect(rows).to.deep.equal([{ source: 'person', author: email }]);
    await page.screenshot({ path: `${screenshotDir}transcribe-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${screenshotDir}transcribe-390.png`, fullPage: true });
    expect(scriptErrors).to.deep.equal([]);
    await context.close();
  });

  it('says so when a colleague saved in between, shows their text, and saves only when asked', async () => {
    const voice = await submitVoiceStory(system);
    await system.worker!.drain();
    const context = await browser!.newContext({ viewport: { width: 390, height: 844 }, locale: 'nl-NL' });
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${server.url}/review/stories/${voice.id}/transcript/${voice.partId}`);
    const theirs = await savePersonTranscript(system.database.db, { partId: voice.partId, baseId: null, text: 'De tekst van een collega.', segments: [], author: 'collega@example.nl' });

    const area = page.getByLabel('Wat wordt er gezegd?');
    await area.fill('Mijn eigen tekst.');
    const status = page.locator('[data-save-status]');
    await page.waitForFunction(() => /Niet opgeslagen/.test(document.querySelector('[data-save-status]')!.textContent!), null, { timeout: 10_000 });
    expect(await status.textContent()).to.include('Iemand anders (collega@example.nl) heeft deze tekst intussen opgeslagen.');
    await page.getByText('De tekst van een collega.').waitFor();
    await page.screenshot({ path: `${screenshotDir}transcribe-conflict-390.png`, fullPage: true });
    expect(await area.inputValue()).to.equal('Mijn eigen tekst.');

    await page.getByRole('button', { name: 'Mijn tekst opslaan als nieuwste versie' }).click();
    await page.waitForFunction(() => /^Opgeslagen om/.test(document.querySelector('[data-save-status]')!.textContent!), null, { timeout: 10_000 });
    const rows = await system.database.db.selectFrom('transcripts').select(['id', 'text']).where('part_id', '=', voice.partId).orderBy('id').execute();
    expect(rows.map((r) => r.text)).to.deep.equal(['De tekst van een collega.', 'Mijn eigen tekst.']);
    expect(rows[0]!.id).to.equal(theirs);
    await context.close();
  });

  it('on the story page, a transcript segment jumps to its moment in the recording', async () => {
    const voice = await submitVoiceStory(system);
    await saveMachineTranscript(system.database.db, voice.partId, {
      text: 'Ik wacht al drie maanden op hulp. Mijn begeleider luistert goed naar mij.', model: 'test',
      segments: [{ start: 0, end: 2.5, text: 'Ik wacht al drie maanden op hulp.' }, { start: 2.5, end: 5, text: 'Mijn begeleider luistert goed naar mij.' }],
    });
    const context = await browser!.newContext({ viewport: DESKTOP, locale: 'nl-NL' });
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${server.url}/review/stories/${voice.id}`);
    await page.getByRole('button', { name: '0:02' }).click();
    await page.waitForFunction(() => {
      const a = document.querySelector('audio') as HTMLAudioElement;
      return !a.paused && a.currentTime >= 2.5;
    }, null, { timeout: 10_000 });
    await context.close();
  });

  it('works without JavaScript: the plain form saves and the story page says so', async () => {
    const voice = await submitVoiceStory(system);
    await system.worker!.drain();
    const context = await browser!.newContext({ viewport: DESKTOP, locale: 'nl-NL', javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${server.url}/review/stories/${voice.id}/transcript/${voice.partId}`);
    expect(await page.getByLabel('Snelheid').isVisible()).to.equal(false);
    await page.getByLabel('Wat wordt er gezegd?').fill('Zonder JavaScript uitgeschreven.');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.waitForURL(new RegExp(`/review/stories/${voice.id}\\?klaar=transcriptie`));
    expect(await page.locator('#melding').textContent()).to.equal('Opgeslagen.');
    expect(await page.locator('.part').textContent()).to.include('Zonder JavaScript uitgeschreven.');
    await context.close();
  });

  it('keeps the text on the device when the session ended, and offers it back after signing in again', async () => {
    const voice = await submitVoiceStory(system);
    await system.worker!.drain();
    const context = await browser!.newContext({ viewport: DESKTOP, locale: 'nl-NL' });
    const page = await context.newPage();
    await signIn(page);
    const url = `${server.url}/review/stories/${voice.id}/transcript/${voice.partId}`;
    await page.goto(url);

    // The session ends (signed out in another tab); the next autosave must not lose the words.
    await system.database.db.deleteFrom('staff_sessions').execute();
    const area = page.getByLabel('Wat wordt er gezegd?');
    await area.fill('Mijn begeleider luistert goed naar mij.');
    await page.waitForFunction(() => /Je bent uitgelogd/.test(document.querySelector('[data-save-status]')!.textContent!), null, { timeout: 10_000 });
    expect(await page.locator('[data-save-status]').textContent()).to.include('Je bent uitgelogd. Log opnieuw in in een ander tabblad; je tekst is bewaard op dit apparaat.');

    await signIn(page);
    await page.goto(url);
    expect(await area.inputValue()).to.equal('');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${screenshotDir}transcribe-draft-390.png`, fullPage: true });
    await page.getByRole('button', { name: 'Zet die tekst terug' }).click();
    expect(await area.inputValue()).to.equal('Mijn begeleider luistert goed naar mij.');
    await page.waitForFunction(() => /^Opgeslagen om/.test(document.querySelector('[data-save-status]')!.textContent!), null, { timeout: 10_000 });
    await page.reload();
    expect(await area.inputValue()).to.equal('Mijn begeleider luistert goed naar mij.');
    expect(await page.getByRole('button', { name: 'Zet die tekst terug' }).count()).to.equal(0);
    await context.close();
  });
});
