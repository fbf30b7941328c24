import { expect } from 'chai';
import { backendNames, testSystem } from '../helpers/backends.ts';
import { newIdempotencyKey, UTRECHT } from '../helpers/fixtures.ts';
import { narrativeSubmission } from '../../api/schemas/narrative.ts';
import { listStories } from '../../models/review-stories.ts';
import type { Viewer } from '../../models/staff.ts';
import type { System } from '../../system.ts';

const admin: Viewer = { userId: '00000000-0000-4000-8000-000000000000', email: 'a@example.nl', role: 'admin', scope: { providers: [], regions: [], municipalities: [] } };

for (const backend of backendNames()) {
  describe(`story list sorted by relevance (${backend})`, function () {
    this.timeout(60_000);
    let system: System;
    const ids: Record<string, string> = {};
    const add = async (key: string, text: string) => {
      const input = narrativeSubmission.parse({ role: 'youth', ageBand: '16-17', municipality: UTRECHT, consent: 'reviewers', urgent: false, text });
      ids[key] = (await system.narratives.submit(input, { idempotencyKey: newIdempotencyKey() })).id;
    };

    before(async () => {
      system = await testSystem(backend);
      await add('once', 'Ik stond op een wachtlijst, verder ging alles goed met school en sport en vrienden.');
      await add('twice', 'De wachtlijst is lang. Wachtlijst na wachtlijst.');
      await add('none', 'Mijn begeleider luistert goed.');
    });
    after(async () => system?.database.close());

    it('puts the best match first, leaves out stories without the words, and pages by offset', async () => {
      const page = await listStories(system.database.db, admin, { q: 'wachtlijst' }, { sort: 'relevance' });
      expect(page.items.map((i) => i.id)).to.deep.equal([ids.twice, ids.once]);
      expect(page.total).to.equal(2);
      const small = await listStories(system.database.db, admin, { q: 'wachtlijst' }, { sort: 'relevance', size: 1 });
      expect(small.items.map((i) => i.id)).to.deep.equal([ids.twice]);
      expect(small.next).to.equal('1');
      const second = await listStories(system.database.db, admin, { q: 'wachtlijst' }, { sort: 'relevance', size: 1, after: small.next! });
      expect(second.items.map((i) => i.id)).to.deep.equal([ids.once]);
      expect(second.next).to.equal(null);
    });
  });
}
