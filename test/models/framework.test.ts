import { expect } from 'chai';
import { backendNames, openTestDatabase } from '../helpers/backends.ts';
import { AppError } from '../../lib/errors.ts';
import type { DatabaseHandle } from '../../models/db.ts';
import { addFrameworkTopic, listFrameworkTopics, loadFramework, syncFrameworkSeed, updateFrameworkTopic } from '../../models/framework.ts';
import { tagsOf } from '../../models/tags.ts';
import { analyzeNarrative } from '../../workers/jobs/analyze-narrative.ts';
import { createThemeEngine } from '../../workers/jobs/theme-engine.ts';
import { frameworkSchema } from '../../workers/pipelines/signals/schemas.ts';
import { frameworkSeed } from '../../workers/pipelines/signals/seeds.ts';
import { insertStories, prepareReferenceData } from './theme-fixtures.ts';

for (const backend of backendNames()) {
  describe(`Topic framework in the database [${backend}]`, function () {
    this.timeout(60_000);
    let handle: DatabaseHandle;
    beforeEach(async () => { handle = await openTestDatabase(backend); });
    afterEach(async () => handle?.close());

    it('starts as the seed, with every topic and its settings', async () => {
      expect(await loadFramework(handle.db)).to.deep.equal(frameworkSchema.parse(frameworkSeed()));
    });

    it('keeps an admin\'s edit when the seed changes, and follows the seed elsewhere', async () => {
      await loadFramework(handle.db);
      const seed = frameworkSeed();
      const [edited, untouched, dropped] = seed.topics;
      await updateFrameworkTopic(handle.db, edited!.key, { lexicon: [{ term: 'wachtkamer', weight: 0.9, negation: 'any' }] }, 'admin-1');

      const newer = {
        ...seed,
        topics: seed.topics.filter((t) => t.key !== dropped!.key).map((t) => ({ ...t, description: `${t.description} (nieuw)` })),
      };
      await syncFrameworkSeed(handle.db, newer);
      const topics = new Map((await listFrameworkTopics(handle.db)).map((t) => [t.key, t]));
      expect(topics.get(edited!.key)).to.deep.include({ customized: true, updatedBy: 'admin-1', description: edited!.description, active: true });
      expect(topics.get(edited!.key)!.lexicon.map((e) => e.term)).to.deep.equal(['wachtkamer']);
      expect(topics.get(untouched!.key)).to.deep.include({ customized: false, description: `${untouched!.description} (nieuw)` });
      expect(topics.get(dropped!.key)!.active).to.equal(false);
      expect((await loadFramework(handle.db)).topics.map((t) => t.key)).to.not.include(dropped!.key);
    });

    it('refuses an edit that would break tagging, and an unknown topic', async () => {
      await loadFramework(handle.db);
      const key = frameworkSeed().topics[0]!.key;
      const invalid = await updateFrameworkTopic(handle.db, key, { lexicon: [] }, 'admin-1').catch((e: unknown) => e);
      expect(invalid).to.be.instanceOf(AppError);
      expect((invalid as AppError).fields).to.have.property('lexicon');
      const unknown = await updateFrameworkTopic(handle.db, 'no_such_topic', { label: 'X' }, 'admin-1').catch((e: unknown) => e);
      expect((unknown as AppError).status).to.equal(404);
    });

    it('tags stories with a topic an admin added', async () => {
      const providers = await prepareReferenceData(handle.db);
      await addFrameworkTopic(handle.db, {
        key: 'sport', label: 'Sport en bewegen', description: 'Sport, clubs en bewegen.',
        lexicon: [{ term: 'voetbalclub', weight: 0.9, negation: 'any' }, { term: 'zwemles', weight: 0.8, negation: 'any' }],
      }, 'admin-1');
      const [story] = await insertStories(handle.db, [{
        id: 'x', theme: 'other', tags: [], tone: 'positive', urgent: false, role: 'child',
        text: 'Mijn begeleider bracht me elke week naar de voetbalclub en dat vond ik heel fijn.',
      }], providers);
      await analyzeNarrative({ db: handle.db, engine: createThemeEngine({ models: null }) }, story!.narrativeId);
      const tags = (await tagsOf(handle.db, [story!.narrativeId])).get(story!.narrativeId)!;
      expect(tags.find((t) => t.topic === 'sport')).to.deep.include({ source: 'lexicon', evidence: ['voetbalclub'] });
    });
  });
}
