import { expect } from 'chai';
import { redactionTextHash, sourcesHash, storySources, type StoryTexts } from '../../../../workers/pipelines/redaction/story-texts.ts';

const story: StoryTexts = {
  text: 'Mijn verhaal.',
  additions: [{ id: 'a1', text: 'Erbij.' }, { id: 'a2', text: '  ' }],
  parts: [
    { id: 'p1', kind: 'audio', text: 'Ingesproken.', caption: null },
    { id: 'p2', kind: 'image', text: null, caption: 'Mijn tekening' },
  ],
};

describe('redaction: story texts by source', () => {
  it('keys every non-empty text by where it comes from', () => {
    expect(storySources(story)).to.deep.equal([
      { source: 'narrative', text: 'Mijn verhaal.' },
      { source: 'addition:a1', text: 'Erbij.' },
      { source: 'transcript:p1', text: 'Ingesproken.' },
      { source: 'caption:p2', text: 'Mijn tekening' },
    ]);
  });

  it('hashes a text to 16 hex characters and the whole story so any changed text shows', () => {
    expect(redactionTextHash('Mijn verhaal.')).to.match(/^[0-9a-f]{16}$/);
    const base = sourcesHash(storySources(story));
    expect(sourcesHash(storySources({ ...story }))).to.equal(base);
    expect(sourcesHash(storySources({ ...story, additions: [{ id: 'a1', text: 'Erbij!' }] }))).to.not.equal(base);
    expect(sourcesHash(storySources({ ...story, additions: [{ id: 'a3', text: 'Erbij.' }] }))).to.not.equal(base);
  });
});
