import { expect } from 'chai';
import { sql } from 'kysely';
import { backendNames, openTestDatabase } from '../../helpers/backends.ts';
import { createLogger } from '../../../lib/logger.ts';
import type { DatabaseHandle } from '../../../models/db.ts';
import { renameTheme } from '../../../models/theme-curation.ts';
import { themeShares } from '../../../models/theme-views.ts';
import { listRuns, listThemes, membersOfThemes, membershipsOf, themesByIds } from '../../../models/themes.ts';
import { signalsOf } from '../../../models/signals.ts';
import { tagsOf } from '../../../models/tags.ts';
import { addSets, emptyCounts, scores } from '../../../workers/pipelines/signals/evaluation.ts';
import { tagSeed } from '../../../workers/pipelines/signals/seeds.ts';
import { readSignals } from '../../../workers/pipelines/signals/signals.ts';
import { labelledNeighbours } from '../../../workers/pipelines/signals/tagger.ts';
import { createWorker, type Worker } from '../../../workers/runner.ts';
import { themeJobs } from '../../../workers/jobs/theme-jobs.ts';
import { createThemeEngine } from '../../../workers/jobs/theme-engine.ts';
import { RECLUSTER_KIND, reclusterOnDemand, reclusterThemes, scheduleThemeWork } from '../../../workers/jobs/recluster-themes.ts';
import { LABEL_STOP_WORDS, STOP_WORDS } from '../../../workers/pipelines/text/stopwords.ts';
import { normalizedMutualInformation } from '../../../workers/pipelines/themes/metrics.ts';
import { EVAL_STORIES, insertStories, prepareReferenceData, type Placed } from '../../models/theme-fixtures.ts';

const log = createLogger('silent');
const FIRST_BATCH = 250;

