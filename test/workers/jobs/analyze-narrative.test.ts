import { expect } from 'chai';
import { sql } from 'kysely';
import { backendNames, openTestDatabase } from '../../helpers/backends.ts';
import { createLogger } from '../../../lib/logger.ts';
import type { DatabaseHandle } from '../../../models/db.ts';
import { enqueue } from '../../../models/jobs.ts';
import { addAddition, withdrawNarrative } from '../../../models/narratives.ts';
import { signalsOf } from '../../../models/signals.ts';
import { recordTagCorrection, tagsOf } from '../../../models/tags.ts';
import { createWorker } from '../../../workers/runner.ts';
import { ANALYZE_KIND, analyzeNarrative } from '../../../workers/jobs/analyze-narrative.ts';
import { createThemeEngine } from '../../../workers/jobs/theme-engine.ts';
import { themeJobs } from '../../../workers/jobs/theme-jobs.ts';
import { urgencySeed } from '../../../workers/pipelines/signals/seeds.ts';
import { LEARNT_REASON } from '../../../workers/pipelines/signals/urgency.ts';
import { readSignals } from '../../../workers/pipelines/signals/signals.ts';
import { insertStories, prepareReferenceData, type LabelledStory } from '../../models/theme-fixtures.ts';

const log = createLogger('silent');
const engine = createThemeEngine({ models: null });

const story = (text: string): LabelledStory => ({ id: 'x', text, theme: 'x', tags: [], tone: 'negative', urgent: false, role: 'youth' });
const WAITING = 'We stonden acht maanden op de wachtlijst. Niemand belde terug en ik zat al die tijd thuis.';
const UNSAFE = 'Op de groep sloeg een jongen mij elke avond en ik durf niet meer terug. Soms denk ik aan zelfmoord.';

