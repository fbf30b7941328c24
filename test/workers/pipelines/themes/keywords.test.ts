import { expect } from 'chai';
import { generateCorpus } from '../../../../scripts/generate-corpus.ts';
import { normalizeWord } from '../../../../workers/pipelines/text/normalize.ts';
import { buildCorpus } from '../../../../workers/pipelines/text/representation.ts';
import { LABEL_STOP_WORDS, STOP_WORDS } from '../../../../workers/pipelines/text/stopwords.ts';
import { buildKeywordIndex, proposeLabel, themeKeywords } from '../../../../workers/pipelines/themes/keywords.ts';

describe('theme keywords (class-based TF-IDF)', function () {
  this.timeout(60_000);
  const stories = generateCorpus(300, 4);
  const corpus = buildCorpus(stories.map((story) => story.text));
  const index = buildKeywordIndex(corpus);
  const themeNames = [...new Set(stories.map((story) => story.theme))].sort();
  const members = themeNames.map((name) => stories.flatMap((story, i) => (story.theme === name ? [i] : [])));
  const keywords = themeKeywords(index, members);

  it('never puts a stop word or a generic label word among the top five', () => {
    for (const list of keywords) {
      expect(list.length).to.be.at.least(5);
      for (const { word } of list.slice(0, 5)) {
        expect(STOP_WORDS.has(normalizeWord(word)), word).to.equal(false);
        expect(LABEL_STOP_WORDS.has(normalizeWord(word)), word).to.equal(false);
      }
    }
  });

  it('shows each keyword as a word people actually wrote in that theme', () => {
    keywords.forEach((list, t) => {
      const text = members[t]!.map((i) => stories[i]!.text.toLowerCase()).join(' ');
      for (const { word } of list) expect(text, word).to.include(word);
    });
  });

  it('finds the words that set a theme apart', () => {
    const waiting = keywords[themeNames.indexOf('wachtlijst')]!.slice(0, 5).map((k) => k.word);
    expect(waiting.some((word) => word.startsWith('wacht'))).to.equal(true);
    const privacy = keywords[themeNames.indexOf('privacy')]!.slice(0, 5).map((k) => k.word);
    expect(privacy).to.include('dossier');
  });

  it('ignores words found in a single story of the theme', () => {
    const single = themeKeywords(index, [[0]], { count: 10, minStories: 2, minShare: 0 });
    expect(single[0]!.length).to.be.above(0);
    const partner = stories.findIndex((_, j) => j > 0 && index.storyTerms[0]!.some((term) => index.storyTerms[j]!.includes(term)));
    const pair = themeKeywords(index, [[0, partner]], { count: 50, minStories: 2, minShare: 0 })[0]!;
    expect(pair.length).to.be.above(0);
    const inBoth = (word: string): boolean => [0, partner].every((i) => stories[i]!.text.toLowerCase().includes(word));
    for (const { word } of pair) expect(inBoth(word), word).to.equal(true);
  });

  it('still gives words to a small theme whose stories share none, from those stories', () => {
    const shareNothing = (a: number, b: number): boolean => !index.storyTerms[a]!.some((term) => index.storyTerms[b]!.includes(term));
    const partner = stories.findIndex((_, j) => j > 0 && shareNothing(0, j));
    expect(partner, 'the corpus has two stories without a common word').to.be.above(0);
    const pair = themeKeywords(index, [[0, partner]])[0]!;
    expect(pair.length).to.be.above(0);
    expect(proposeLabel(pair)).to.not.equal('Naamloos thema');
    const text = [0, partner].map((i) => stories[i]!.text.toLowerCase()).join(' ');
    for (const { word } of pair) expect(text, word).to.include(word);
  });

  it('asks a keyword to be in a share of the stories of a big theme', () => {
    const all = stories.map((_, i) => i);
    const strict = themeKeywords(index, [all], { count: 1000, minStories: 2, minShare: 0.2 })[0]!;
    const loose = themeKeywords(index, [all], { count: 1000, minStories: 2, minShare: 0 })[0]!;
    expect(strict.length).to.be.below(loose.length);
    for (const { word } of strict) {
      const containing = stories.filter((story) => story.text.toLowerCase().includes(word)).length;
      expect(containing, word).to.be.at.least(0.2 * stories.length);
    }
  });

  it('proposes a short label from distinct top keywords', () => {
    const label = proposeLabel([
      { stem: 'wachtlijs', word: 'wachtlijst', score: 3 },
      { stem: 'wachtlijst', word: 'wachtlijsten', score: 2 },
      { stem: 'wachttijd', word: 'wachttijd', score: 1 },
    ]);
    expect(label).to.equal('Wachtlijst & wachttijd');
    expect(proposeLabel([])).to.equal('Naamloos thema');
  });
});