for (const backend of backendNames()) {
  describe(`Theme jobs on the evaluation stories [${backend}]`, function () {
    this.timeout(300_000);
    let handle: DatabaseHandle;
    let providers: string[];
    let worker: Worker;
    let placed: Placed[];

    const failedJobs = () => handle.db.selectFrom('jobs').select(['kind', 'last_error']).where('last_error', 'is not', null).execute();

    before(async () => {
      handle = await openTestDatabase(backend);
      providers = await prepareReferenceData(handle.db);
      worker = createWorker({ db: handle.db, log, handlers: themeJobs({ db: handle.db, reclusterEvery: 20, models: null }), pollMs: 20 });
      placed = await insertStories(handle.db, EVAL_STORIES.slice(0, FIRST_BATCH), providers);
      await worker.drain();
    });
    after(async () => handle?.close());

    it('analyses every story and groups them into themes with keywords, at most 10% "niet ingedeeld"', async () => {
      expect(await failedJobs()).to.deep.equal([]);
      const runs = await listRuns(handle.db);
      expect(runs.map((r) => r.trigger)).to.deep.equal(['first']);
      const stats = runs[0]!.stats as { stories: number; themes: number; unassignedShare: number; durationsMs: { total: number } };
      expect(stats.stories).to.equal(FIRST_BATCH);

      const ids = placed.map((p) => p.narrativeId);
      const [signals, vectors] = await Promise.all([
        handle.db.selectFrom('narrative_signals').select(['narrative_id', 'tone', 'safety_flag']).execute(),
        handle.db.selectFrom('narrative_vectors').select('narrative_id').execute(),
      ]);
      expect(signals.map((s) => s.narrative_id)).to.have.members(ids);
      expect(vectors.map((v) => v.narrative_id)).to.have.members(ids);

      const themes = await listThemes(handle.db);
      expect(themes.length).to.be.within(5, FIRST_BATCH / 5);
      expect(themes.length).to.equal(stats.themes);
      for (const theme of themes) {
        expect(theme.keywords.length, theme.id).to.be.above(0);
        for (const { word } of theme.keywords.slice(0, 5)) {
          expect(STOP_WORDS.has(word) || LABEL_STOP_WORDS.has(word), `${theme.label}: ${word}`).to.equal(false);
        }
      }

      const shares = await themeShares(handle.db);
      expect(shares.total).to.equal(FIRST_BATCH);
      expect(shares.unassigned.share).to.be.at.most(0.1);
      expect(shares.unassigned.share).to.be.closeTo(stats.unassignedShare, 1e-4);

      const memberships = await membershipsOf(handle.db, ids);
      const found = placed.map((p) => memberships.get(p.narrativeId)?.themeId ?? '(niet ingedeeld)');
      const nmi = normalizedMutualInformation(placed.map((p) => p.story.theme), found);
      console.log(`      NMI ${nmi.toFixed(3)}, ${themes.length} themes, unassigned ${(shares.unassigned.share * 100).toFixed(1)}%, run ${stats.durationsMs.total} ms`);
      // The canonical order follows the (random) story ids, so the figure moves a little per database.
      expect(nmi).to.be.at.least(0.45);
    });

    it('stores for every story the tags and tone the signal pipeline reads in it', async () => {
      const ids = placed.map((p) => p.narrativeId);
      const [tags, signals] = await Promise.all([tagsOf(handle.db, ids), signalsOf(handle.db, ids)]);
      const counts = emptyCounts();
      let toneRight = 0;
      for (const p of placed) {
        // as the worker reads them before any reviewer corrected a tag: lexicons, seed classifier, labelled neighbours
        const expected = readSignals(p.story.text, { classifier: tagSeed(), neighbours: labelledNeighbours() });
        const stored = tags.get(p.narrativeId)!.map((t) => t.topic);
        expect(stored).to.have.members(expected.tags.map((t) => t.topic));
        expect(signals.get(p.narrativeId)!.tone).to.equal(expected.tone.tone);
        addSets(counts, new Set(stored), new Set(p.story.tags));
        if (signals.get(p.narrativeId)!.tone === p.story.tone) toneRight++;
      }
      const { precision, recall, f1 } = scores(counts);
      console.log(`      tags P ${precision.toFixed(2)} R ${recall.toFixed(2)} F1 ${f1.toFixed(2)}; tone accuracy ${(toneRight / placed.length).toFixed(2)}`);
    });

    it('flags every story the families marked as unsafe, next to (not instead of) the sharer\'s own choice', async () => {
      const rows = await handle.db.selectFrom('narrative_signals as s').innerJoin('narratives as n', 'n.id', 's.narrative_id')
        .select(['s.narrative_id', 's.safety_flag', 's.safety_reasons', 'n.urgent']).execute();
      const flagged = new Map(rows.map((r) => [r.narrative_id, r]));
      const unsafe = placed.filter((p) => p.story.urgent);
      expect(unsafe.length).to.be.greaterThan(10);
      const caught = unsafe.filter((p) => flagged.get(p.narrativeId)!.safety_flag);
      expect(caught.length / unsafe.length).to.be.at.least(0.95);
      for (const p of caught) expect(flagged.get(p.narrativeId)!.safety_reasons.length).to.be.greaterThan(0);
      // insertStories sends every story with urgent: false; the machine's flag never changes that.
      expect(rows.every((r) => r.urgent === false)).to.equal(true);
    });

    it('gives the same themes under the same ids when the stories did not change', async () => {
      const themesWithMembers = async () => {
        const themes = await listThemes(handle.db);
        const members = await membersOfThemes(handle.db, themes.map((t) => t.id));
        return themes.map((t) => ({ id: t.id, label: t.label, members: members.get(t.id)!.map((m) => m.narrativeId).sort() }));
      };
      const before = await themesWithMembers();
      const result = await reclusterThemes({ db: handle.db, engine: createThemeEngine({ models: null }) }, 'again');
      expect(result).to.deep.include({ kind: 'done' });
      expect(await themesWithMembers()).to.deep.equal(before);
    });

    it('keeps theme ids and the names people gave when new stories lead to a new run', async () => {
      const before = await listThemes(handle.db);
      const named = before[0]!;
      await renameTheme(handle.db, named.id, 'Wachten op hulp', 'reviewer-1');

      const added = await insertStories(handle.db, EVAL_STORIES.slice(FIRST_BATCH), providers, FIRST_BATCH);
      await worker.drain();
      expect(await failedJobs()).to.deep.equal([]);
      const runs = await listRuns(handle.db);
      expect(runs.map((r) => r.trigger)).to.deep.equal(['new-stories', 'again', 'first']);
      expect((runs[0]!.stats as { stories: number }).stories).to.equal(EVAL_STORIES.length);

      const after = await listThemes(handle.db);
      const renamed = after.find((t) => t.id === named.id);
      expect(renamed?.name).to.equal('Wachten op hulp');
      // Themes go on under their old id as far as the new run matches them (how many themes a run
      // finds can change with 10% more stories); the others stay as rows, merged or retired.
      const kept = after.filter((t) => before.some((b) => b.id === t.id));
      console.log(`      ${before.length} themes before, ${after.length} after, ${kept.length} kept`);
      expect(kept.length / Math.min(before.length, after.length)).to.be.at.least(0.5);
      const left = before.filter((t) => !after.some((a) => a.id === t.id)).map((t) => t.id);
      const rows = await themesByIds(handle.db, left);
      expect([...rows.values()].map((t) => t.status).every((status) => status === 'merged' || status === 'retired')).to.equal(true);
      expect(rows.size).to.equal(left.length);
      const memberships = await membershipsOf(handle.db, added.map((p) => p.narrativeId));
      expect(memberships.size / added.length).to.be.at.least(0.8);
    });

    it('places a new story in its nearest theme at once, long before the next run', async () => {
      const waiting = placed.filter((p) => p.story.theme === 'waiting').map((p) => p.narrativeId);
      const homes = await membershipsOf(handle.db, waiting);
      const counts = new Map<string, number>();
      for (const m of homes.values()) counts.set(m.themeId, (counts.get(m.themeId) ?? 0) + 1);
      const waitingTheme = [...counts].sort((a, b) => b[1] - a[1])[0]![0];

      const [story] = await insertStories(handle.db, [{
        id: 'new', theme: 'waiting', tags: ['waiting'], tone: 'negative', urgent: false, role: 'parent',
        text: 'We staan nu al negen maanden op de wachtlijst voor de kinder-ggz. Niemand belt terug en de wachttijd wordt alleen maar langer.',
      }], providers, 1000);
      const runsBefore = (await listRuns(handle.db)).length;
      await worker.drain();
      expect((await listRuns(handle.db)).length).to.equal(runsBefore);
      const membership = (await membershipsOf(handle.db, [story!.narrativeId])).get(story!.narrativeId);
      expect(membership).to.include({ themeId: waitingTheme, source: 'assigned' });
      expect(membership!.similarity).to.be.greaterThan(0.2);
    });

    it('re-clusters on demand: through a running worker, or at once when none runs', async () => {
      const queued = await reclusterOnDemand(handle.db, null);
      expect(queued).to.match(/staat klaar/);
      const manual = () => handle.db.selectFrom('jobs').select('status').where('kind', '=', RECLUSTER_KIND)
        .where(sql<boolean>`payload->>'trigger' = 'manual'`).execute();
      expect(await manual()).to.deep.equal([{ status: 'queued' }]);

      await handle.db.deleteFrom('worker_heartbeats').execute();
      const runsBefore = (await listRuns(handle.db)).length;
      const done = await reclusterOnDemand(handle.db, null);
      expect(done).to.match(/^Thema’s opnieuw ingedeeld \(lsa\): \d+ verhalen in \d+ thema’s/);
      const runs = await listRuns(handle.db);
      expect(runs).to.have.length(runsBefore + 1);
      expect(runs[0]!.trigger).to.equal('manual');
    });

    it('schedules one run for tonight, however often it is asked', async () => {
      await scheduleThemeWork(handle.db, 20);
      await scheduleThemeWork(handle.db, 20);
      const nightly = await handle.db.selectFrom('jobs').select(['run_after', 'status'])
        .where('kind', '=', RECLUSTER_KIND).where(sql<boolean>`payload->>'trigger' = 'nightly'`).execute();
      expect(nightly).to.have.length(1);
      expect(nightly[0]!.status).to.equal('queued');
      expect(nightly[0]!.run_after.getTime()).to.be.greaterThan(Date.now());
      expect(nightly[0]!.run_after.getHours()).to.equal(3);
    });
  });
}
