import { expect } from 'chai';
import { backendNames, openTestDatabase } from '../../helpers/backends.ts';
import type { DatabaseHandle } from '../../../models/db.ts';
import { updateFrameworkTopic } from '../../../models/framework.ts';
import { withdrawNarrative } from '../../../models/narratives.ts';
import { recordTagCorrection, RETRAIN_DEBOUNCE_MS, tagsOf } from '../../../models/tags.ts';
import { analyzeNarrative } from '../../../workers/jobs/analyze-narrative.ts';
import { RETRAIN_KIND, retrainTags } from '../../../workers/jobs/retrain-tags.ts';
import { createThemeEngine } from '../../../workers/jobs/theme-engine.ts';
import { insertStories, prepareReferenceData, type LabelledStory, type Placed } from '../../models/theme-fixtures.ts';

/** Reviewers keep saying that a story about the team's group chat is about privacy; the lexicon does not know "groepsapp". */
const ABOUT_PRIVACY = [
  'Mijn begeleider zette een foto van mij in de groepsapp van het team.',
  'Ze hebben mijn cijfers in de groepsapp gezet, iedereen kon het lezen.',
  'In de groepsapp stond ineens wat er thuis was gebeurd.',
  'De mentor deelde mijn gesprek in de groepsapp van de klas.',
  'Iemand van de groep heeft mijn bericht in de groepsapp gestuurd.',
  'Mijn diagnose stond in een groepsapp van de ouders.',
];
const NOT_ABOUT_PRIVACY = [
  'We gingen met de groep naar het strand en dat was leuk.',
  'De wachtlijst was lang, acht maanden wachten.',
  'Mijn begeleider belde elke week en dat hielp.',
  'Op school ging het beter na de zomer.',
  'Ik heb een nieuwe kamer gekregen op de groep.',
  'De app van school werkte niet goed.',
];
const NEW_STORY = 'Gisteren zette de begeleider mijn ruzie met mama in de groepsapp.';

const story = (text: string): LabelledStory => ({ id: 'x', text, theme: 'x', tags: [], tone: 'negative', urgent: false, role: 'youth' });

for (const backend of backendNames()) {
  describe(`tags.retrain [${backend}]`, function () {
    this.timeout(60_000);
    let handle: DatabaseHandle;
    let corrected: Placed[];
    let fresh: Placed;
    const engine = createThemeEngine({ models: null });

    beforeEach(async () => {
      handle = await openTestDatabase(backend);
      const providers = await prepareReferenceData(handle.db);
      corrected = await insertStories(handle.db, [...ABOUT_PRIVACY, ...NOT_ABOUT_PRIVACY].map(story), providers);
      [fresh] = await insertStories(handle.db, [story(NEW_STORY)], providers, corrected.length) as [Placed];
      for (const [i, p] of corrected.entries()) await recordTagCorrection(handle.db, p.narrativeId, 'privacy', i < ABOUT_PRIVACY.length, 'reviewer-1');
    });
    afterEach(async () => handle?.close());

    const topicsOf = async (id: string) => (await tagsOf(handle.db, [id])).get(id)!;

    it('learns from reviewers\' corrections, so a new story gets the tag the lexicon missed', async () => {
      await analyzeNarrative({ db: handle.db, engine }, fresh.narrativeId);
      expect((await topicsOf(fresh.narrativeId)).map((t) => t.topic)).to.not.include('privacy');

      expect(await retrainTags({ db: handle.db, engine })).to.deep.include({ kind: 'trained', examples: corrected.length });
      await analyzeNarrative({ db: handle.db, engine }, fresh.narrativeId);
      const privacy = (await topicsOf(fresh.narrativeId)).find((t) => t.topic === 'privacy');
      expect(privacy).to.include({ source: 'classifier' });
      expect(privacy!.evidence).to.include('groepsapp');
    });

    it('gathers corrections close together into one retraining at the end of the window', async () => {
      const jobs = await handle.db.selectFrom('jobs').select(['run_after', 'status']).where('kind', '=', RETRAIN_KIND).execute();
      expect(jobs).to.have.length(1);
      expect(jobs[0]!.status).to.equal('queued');
      expect(jobs[0]!.run_after.getTime() % RETRAIN_DEBOUNCE_MS).to.equal(0);
      expect(jobs[0]!.run_after.getTime()).to.be.greaterThan(Date.now() - 1000);
    });

    it('retrains only when corrections changed, and forgets what it learnt from a withdrawn story', async () => {
      await retrainTags({ db: handle.db, engine });
      expect(await retrainTags({ db: handle.db, engine })).to.deep.equal({ kind: 'unchanged' });
      await withdrawNarrative(handle.db, corrected[0]!.narrativeId);
      expect(await retrainTags({ db: handle.db, engine })).to.deep.include({ kind: 'trained', examples: corrected.length - 1 });
    });

    it('retrains after an admin edited the framework, whose lexicon scores the classifier learnt from', async () => {
      await retrainTags({ db: handle.db, engine });
      await updateFrameworkTopic(handle.db, 'privacy', { description: 'Wie wat over jou weet en mag delen.' }, 'admin@example.org');
      expect(await retrainTags({ db: handle.db, engine })).to.deep.include({ kind: 'trained', examples: corrected.length });
      expect(await retrainTags({ db: handle.db, engine })).to.deep.equal({ kind: 'unchanged' });
    });
  });

  describe(`tags.retrain before any correction [${backend}]`, function () {
    this.timeout(60_000);
    let handle: DatabaseHandle;
    const engine = createThemeEngine({ models: null });
    beforeEach(async () => { handle = await openTestDatabase(backend); });
    afterEach(async () => handle?.close());

    it('keeps the shipped seed until an admin edits the framework, then learns the labelled stories with it', async () => {
      expect(await retrainTags({ db: handle.db, engine })).to.deep.equal({ kind: 'unchanged' });
      await updateFrameworkTopic(handle.db, 'waiting', { description: 'Lang wachten op de juiste hulp.' }, 'admin@example.org');
      expect(await retrainTags({ db: handle.db, engine })).to.deep.include({ kind: 'trained', examples: 0 });
      expect(await retrainTags({ db: handle.db, engine })).to.deep.equal({ kind: 'unchanged' });
    });
  });
}
