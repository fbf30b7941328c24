import { expect } from 'chai';
import { analyze } from '../../../../workers/pipelines/text/analyze.ts';
import {
  compilePattern,
  findMatches,
  matchedText,
  matchKey,
  selectLongest,
  type MatchOptions,
} from '../../../../workers/pipelines/signals/lexicon.ts';

function matchTexts(text: string, terms: string[], options?: Partial<MatchOptions>): string[] {
  const analyzed = analyze(text);
  const patterns = terms.map(compilePattern);
  const matches = findMatches(analyzed, patterns, { maxGap: 2, parts: 'head', ...options });
  return matches.map((match) => `${terms[match.pattern]}=${matchedText(text, analyzed, match)}`);
}

describe('signals/lexicon', () => {
  it('folds a doubled vowel in the last closed syllable only', () => {
    expect(matchKey('hoor')).to.equal('hor');
    expect(matchKey('praat')).to.equal('prat');
    expect(matchKey('veerkrach')).to.equal('veerkrach');
  });

  it('matches inflected forms of an entry', () => {
    expect(matchTexts('We staan op twee wachtlijsten.', ['wachtlijst'])).to.deep.equal(['wachtlijst=wachtlijsten']);
    expect(matchTexts('Ze luisterde nooit.', ['luisteren'])).to.deep.equal(['luisteren=luisterde']);
    expect(matchTexts('Hij hoort me niet.', ['horen'])).to.deep.equal(['horen=hoort']);
  });

  it('matches phrases in order with a small gap, within one sentence', () => {
    expect(matchTexts('We hebben maanden op hulp gewacht.', ['maanden gewacht'], { maxGap: 3 })).to.deep.equal([
      'maanden gewacht=maanden op hulp gewacht',
    ]);
    expect(matchTexts('We hebben maanden op hulp gewacht.', ['maanden gewacht'], { maxGap: 1 })).to.deep.equal([]);
    expect(matchTexts('Het duurde maanden. Gewacht hebben we niet.', ['maanden gewacht'])).to.deep.equal([]);
    expect(matchTexts('Gewacht maanden.', ['maanden gewacht'])).to.deep.equal([]);
  });

  it('ignores articles in an entry but keeps "één"', () => {
    expect(compilePattern('wachten op een intake').keys).to.have.length(3);
    expect(matchTexts('Wachten op de intake duurde lang.', ['wachten op een intake'])).to.have.length(1);
    expect(compilePattern('één aanspreekpunt').keys).to.have.length(2);
    expect(matchTexts('We hebben nu één aanspreekpunt.', ['één aanspreekpunt'])).to.have.length(1);
    expect(matchTexts('Ik bel en aanspreekpunt is er niet.', ['één aanspreekpunt'])).to.deep.equal([]);
  });

  it('a gap in a phrase never spans a clause boundary, adjacent words may', () => {
    expect(matchTexts('Iedereen weet het.', ['iedereen weet'])).to.have.length(1);
    expect(matchTexts('Ze kent iedereen en weet hoe het moet.', ['iedereen weet'])).to.deep.equal([]);
    expect(matchTexts('Mijn papa en mama kwamen mee.', ['papa en mama'])).to.have.length(1);
  });

  it('matches the head of a compound, not a modifier, unless any part is allowed', () => {
    expect(matchTexts('De jeugdzorgwachtlijst is lang.', ['wachtlijst'])).to.deep.equal(['wachtlijst=jeugdzorgwachtlijst']);
    expect(matchTexts('De gezinsvoogd belde.', ['gezin'])).to.deep.equal([]);
    expect(matchTexts('Ik heb zelfmoordgedachten.', ['zelfmoord'], { parts: 'any' })).to.deep.equal(['zelfmoord=zelfmoordgedachten']);
    expect(matchTexts('Ik heb zelfmoordgedachten.', ['zelfmoord'], { parts: 'none' })).to.deep.equal([]);
  });

  it('an "=" entry matches only that exact word', () => {
    expect(matchTexts('De begeleider was geweldig.', ['geweld'])).to.have.length(1);
    expect(matchTexts('De begeleider was geweldig.', ['=geweld'])).to.deep.equal([]);
    expect(matchTexts('Er was veel geweld.', ['=geweld'])).to.deep.equal(['=geweld=geweld']);
  });

  it('marks a match negated unless the entry contains the negation itself', () => {
    const analyzed = analyze('Ze hebben niet geluisterd.');
    const patterns = ['geluisterd', 'niet geluisterd'].map(compilePattern);
    const matches = findMatches(analyzed, patterns);
    expect(matches.find((match) => match.pattern === 0)!.negated).to.equal(true);
    expect(matches.find((match) => match.pattern === 1)!.negated).to.equal(false);
  });

  it('selectLongest keeps the longest non-overlapping matches', () => {
    const analyzed = analyze('We moesten maanden wachten op hulp.');
    const terms = ['wachten', 'maanden wachten', 'hulp'];
    const kept = selectLongest(findMatches(analyzed, terms.map(compilePattern)));
    expect(kept.map((match) => terms[match.pattern])).to.deep.equal(['maanden wachten', 'hulp']);
  });
});
