import { expect } from 'chai';
import { analyze, type Token } from '../../../../workers/pipelines/text/analyze.ts';
import { stemWord } from '../../../../workers/pipelines/text/stem.ts';

const token = (tokens: Token[], surface: string): Token => {
  const found = tokens.find((t) => t.surface === surface);
  if (!found) throw new Error(`no token ${surface}`);
  return found;
};

describe('analyze', function () {
  this.timeout(60_000);

  it('gives every word its surface, normal form, stem and stop-word flag', () => {
    const { tokens } = analyze("De auto's van de Gezinsvoogd");
    const autos = token(tokens, "auto's");
    expect(autos.norm).to.equal('autos');
    expect(autos.stem).to.equal(stemWord('auto'));
    expect(autos.stop).to.equal(false);
    expect(token(tokens, 'De').stop).to.equal(true);
    expect(token(tokens, 'Gezinsvoogd').norm).to.equal('gezinsvoogd');
    expect(tokens.map((t) => t.index)).to.deep.equal([0, 1, 2, 3, 4]);
  });

  it('gives verb forms one stem', () => {
    const stems = ['luistert', 'luisterde', 'luisteren', 'luisterden'].map((word) => analyze(word).tokens[0]!.stem);
    expect(new Set(stems).size).to.equal(1);
  });

  it('marks words after "niet" as negated, and "niet geholpen" differs from "geholpen"', () => {
    const negated = analyze('Ik werd niet geholpen.').tokens;
    const plain = analyze('Ik werd geholpen.').tokens;
    expect(token(negated, 'geholpen').negated).to.equal(true);
    expect(token(negated, 'niet').negation).to.equal(true);
    expect(token(plain, 'geholpen').negated).to.equal(false);
  });

  it('also negates the content word just before "niet" (Dutch verb second)', () => {
    const { tokens } = analyze('Ze luisterden niet naar mij');
    expect(token(tokens, 'luisterden').negated).to.equal(true);
  });

  it('knows geen, nooit, niemand, nergens, niks, niets and chat "nie"', () => {
    for (const [text, word] of [
      ['geen hulp gekregen', 'hulp'],
      ['nooit gebeld', 'gebeld'],
      ['niemand luisterde', 'luisterde'],
      ['nergens terecht', 'terecht'],
      ['niks gehoord', 'gehoord'],
      ['niets veranderd', 'veranderd'],
      ['ze luisteren nie', 'luisteren'],
      ['k heb nx gehoord', 'gehoord'],
      ['nieman luisterde', 'luisterde'],
      ['ik kreeg gn hulp', 'hulp'],
      ['ze belden nooooit', 'belden'],
    ] as const) {
      expect(token(analyze(text).tokens, word).negated, text).to.equal(true);
    }
  });

  it('ends the negation scope at punctuation and at "maar"', () => {
    const { tokens } = analyze('Ik was niet boos maar verdrietig. Blij, niet bang; wel moe');
    expect(token(tokens, 'boos').negated).to.equal(true);
    expect(token(tokens, 'verdrietig').negated).to.equal(false);
    expect(token(tokens, 'Blij').negated).to.equal(false);
    expect(token(tokens, 'bang').negated).to.equal(true);
    expect(token(tokens, 'moe').negated).to.equal(false);
  });

  it('does not read "niet alleen ... maar ook" as a negation', () => {
    const { tokens } = analyze('niet alleen school maar ook thuis');
    expect(token(tokens, 'school').negated).to.equal(false);
  });

  it('numbers sentences and clauses', () => {
    const { tokens } = analyze('Eerst wachten, toen praten. Daarna rust!');
    expect(tokens.map((t) => t.sentence)).to.deep.equal([0, 0, 0, 0, 1, 1]);
    expect(token(tokens, 'praten').clause).to.be.greaterThan(token(tokens, 'wachten').clause);
  });

  it('keeps numbers and emoji as their own kinds, never stop words', () => {
    const { tokens } = analyze('Met 18 jaar stond ik er alleen voor 😢');
    expect(token(tokens, '18').kind).to.equal('number');
    expect(token(tokens, '18').stop).to.equal(false);
    expect(token(tokens, '😢').kind).to.equal('emoji');
  });

  it('adds compound-part stems to compounds and hyphenated words', () => {
    const { tokens } = analyze('De jeugdzorginstelling en de jeugd-ggz');
    expect(token(tokens, 'jeugdzorginstelling').parts).to.include.members([stemWord('jeugd'), stemWord('zorg'), stemWord('instelling')]);
    expect(token(tokens, 'jeugd-ggz').parts).to.include.members([stemWord('jeugd'), 'ggz']);
    expect(token(tokens, 'De').parts).to.equal(undefined);
  });

  it('handles empty and symbol-only text', () => {
    expect(analyze('').tokens).to.deep.equal([]);
    expect(analyze('... !!! ###').tokens).to.deep.equal([]);
  });
});
