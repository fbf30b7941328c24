import { expect } from 'chai';
import { backendNames, openTestDatabase } from '../helpers/backends.ts';
import { AppError } from '../../lib/errors.ts';
import type { DatabaseHandle } from '../../models/db.ts';
import { addAddition, withdrawNarrative } from '../../models/narratives.ts';
import { recordTagCorrection } from '../../models/tags.ts';
import {
  lockTheme, mergeThemes, moveNarrative, renameTheme, splitTheme, ThemeNotFoundError, unlockTheme,
} from '../../models/theme-curation.ts';
import { curationLog, listThemes, membersOfThemes, membershipsOf, themesByIds, type ThemeSummary } from '../../models/themes.ts';
import { analyzeNarrative } from '../../workers/jobs/analyze-narrative.ts';
import { reclusterThemes } from '../../workers/jobs/recluster-themes.ts';
import { createThemeEngine } from '../../workers/jobs/theme-engine.ts';
import { EVAL_STORIES, insertStories, prepareReferenceData, type Placed } from './theme-fixtures.ts';

const engine = createThemeEngine({ models: null });

async function clusteredCorpus(handle: DatabaseHandle): Promise<Placed[]> {
  const providers = await prepareReferenceData(handle.db);
  const placed = await insertStories(handle.db, EVAL_STORIES, providers);
  const result = await reclusterThemes({ db: handle.db, engine }, 'test');
  if (result.kind !== 'done') throw new Error(result.reason);
  return placed;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the command to be refused');
}

const memberIds = async (handle: DatabaseHandle, themeId: string) =>
  ((await membersOfThemes(handle.db, [themeId])).get(themeId) ?? []).map((m) => m.narrativeId);

