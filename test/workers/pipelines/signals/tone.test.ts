import { expect } from 'chai';
import { assessTone } from '../../../../workers/pipelines/signals/tone.ts';
import { sentimentSeed } from '../../../../workers/pipelines/signals/seeds.ts';

const toneOf = (text: string): string => assessTone(text).tone;

describe('signals/tone', () => {
  it('reads plain positive and negative stories', () => {
    expect(toneOf('De begeleiding was heel fijn en ik ben echt blij met mijn mentor.')).to.equal('positive');
    expect(toneOf('Het was verschrikkelijk, ik was boos en verdrietig.')).to.equal('negative');
  });

  it('understands youth slang', () => {
    expect(toneOf('De groep is echt vet en de leiding is chill.')).to.equal('positive');
    expect(toneOf('Die nieuwe regel is echt kut.')).to.equal('negative');
    expect(toneOf('Ze is top.')).to.equal('positive');
    expect(toneOf('Echt niet oké hoe ze met ons omgingen.')).to.equal('negative');
  });

  it('negation flips a positive and softens a negative into a mild positive', () => {
    const notNice = assessTone('Het was niet fijn.');
    expect(notNice.tone).to.equal('negative');
    const notBad = assessTone('Het was niet slecht.');
    expect(notBad.tone).to.equal('positive');
    const bad = assessTone('Het was slecht.');
    expect(notBad.positive).to.be.below(bad.negative);
  });

  it('intensifiers make a term weigh more', () => {
    expect(assessTone('Het was super fijn.').positive).to.be.above(assessTone('Het was fijn.').positive);
    expect(assessTone('Het was een beetje jammer.').negative).to.be.below(assessTone('Het was jammer.').negative);
  });

  it('an intensifier that is also a sentiment word only intensifies before a term', () => {
    const intensified = assessTone('Het was erg fijn.');
    expect(intensified.tone).to.equal('positive');
    expect(intensified.negative).to.equal(0);
  });

  it('after "maar" the rest of the sentence weighs more', () => {
    expect(toneOf('De begeleider was aardig, maar ik was vaak boos en verdrietig.')).to.equal('negative');
    expect(toneOf('Het wachten was een beetje vervelend, maar de hulp was echt fijn en ik ben heel blij.')).to.equal('positive');
    const withContrast = assessTone('Het was fijn, maar jammer.');
    const withoutContrast = assessTone('Het was fijn en jammer.');
    expect(withContrast.negative).to.be.above(withoutContrast.negative);
    expect(withContrast.positive).to.be.below(withoutContrast.positive);
  });

  it('a sentence opening with "Maar" weighs more than the one before', () => {
    const result = assessTone('De intake was fijn. Maar daarna was het vervelend.');
    expect(result.negative).to.be.above(result.positive);
  });

  it('clear evidence on both sides is mixed', () => {
    expect(toneOf('Mijn begeleider is heel lief en fijn. De wachtlijst was vreselijk en ik was boos.')).to.equal('mixed');
  });

  it('phrases beat their words', () => {
    const result = assessTone('Niemand luisterde.');
    expect(result.tone).to.equal('negative');
    expect(result.evidence.map((e) => e.text)).to.deep.equal(['Niemand luisterde']);
  });

  it('a negation that flips no term is a weak complaint cue', () => {
    const result = assessTone('Ze vroegen nooit wat ik wilde.');
    expect(result.tone).to.equal('negative');
    expect(result.negative).to.be.below(1);
  });

  it('reports its evidence with values', () => {
    const result = assessTone('Het was heel fijn.');
    expect(result.evidence).to.have.length(1);
    expect(result.evidence[0]!.text).to.equal('fijn');
    expect(result.evidence[0]!.value).to.be.above(2);
    expect(result.balance).to.equal(1);
  });

  it('the sentiment lexicon covers slang and has no zero polarities', () => {
    const terms = new Map(sentimentSeed().terms.map((entry) => [entry.term, entry.polarity]));
    for (const word of ['kut', 'vet', 'chill', 'top', 'echt niet oké']) expect(terms.has(word), word).to.equal(true);
    expect([...terms.values()].every((polarity) => polarity !== 0)).to.equal(true);
  });
});