for (const backend of backendNames()) {
  describe(`narrative.analyze [${backend}]`, function () {
    this.timeout(60_000);
    let handle: DatabaseHandle;
    let providers: string[];
    beforeEach(async () => {
      handle = await openTestDatabase(backend);
      providers = await prepareReferenceData(handle.db);
    });
    afterEach(async () => handle?.close());

    const drain = () => createWorker({ db: handle.db, log, handlers: themeJobs({ db: handle.db, reclusterEvery: 50, models: null }), pollMs: 20 }).drain();
    const jobRows = (kind: string) => handle.db.selectFrom('jobs').select(['status', 'attempts', 'last_error']).where('kind', '=', kind).execute();

    it('runs for every submitted story and stores tags, tone and safety; no theme before the first run', async () => {
      const [waiting, unsafe] = await insertStories(handle.db, [story(WAITING), story(UNSAFE)], providers);
      expect((await jobRows(ANALYZE_KIND)).map((j) => j.status)).to.deep.equal(['queued', 'queued']);
      await drain();
      expect((await jobRows(ANALYZE_KIND)).map((j) => j.status)).to.deep.equal(['done', 'done']);

      const ids = [waiting!.narrativeId, unsafe!.narrativeId];
      const [tags, signals] = await Promise.all([tagsOf(handle.db, ids), signalsOf(handle.db, ids)]);
      for (const [id, text] of [[ids[0]!, WAITING], [ids[1]!, UNSAFE]] as const) {
        const expected = readSignals(text, { urgencyModel: urgencySeed() });
        expect(tags.get(id)!.map((t) => t.topic)).to.have.members(expected.tags.map((t) => t.topic));
        expect(signals.get(id)).to.deep.include({ tone: expected.tone.tone, safetyFlag: expected.safety.urgent, safetyReasons: expected.safety.reasons });
      }
      expect(tags.get(ids[0]!)!.map((t) => t.topic)).to.include('waiting');
      expect(tags.get(ids[0]!)!.find((t) => t.topic === 'waiting')!.evidence).to.include('wachtlijst');
      expect(signals.get(ids[1]!)!.safetyFlag).to.equal(true);
      // The waiting story has no alarm words; at most the learnt model asks a human to look.
      expect(signals.get(ids[0]!)!.safetyReasons.every((r) => r === LEARNT_REASON)).to.equal(true);
      expect(await handle.db.selectFrom('narrative_vectors').select('narrative_id').execute()).to.deep.equal([]);
      expect(await handle.db.selectFrom('theme_members').select('narrative_id').execute()).to.deep.equal([]);
    });

    it('leaves the sharer\'s own urgent choice alone either way', async () => {
      const [calm, unsafe] = await insertStories(handle.db, [story('Het gaat goed met me, de begeleiding is fijn.'), story(UNSAFE)], providers);
      await sql`update narratives set urgent = true where id = ${calm!.narrativeId}`.execute(handle.db);
      await drain();
      const rows = await handle.db.selectFrom('narratives as n').innerJoin('narrative_signals as s', 's.narrative_id', 'n.id')
        .select(['n.id', 'n.urgent', 's.safety_flag']).execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      expect(byId.get(calm!.narrativeId)).to.include({ urgent: true, safety_flag: false });
      expect(byId.get(unsafe!.narrativeId)).to.include({ urgent: false, safety_flag: true });
    });

    it('gives the same result when it runs again', async () => {
      const [placed] = await insertStories(handle.db, [story(WAITING)], providers);
      const id = placed!.narrativeId;
      await analyzeNarrative({ db: handle.db, engine }, id);
      const first = { tags: await tagsOf(handle.db, [id]), signals: (await signalsOf(handle.db, [id])).get(id)! };
      await analyzeNarrative({ db: handle.db, engine }, id);
      const second = { tags: await tagsOf(handle.db, [id]), signals: (await signalsOf(handle.db, [id])).get(id)! };
      expect(second.tags).to.deep.equal(first.tags);
      const { analyzedAt: _a, ...firstSignals } = first.signals;
      const { analyzedAt: _b, ...secondSignals } = second.signals;
      expect(secondSignals).to.deep.equal(firstSignals);
    });

    it('reads an addition too', async () => {
      const [placed] = await insertStories(handle.db, [story('De hulp stopte toen ik achttien werd.')], providers);
      await drain();
      expect((await tagsOf(handle.db, [placed!.narrativeId])).get(placed!.narrativeId)!.map((t) => t.topic)).to.not.include('waiting');
      expect(await addAddition(handle.db, placed!.narrativeId, WAITING)).to.equal(true);
      await drain();
      expect((await tagsOf(handle.db, [placed!.narrativeId])).get(placed!.narrativeId)!.map((t) => t.topic)).to.include('waiting');
    });

    it('keeps a reviewer\'s correction in every later analysis', async () => {
      const [placed] = await insertStories(handle.db, [story(WAITING)], providers);
      const id = placed!.narrativeId;
      await analyzeNarrative({ db: handle.db, engine }, id);
      await recordTagCorrection(handle.db, id, 'waiting', false, 'reviewer-1');
      await recordTagCorrection(handle.db, id, 'school', true, 'reviewer-1');
      await analyzeNarrative({ db: handle.db, engine }, id);
      const tags = (await tagsOf(handle.db, [id])).get(id)!;
      expect(tags.map((t) => t.topic)).to.not.include('waiting');
      expect(tags.find((t) => t.topic === 'school')).to.include({ source: 'human' });
    });

    it('does nothing for a withdrawn story, and refuses a job without a story', async () => {
      const [placed] = await insertStories(handle.db, [story(UNSAFE)], providers);
      await withdrawNarrative(handle.db, placed!.narrativeId);
      await enqueue(handle.db, ANALYZE_KIND, {});
      await drain();
      const jobs = await handle.db.selectFrom('jobs').select(['status', 'last_error', sql<string>`payload->>'narrativeId'`.as('story')])
        .where('kind', '=', ANALYZE_KIND).orderBy('id').execute();
      expect(jobs).to.deep.equal([
        { status: 'done', last_error: null, story: placed!.narrativeId },
        { status: 'failed', last_error: 'narrativeId ontbreekt in de opdracht', story: null },
      ]);
      expect(await handle.db.selectFrom('narrative_signals').select('narrative_id').execute()).to.deep.equal([]);
    });
  });
}
