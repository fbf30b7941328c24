import { expect } from 'chai';
import { backendNames, testSystem } from '../helpers/backends.ts';
import { newIdempotencyKey, story } from '../helpers/fixtures.ts';
import { staffAgent, tokenFrom, type StaffLogin } from '../helpers/staff.ts';
import { narrativeSubmission } from '../../api/schemas/narrative.ts';
import { saveDetected } from '../../models/redactions.ts';
import { NARRATIVE_SOURCE, redactionTextHash } from '../../workers/pipelines/redaction/story-texts.ts';
import type { System } from '../../system.ts';

const TEXT = 'Mijn voogd Sandra belt nooit terug en meester Bas van school ook niet.';

for (const backend of backendNames()) {
  describe(`Reviewing a story's redaction [${backend}]`, function () {
    this.timeout(60_000);
    let system: System;
    let reviewer: StaffLogin;
    let id: string;

    before(async () => {
      system = await testSystem(backend);
      id = (await system.narratives.submit(narrativeSubmission.parse(story({ text: TEXT })), { idempotencyKey: newIdempotencyKey() })).id;
      const at = TEXT.indexOf('Sandra');
      await saveDetected(system.database.db, id, [{ source: NARRATIVE_SOURCE, textHash: redactionTextHash(TEXT), spans: [{ start: at, end: at + 6, kind: 'name' }] }]);
      reviewer = await staffAgent(system, 'reviewer');
    });
    after(async () => system.database.close());

    /** Opens the story with the original shown (as a reviewer does before changing a mark), then posts. */
    const post = async (login: StaffLogin, body: Record<string, string>, status: number) => {
      const page = await login.agent.get(`/review/stories/${id}?origineel=1`);
      return login.agent.post(`/review/stories/${id}/redaction`).type('form')
        .send({ _csrf: tokenFrom(page.text), source: NARRATIVE_SOURCE, ...body }).expect(status);
    };

    it('hides typed words wherever they occur, and unmasks a mark, each audited once as a change, not as a view', async () => {
      const hash = redactionTextHash(TEXT);
      await post(reviewer, { action: 'add', textHash: hash, words: 'bas' }, 303);
      let page = await reviewer.agent.get(`/review/stories/${id}`).expect(200);
      expect(page.text).to.not.include('Bas').and.not.include('Sandra');

      const at = TEXT.indexOf('Sandra');
      await post(reviewer, { action: 'unmask', textHash: hash, start: String(at), end: String(at + 6) }, 303);
      page = await reviewer.agent.get(`/review/stories/${id}`).expect(200);
      expect(page.text).to.include('Sandra').and.not.include('Bas');

      const events = await system.database.db.selectFrom('audit_events').select(['action', 'detail'])
        .where('actor_email', '=', reviewer.email).where('target_id', '=', id).orderBy('id').execute();
      expect(events.filter((e) => e.action === 'redaction_changed')).to.have.length(2);
      // Only the pages opened count as views: two with the original, two redacted.
      expect(events.filter((e) => e.action === 'story_viewed')).to.have.length(4);
    });

    it('refuses a change made on a text that changed since, and words that are not in it', async () => {
      const stale = await post(reviewer, { action: 'add', textHash: '0123456789abcdef', words: 'voogd' }, 409);
      expect(stale.text).to.include('Deze tekst is intussen veranderd');
      const missing = await post(reviewer, { action: 'add', textHash: redactionTextHash(TEXT), words: 'fietsenmaker' }, 422);
      expect(missing.text).to.include('staat niet in deze tekst');
    });

    it('is for reviewers: a municipality officer cannot change what is masked', async () => {
      const officer = await staffAgent(system, 'municipality', { municipalities: [story().municipality as string] });
      await post(officer, { action: 'unmask', textHash: redactionTextHash(TEXT), start: '0', end: '4' }, 404);
    });
  });
}
