import { expect } from 'chai';
import { tokenize } from '../../../../workers/pipelines/text/tokenize.ts';

const words = (text: string): string[] => tokenize(text).filter((t) => t.kind === 'word').map((t) => t.text);

describe('tokenize', () => {
  it('keeps apostrophe plurals, clitics and hyphenated words whole', () => {
    expect(words("De auto's van m'n oom, 's avonds een 18-jarige jeugd-ggz cliënt")).to.deep.equal([
      'De', "auto's", 'van', "m'n", 'oom', "'s", 'avonds', 'een', '18-jarige', 'jeugd-ggz', 'cliënt',
    ]);
  });

  it('reads numbers with decimal commas, times and thousands as one number', () => {
    const numbers = tokenize('Ik was 12. Om 10:30 kostte het 3,5 euro, of 1.000 euro?').filter((t) => t.kind === 'number');
    expect(numbers.map((t) => t.text)).to.deep.equal(['12', '10:30', '3,5', '1.000']);
  });

  it('keeps emoji, including modifiers and joined sequences, as their own tokens', () => {
    const emoji = tokenize('Echt fijn 👍🏽 maar ook 😢😢 en 👨‍👩‍👧').filter((t) => t.kind === 'emoji');
    expect(emoji.map((t) => t.text)).to.deep.equal(['👍🏽', '😢', '😢', '👨‍👩‍👧']);
  });

  it('marks sentence ends and clause ends, and drops other symbols', () => {
    const kinds = tokenize('Hoi! Ik ben boos, heel boos; (echt) #nietok').map((t) => t.kind);
    expect(kinds).to.deep.equal(['word', 'sentenceEnd', 'word', 'word', 'word', 'clauseEnd', 'word', 'word', 'clauseEnd', 'clauseEnd', 'word', 'clauseEnd', 'word']);
  });

  it('reports character offsets of each token', () => {
    const text = 'Wij wachten al lang.';
    for (const token of tokenize(text)) expect(text.slice(token.start, token.start + token.text.length)).to.equal(token.text);
  });
});
