import { expect } from 'chai';
import { backendNames, openTestDatabase } from '../helpers/backends.ts';
import type { DatabaseHandle } from '../../models/db.ts';
import { saveMachineTranscript, saveOcr } from '../../models/media.ts';
import { addAddition, insertNarrative, withdrawNarrative } from '../../models/narratives.ts';
import { addOverride, detectedHashes, loadRedactions, saveDetected, storyTextsOf } from '../../models/redactions.ts';
import { redactionTextHash, storySources } from '../../workers/pipelines/redaction/story-texts.ts';
import { insertStories, prepareReferenceData, type LabelledStory } from './theme-fixtures.ts';

const story = (text: string): LabelledStory => ({ id: 'x', text, theme: 'x', tags: [], tone: 'negative', urgent: false, role: 'youth' });

for (const backend of backendNames()) {
  describe(`models/redactions [${backend}]`, function () {
    this.timeout(60_000);
    let handle: DatabaseHandle;
    let providers: string[];
    beforeEach(async () => {
      handle = await openTestDatabase(backend);
      providers = await prepareReferenceData(handle.db);
    });
    afterEach(async () => handle?.close());

    const twoStories = async () => {
      const [a, b] = await insertStories(handle.db, [story('Mijn voogd Sandra belt nooit.'), story('Bel me op 06-12345678.')], providers);
      return [a!.narrativeId, b!.narrativeId] as const;
    };

    it('stores spans per text and loads many stories at once', async () => {
      const [a, b] = await twoStories();
      await saveDetected(handle.db, a, [
        { source: 'narrative', textHash: 'h-a', spans: [{ start: 11, end: 17, kind: 'name' }] },
        { source: 'addition:x', textHash: 'h-x', spans: [] },
      ]);
      await saveDetected(handle.db, b, [{ source: 'narrative', textHash: 'h-b', spans: [{ start: 10, end: 21, kind: 'phone' }] }]);
      const loaded = await loadRedactions(handle.db, [a, b]);
      expect(loaded.get(a)!.get('narrative')).to.deep.equal({ textHash: 'h-a', spans: [{ start: 11, end: 17, kind: 'name' }] });
      expect(loaded.get(a)!.get('addition:x')).to.deep.equal({ textHash: 'h-x', spans: [] });
      expect(loaded.get(b)!.get('narrative')!.spans).to.deep.equal([{ start: 10, end: 21, kind: 'phone' }]);
      expect(await loadRedactions(handle.db, [])).to.deep.equal(new Map());
    });

    it('replaces a text\'s spans and drops texts the story no longer has', async () => {
      const [a] = await twoStories();
      await saveDetected(handle.db, a, [
        { source: 'narrative', textHash: 'h1', spans: [{ start: 0, end: 4, kind: 'name' }] },
        { source: 'caption:p', textHash: 'c1', spans: [] },
      ]);
      await saveDetected(handle.db, a, [{ source: 'narrative', textHash: 'h2', spans: [{ start: 5, end: 9, kind: 'name' }] }]);
      expect(await detectedHashes(handle.db, a)).to.deep.equal(new Map([['narrative', 'h2']]));
      // Only changed texts passed in, the unchanged ones named as current: those stay.
      await saveDetected(handle.db, a, [{ source: 'addition:y', textHash: 'y1', spans: [] }], ['narrative', 'addition:y']);
      expect(await detectedHashes(handle.db, a)).to.deep.equal(new Map([['narrative', 'h2'], ['addition:y', 'y1']]));
    });

    it('applies reviewers\' overrides only to the text they were made on, in order', async () => {
      const [a] = await twoStories();
      const spans = [{ start: 11, end: 17, kind: 'name' as const }];
      await saveDetected(handle.db, a, [{ source: 'narrative', textHash: 'h1', spans }]);
      await addOverride(handle.db, { narrativeId: a, source: 'narrative', textHash: 'h1', start: 11, end: 17, action: 'unmask', actor: 'r1' });
      await addOverride(handle.db, { narrativeId: a, source: 'narrative', textHash: 'h1', start: 0, end: 4, action: 'add', actor: 'r1' });
      await addOverride(handle.db, { narrativeId: a, source: 'narrative', textHash: 'old', start: 18, end: 22, action: 'add', kind: 'name' });
      expect((await loadRedactions(handle.db, [a])).get(a)!.get('narrative')!.spans).to.deep.equal([{ start: 0, end: 4, kind: 'other' }]);

      // The text changed (a corrected transcript, say): the detection is new and the old decisions no longer apply.
      await saveDetected(handle.db, a, [{ source: 'narrative', textHash: 'h2', spans }]);
      expect((await loadRedactions(handle.db, [a])).get(a)!.get('narrative')).to.deep.equal({ textHash: 'h2', spans });
    });

    it('erases spans and overrides with the story', async () => {
      const [a, b] = await twoStories();
      for (const id of [a, b]) {
        await saveDetected(handle.db, id, [{ source: 'narrative', textHash: 'h', spans: [{ start: 0, end: 4, kind: 'name' }] }]);
        await addOverride(handle.db, { narrativeId: id, source: 'narrative', textHash: 'h', start: 0, end: 4, action: 'unmask' });
      }
      expect(await withdrawNarrative(handle.db, a)).to.equal(true);
      const left = async (table: 'text_redactions' | 'redaction_overrides') =>
        (await handle.db.selectFrom(table).select('narrative_id').execute()).map((r) => r.narrative_id);
      expect(await left('text_redactions')).to.deep.equal([b]);
      expect(await left('redaction_overrides')).to.deep.equal([b]);
      expect(await saveDetected(handle.db, a, [{ source: 'narrative', textHash: 'h', spans: [] }])).to.equal(false);
    });

    it('reads every text of a story under its source key', async () => {
      const created = await insertNarrative(handle.db, {
        sharerRole: 'parent', ageBand: '24+', municipalityCode: 'GM0014', providerId: providers[0]!, careType: null,
        text: 'Ons verhaal.', feeling: null, consent: 'reviewers', contactCipher: null, urgent: false, childMode: false,
        receiptBucket: 1, receiptHash: 'r', idempotencyKey: null, requestFingerprint: null,
      }, [
        { kind: 'audio', mediaKey: 'a.webm', mime: 'audio/webm', bytes: 10 },
        { kind: 'image', mediaKey: 'b.png', mime: 'image/png', bytes: 10, caption: 'Tekening van Daan' },
      ]);
      const id = created.id;
      expect(await addAddition(handle.db, id, 'Nog iets.')).to.equal(true);
      const parts = await handle.db.selectFrom('narrative_parts').select(['id', 'kind']).where('narrative_id', '=', id).orderBy('position').execute();
      const [audio, image] = [parts.find((p) => p.kind === 'audio')!.id, parts.find((p) => p.kind === 'image')!.id];
      await saveMachineTranscript(handle.db, audio, { text: 'Ik heet Sanne.', segments: [], model: 'test' });
      await saveOcr(handle.db, image, 'Voor juf Anouk', 0.9);
      const addition = await handle.db.selectFrom('narrative_additions').select('id').where('narrative_id', '=', id).executeTakeFirstOrThrow();

      const texts = (await storyTextsOf(handle.db, [id])).get(id)!;
      expect(storySources(texts)).to.deep.equal([
        { source: 'narrative', text: 'Ons verhaal.' },
        { source: `addition:${addition.id}`, text: 'Nog iets.' },
        { source: `transcript:${audio}`, text: 'Ik heet Sanne.' },
        { source: `caption:${image}`, text: 'Tekening van Daan' },
        { source: `ocr:${image}`, text: 'Voor juf Anouk' },
      ]);
      expect(redactionTextHash('Ons verhaal.')).to.match(/^[0-9a-f]{16}$/);
    });
  });
}
