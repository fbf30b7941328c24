import { expect } from 'chai';
import fs from 'node:fs';
import { DESKTOP, PHONE, screenshotDir } from '../helpers/browser.ts';
import { signInAsReviewer, startStaffBrowser, type StaffBrowser } from '../helpers/staff-browser.ts';
import { submitVoiceStory } from '../helpers/voice-story.ts';
import { saveMachineTranscript } from '../../models/media.ts';
import { listThemes, membershipsOf } from '../../models/themes.ts';
import { reclusterThemes } from '../../workers/jobs/recluster-themes.ts';
import { createThemeEngine } from '../../workers/jobs/theme-engine.ts';
import { EVAL_STORIES, insertStories, prepareReferenceData } from '../models/theme-fixtures.ts';

/**
 * The walk-through in a real browser: a reviewer signs in, filters by a theme, opens a
 * voice story, plays it, corrects a word of the transcript, moves the story to another theme and
 * exports the list.
 */
describe('Reviewer workspace in Chromium', function () {
  this.timeout(180_000);
  let env: StaffBrowser | undefined;

  before(async function () {
    env = await startStaffBrowser();
    if (!env) this.skip();
  });
  after(async () => env?.close());

  it('filters by theme, plays a voice story, corrects its transcript, moves it and exports the list', async () => {
    const { browser, system, url, email } = env!;
    const db = system.database.db;
    const voice = await submitVoiceStory(system);
    await saveMachineTranscript(db, voice.partId, {
      model: 'test', text: 'Ik wacht al drie maanden op hulp. Mijn begeleider luistert goed naar mij.',
      segments: [{ start: 0, end: 2.5, text: 'Ik wacht al drie maanden op hulp.' }, { start: 2.5, end: 5, text: 'Mijn begeleider luistert goed naar mij.' }],
    });
    await insertStories(db, EVAL_STORIES.slice(0, 60), await prepareReferenceData(db));
    const run = await reclusterThemes({ db, engine: createThemeEngine({ models: null }) }, 'test');
    if (run.kind !== 'done') throw new Error(run.reason);
    const fromTheme = (await membershipsOf(db, [voice.id])).get(voice.id)!.themeId;
    const themes = await listThemes(db);
    const target = themes.find((t) => t.status === 'active' && t.id !== fromTheme)!;

    const context = await browser.newContext({ viewport: DESKTOP, locale: 'nl-NL', acceptDownloads: true });
    const page = await context.newPage();
    const scriptErrors: string[] = [];
    page.on('pageerror', (err) => scriptErrors.push(err.message));

    await signInAsReviewer(page, env!, '/review');

    await page.getByText('Filters').click();
    await page.getByLabel('Thema').selectOption(fromTheme);
    await page.getByRole('button', { name: 'Toon verhalen' }).click();
    await page.waitForURL(new RegExp(`theme=${fromTheme}`));
    await page.locator(`.story-card__link[href="/review/stories/${voice.id}"]`).waitFor();
    await page.screenshot({ path: `${screenshotDir}/review-list-desktop.png`, fullPage: true });

    await page.locator(`.story-card__link[href="/review/stories/${voice.id}"]`).click();
    await page.waitForURL(`${url}/review/stories/${voice.id}`);
    await page.locator('.segment').first().click();
    await page.waitForFunction(() => {
      const audio = document.querySelector('audio') as HTMLAudioElement;
      return !audio.paused && audio.currentTime > 0;
    });
    await page.screenshot({ path: `${screenshotDir}/review-story-desktop.png`, fullPage: true });

    await page.getByRole('link', { name: 'Tekst verbeteren' }).click();
    const editor = page.getByLabel('Wat wordt er gezegd?');
    const before = await editor.inputValue();
    await editor.fill(before.replace('drie', 'vier'));
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.waitForSelector('text=/Opgeslagen om/');
    await page.getByRole('link', { name: '← Terug naar het verhaal' }).click();
    await page.waitForSelector('text=Uitgeschreven door een mens');
    expect(await page.locator('.story-main').innerText()).to.include('Ik wacht al vier maanden op hulp.');

    await page.getByLabel('Ander thema').selectOption(target.id);
    await page.getByRole('button', { name: 'Verplaats' }).click();
    await page.waitForSelector('text=Opgeslagen.');
    expect((await membershipsOf(db, [voice.id])).get(voice.id)).to.include({ themeId: target.id, source: 'human' });
    // A theme's proposed label follows its stories, so read it again after the move.
    const moved = (await listThemes(db)).find((t) => t.id === target.id)!;
    const targetName = moved.name ?? moved.label;
    expect(await page.locator('.story-side').innerText()).to.include(`Thema: ${targetName} (door een mens gekozen)`);

    // The corrected transcript goes through analysis and redaction before an export may show it.
    await system.worker!.drain();
    await page.goto(`${url}/review?theme=${target.id}&kind=voice`);
    expect(await page.locator('.story-card').count()).to.equal(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv).to.include(targetName);
    expect(csv).to.include('vier maanden');

    const phone = await browser.newContext({ viewport: PHONE, locale: 'nl-NL', storageState: await context.storageState() });
    const small = await phone.newPage();
    await small.goto(`${url}/review/stories/${voice.id}`);
    await small.screenshot({ path: `${screenshotDir}/review-story-phone.png`, fullPage: true });
    expect(await small.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).to.equal(true);
    expect(scriptErrors).to.deep.equal([]);

    const transcripts = await db.selectFrom('transcripts').select(['source', 'author']).where('part_id', '=', voice.partId).orderBy('id').execute();
    expect(transcripts.map((t) => t.source)).to.deep.equal(['machine', 'person']);
    expect(transcripts[1]!.author).to.equal(email);
    const audit = await db.selectFrom('audit_events').select('action').where('actor_email', '=', email).execute();
    expect(audit.map((a) => a.action)).to.include.members(['login', 'story_viewed', 'media_played', 'transcript_saved', 'theme_changed', 'stories_exported']);
    await context.close();
    await phone.close();
  });
});
