import { expect } from 'chai';
import { backendNames, openTestDatabase } from '../../helpers/backends.ts';
import { createLogger } from '../../../lib/logger.ts';
import type { DatabaseHandle } from '../../../models/db.ts';
import { enqueue } from '../../../models/jobs.ts';
import { addAddition, withdrawNarrative } from '../../../models/narratives.ts';
import { loadRedactions } from '../../../models/redactions.ts';
import { upsertProvider } from '../../../models/providers.ts';
import { createWorker } from '../../../workers/runner.ts';
import { ANALYZE_KIND } from '../../../workers/jobs/analyze-narrative.ts';
import { REDACT_KIND, redactNarrative, redactNarrativeJob } from '../../../workers/jobs/redact-narrative.ts';
import { themeJobs } from '../../../workers/jobs/theme-jobs.ts';
import { loadNameLexicon, type NameLexicon } from '../../../workers/pipelines/redaction/lexicon.ts';
import { redact } from '../../../workers/pipelines/redaction/mask.ts';
import { insertStories, prepareReferenceData, type LabelledStory } from '../../models/theme-fixtures.ts';

const log = createLogger('silent');
const story = (text: string): LabelledStory => ({ id: 'x', text, theme: 'x', tags: [], tone: 'negative', urgent: false, role: 'youth' });
const TEXT = 'Mijn voogd Sandra belt nooit terug. Bel mij maar op 06-12345678.';

describe('narrative.redact', function () {
  let lexicon: NameLexicon;
  before(async function () {
    this.timeout(30_000);
    lexicon = await loadNameLexicon();
  });

  for (const backend of backendNames()) {
    describe(`[${backend}]`, function () {
      this.timeout(60_000);
      let handle: DatabaseHandle;
      let providers: string[];
      beforeEach(async () => {
        handle = await openTestDatabase(backend);
        providers = await prepareReferenceData(handle.db);
      });
      afterEach(async () => handle?.close());

      const deps = () => ({ db: handle.db, lexicon: async () => lexicon });
      const insert = async (text: string) => (await insertStories(handle.db, [story(text)], providers))[0]!.narrativeId;
      const redactedText = async (id: string, source: string, text: string) =>
        redact(text, (await loadRedactions(handle.db, [id])).get(id)!.get(source)!.spans).text;
      const detectedAt = async (id: string) => new Map((await handle.db.selectFrom('text_redactions')
        .select(['source', 'detected_at']).where('narrative_id', '=', id).execute()).map((r) => [r.source, r.detected_at.getTime()]));

      it('stores the personal data of a story for staff screens', async () => {
        const id = await insert(TEXT);
        expect(await redactNarrative(deps(), id)).to.deep.equal({ kind: 'redacted', detected: 1, unchanged: 0, removed: 0 });
        expect(await redactedText(id, 'narrative', TEXT)).to.equal('Mijn voogd [naam] belt nooit terug. Bel mij maar op [telefoonnummer].');
      });

      it('detects a new or changed text again and skips unchanged ones', async () => {
        const id = await insert(TEXT);
        await redactNarrative(deps(), id);
        const before = await detectedAt(id);
        expect(await redactNarrative(deps(), id)).to.deep.equal({ kind: 'redacted', detected: 0, unchanged: 1, removed: 0 });
        expect(await detectedAt(id)).to.deep.equal(before);

        expect(await addAddition(handle.db, id, 'Meester Bas heeft ons wel geholpen.')).to.equal(true);
        const addition = await handle.db.selectFrom('narrative_additions').select('id').where('narrative_id', '=', id).executeTakeFirstOrThrow();
        expect(await redactNarrative(deps(), id)).to.deep.equal({ kind: 'redacted', detected: 1, unchanged: 1, removed: 0 });
        expect((await detectedAt(id)).get('narrative')).to.equal(before.get('narrative'));
        expect(await redactedText(id, `addition:${addition.id}`, 'Meester Bas heeft ons wel geholpen.'))
          .to.equal('Meester [naam] heeft ons wel geholpen.');

        // A text that changes in place (a corrected transcript does) is detected again; the old spans go.
        await handle.db.updateTable('narrative_additions').set({ text: 'Juf Anouk ook.' }).where('id', '=', addition.id).execute();
        expect(await redactNarrative(deps(), id)).to.deep.equal({ kind: 'redacted', detected: 1, unchanged: 1, removed: 0 });
        expect(await redactedText(id, `addition:${addition.id}`, 'Juf Anouk ook.')).to.equal('Juf [naam] ook.');
      });

      it('keeps care providers named after a person readable', async () => {
        await upsertProvider(handle.db, { name: 'Timon', municipalities: [], regions: [], careTypes: [] });
        const text = 'Bij Timon luisterde Fatima eindelijk.';
        const id = await insert(text);
        await redactNarrative(deps(), id);
        expect(await redactedText(id, 'narrative', text)).to.equal('Bij Timon luisterde [naam] eindelijk.');
      });

      it('does nothing for a withdrawn story', async () => {
        const id = await insert(TEXT);
        await withdrawNarrative(handle.db, id);
        expect(await redactNarrative(deps(), id)).to.deep.equal({ kind: 'gone' });
      });

      it('follows analysis once per version of the texts', async () => {
        const id = await insert(TEXT);
        const handlers = [...themeJobs({ db: handle.db, reclusterEvery: 50, models: null }), redactNarrativeJob(deps())];
        const drain = () => createWorker({ db: handle.db, log, handlers, pollMs: 20 }).drain();
        const jobs = (kind: string) => handle.db.selectFrom('jobs').select('status').where('kind', '=', kind).orderBy('id').execute();
        await drain();
        expect((await jobs(REDACT_KIND)).map((j) => j.status)).to.deep.equal(['done']);
        expect((await loadRedactions(handle.db, [id])).get(id)!.get('narrative')!.spans.map((s) => s.kind)).to.deep.equal(['name', 'phone']);

        // Analysing the same texts again (as re-clustering does) queues no second redaction.
        await enqueue(handle.db, ANALYZE_KIND, { narrativeId: id });
        await drain();
        expect(await jobs(REDACT_KIND)).to.have.length(1);

        await addAddition(handle.db, id, 'Nog een stukje.');
        await drain();
        expect((await jobs(REDACT_KIND)).map((j) => j.status)).to.deep.equal(['done', 'done']);
        expect((await loadRedactions(handle.db, [id])).get(id)!.size).to.equal(2);
      });
    });
  }
});