for (const backend of backendNames()) {
  describe(`Theme curation commands [${backend}]`, function () {
    this.timeout(120_000);
    let handle: DatabaseHandle;
    let themes: ThemeSummary[];

    before(async () => {
      handle = await openTestDatabase(backend);
      await clusteredCorpus(handle);
    });
    after(async () => handle?.close());
    beforeEach(async () => { themes = await listThemes(handle.db); });

    it('renames a theme; the machine\'s label stays beside the name, and the log says who did it', async () => {
      const theme = themes[1]!;
      const renamed = await renameTheme(handle.db, theme.id, '  Te veel   wisselingen ', 'reviewer-7');
      expect(renamed).to.include({ id: theme.id, name: 'Te veel wisselingen', label: theme.label });
      const last = (await curationLog(handle.db)).at(-1)!;
      expect(last).to.deep.include({ actor: 'reviewer-7', op: { type: 'rename', themeId: theme.id, name: 'Te veel wisselingen' } });
    });

    it('merges themes into one with all their stories and new keywords; the others point at it', async () => {
      const [a, b] = [themes.at(-1)!, themes.at(-2)!];
      const stories = [...await memberIds(handle, a.id), ...await memberIds(handle, b.id)];
      const merged = await mergeThemes(handle.db, [a.id, b.id], 'reviewer-1');
      expect(merged.id).to.equal(a.id);
      expect(await memberIds(handle, a.id)).to.have.members(stories);
      expect(merged.size).to.equal(stories.length);
      expect(merged.keywords).to.not.deep.equal(a.keywords);
      const gone = (await themesByIds(handle.db, [b.id])).get(b.id)!;
      expect(gone).to.include({ status: 'merged', mergedInto: a.id, size: 0 });
      expect((await listThemes(handle.db)).map((t) => t.id)).to.not.include(b.id);
    });

    it('splits a theme by the stories a person picks, and by dividing its stories in two', async () => {
      const theme = themes[0]!;
      const before = await memberIds(handle, theme.id);
      const chosen = before.slice(0, 4);
      const { theme: rest, newTheme } = await splitTheme(handle.db, theme.id, { storyIds: chosen }, 'reviewer-2', 'Apart verder');
      expect(newTheme).to.include({ name: 'Apart verder', size: 4, status: 'active' });
      expect(await memberIds(handle, newTheme.id)).to.have.members(chosen);
      expect(rest.size).to.equal(before.length - 4);
      expect((await membershipsOf(handle.db, chosen)).get(chosen[0]!)?.source).to.equal('human');

      const other = themes[2]!;
      const size = other.size;
      const divided = await splitTheme(handle.db, other.id, { recluster: true }, 'reviewer-2');
      expect(divided.newTheme.size).to.be.greaterThan(0);
      expect(divided.newTheme.size).to.be.at.most(size / 2);
      expect(divided.theme.size + divided.newTheme.size).to.equal(size);
      expect(divided.newTheme.keywords.length).to.be.greaterThan(0);
    });

    it('moves a story to another theme or to "niet ingedeeld", and a new analysis leaves it there', async () => {
      const [from, to] = [themes[0]!, themes[1]!];
      const [story, other] = await memberIds(handle, from.id);
      const touched = await moveNarrative(handle.db, story!, to.id, 'reviewer-3');
      expect(touched.map((t) => t.id)).to.deep.equal([from.id, to.id]);
      expect((await membershipsOf(handle.db, [story!])).get(story!)).to.include({ themeId: to.id, source: 'human' });
      await moveNarrative(handle.db, other!, null, 'reviewer-3');
      expect((await membershipsOf(handle.db, [other!])).has(other!)).to.equal(false);

      // An addition changes the text, so the analysis places the stories again, and must respect people.
      for (const id of [story!, other!]) {
        await addAddition(handle.db, id, 'Ik wil er nog iets aan toevoegen: we moesten lang wachten.');
        await analyzeNarrative({ db: handle.db, engine }, id);
      }
      const after = await membershipsOf(handle.db, [story!, other!]);
      expect(after.get(story!)?.themeId).to.equal(to.id);
      expect(after.has(other!)).to.equal(false);
    });

    it('locks and unlocks a theme', async () => {
      const theme = themes[3]!;
      expect((await lockTheme(handle.db, theme.id, 'reviewer-4')).locked).to.equal(true);
      expect((await unlockTheme(handle.db, theme.id, 'reviewer-4')).locked).to.equal(false);
    });

    it('refuses what cannot be done, with a message for people', async () => {
      const theme = themes[0]!;
      const members = await memberIds(handle, theme.id);
      expect((await rejection(renameTheme(handle.db, theme.id, '   ', 'r'))).fields).to.have.property('name');
      expect((await rejection(mergeThemes(handle.db, [theme.id], 'r'))).fields).to.have.property('themeIds');
      expect((await rejection(splitTheme(handle.db, theme.id, { storyIds: members }, 'r'))).fields).to.have.property('storyIds');
      expect((await rejection(splitTheme(handle.db, theme.id, { storyIds: [themes[1]!.id] }, 'r'))).fields).to.have.property('storyIds');
      expect(await rejection(renameTheme(handle.db, 'theme-does-not-exist', 'X', 'r'))).to.be.instanceOf(ThemeNotFoundError);
      expect((await rejection(moveNarrative(handle.db, '00000000-0000-4000-8000-000000000000', theme.id, 'r'))).fields).to.have.property('narrativeId');
      expect((await rejection(renameTheme(handle.db, theme.id, 'X', ' '))).fields).to.have.property('actor');
    });
  });

  describe(`Curation across re-clustering [${backend}]`, function () {
    this.timeout(120_000);
    let handle: DatabaseHandle;
    before(async () => {
      handle = await openTestDatabase(backend);
      await clusteredCorpus(handle);
    });
    after(async () => handle?.close());

    it('keeps every decision people made when the themes are computed again', async () => {
      const themes = await listThemes(handle.db);
      const [named, mergeA, mergeB, locked, source, target] = themes;
      await renameTheme(handle.db, named!.id, 'Niet gehoord worden', 'r');
      await mergeThemes(handle.db, [mergeA!.id, mergeB!.id], 'r');
      const lockedMembers = await memberIds(handle, locked!.id);
      await lockTheme(handle.db, locked!.id, 'r');
      const moved = (await memberIds(handle, source!.id))[0]!;
      await moveNarrative(handle.db, moved, target!.id, 'r');
      const outside = (await memberIds(handle, source!.id))[0]!;
      await moveNarrative(handle.db, outside, null, 'r');
      const splitOff = (await memberIds(handle, target!.id)).filter((id) => id !== moved).slice(0, 3);
      const { newTheme } = await splitTheme(handle.db, target!.id, { storyIds: splitOff }, 'r', 'Eigen groep');
      const merged = [...await memberIds(handle, mergeA!.id)];

      const result = await reclusterThemes({ db: handle.db, engine }, 'test');
      expect(result.kind).to.equal('done');

      const after = new Map((await listThemes(handle.db)).map((t) => [t.id, t]));
      expect(after.get(named!.id)?.name).to.equal('Niet gehoord worden');
      expect(after.has(mergeB!.id)).to.equal(false);
      expect((await themesByIds(handle.db, [mergeB!.id])).get(mergeB!.id)).to.include({ status: 'merged', mergedInto: mergeA!.id });
      const mergedNow = await memberIds(handle, mergeA!.id);
      expect(merged.filter((id) => mergedNow.includes(id)).length / merged.length).to.be.at.least(0.9);
      expect(after.get(locked!.id)?.locked).to.equal(true);
      expect(await memberIds(handle, locked!.id)).to.include.members(lockedMembers);
      const homes = await membershipsOf(handle.db, [moved, outside, ...splitOff]);
      expect(homes.get(moved)).to.include({ themeId: target!.id, source: 'human' });
      expect(homes.has(outside)).to.equal(false);
      expect(after.get(newTheme.id)?.name).to.equal('Eigen groep');
      for (const id of splitOff) expect(homes.get(id)?.themeId).to.equal(newTheme.id);

      await unlockTheme(handle.db, locked!.id, 'r');
      await reclusterThemes({ db: handle.db, engine }, 'test');
      const unlocked = await membershipsOf(handle.db, lockedMembers);
      expect([...unlocked.values()].every((m) => m.source !== 'human')).to.equal(true);
    });
  });

  describe(`Withdrawal of an analysed story [${backend}]`, function () {
    this.timeout(120_000);
    let handle: DatabaseHandle;
    let placed: Placed[];
    before(async () => {
      handle = await openTestDatabase(backend);
      placed = await clusteredCorpus(handle);
    });
    after(async () => handle?.close());

    it('erases its vector, theme place, tags, signals, corrections and its place in the curation log', async () => {
      const story = placed.find((p) => p.story.urgent && p.story.tags.length > 0)!.narrativeId;
      await analyzeNarrative({ db: handle.db, engine }, story);
      await recordTagCorrection(handle.db, story, 'privacy', true, 'reviewer-5');
      const themeId = (await membershipsOf(handle.db, [story])).get(story)!.themeId;
      const other = (await listThemes(handle.db)).find((t) => t.id !== themeId)!;
      await moveNarrative(handle.db, story, other.id, 'reviewer-5');

      const tables = [
        'narrative_vectors', 'theme_members', 'theme_machine_members', 'narrative_tags', 'narrative_signals', 'tag_corrections', 'theme_curation_stories',
      ] as const;
      const count = async () => Object.fromEntries(await Promise.all(tables.map(async (table) => {
        const rows = await handle.db.selectFrom(table).select('narrative_id').where('narrative_id', '=', story).execute();
        return [table, rows.length] as const;
      })));
      expect(Object.values(await count()).every((n) => n > 0), JSON.stringify(await count())).to.equal(true);
      const sizeBefore = (await themesByIds(handle.db, [other.id])).get(other.id)!.size;

      expect(await withdrawNarrative(handle.db, story)).to.equal(true);
      expect(await count()).to.deep.equal(Object.fromEntries(tables.map((t) => [t, 0])));
      const log = await curationLog(handle.db);
      expect(JSON.stringify(log)).to.not.include(story);
      expect((await themesByIds(handle.db, [other.id])).get(other.id)!.size).to.equal(sizeBefore - 1);
      expect(await analyzeNarrative({ db: handle.db, engine }, story)).to.deep.equal({ kind: 'gone' });
    });
  });
}
