import { expect } from 'chai';
import { fitTfidf, restoreTfidf, tfidfVector } from '../../../../workers/pipelines/text/tfidf.ts';

const documents = [
  ['wacht', 'wacht', 'lijst', 'mama'],
  ['wacht', 'school', 'mama'],
  ['school', 'juf', 'mama'],
  ['juf', 'klas', 'mama'],
];

describe('TF-IDF', () => {
  it('keeps terms within the document-frequency bounds, sorted', () => {
    const model = fitTfidf(documents, { minDf: 2, maxDfRatio: 0.75, maxTerms: 100 });
    // mama is in every story (above 75 %), lijst and klas in one (below 2)
    expect(model.terms).to.deep.equal(['juf', 'school', 'wacht']);
  });

  it('weights sublinearly and normalises to unit length', () => {
    const model = fitTfidf(documents, { minDf: 1, maxDfRatio: 1, maxTerms: 100 });
    const vector = tfidfVector(model, ['wacht', 'wacht', 'lijst']);
    const weights = new Map(Array.from(vector.indices, (index, i) => [model.terms[index]!, vector.values[i]!]));
    const idf = (term: string): number => model.idf[model.index.get(term)!]!;
    const ratio = weights.get('wacht')! / weights.get('lijst')!;
    expect(ratio).to.be.closeTo(((1 + Math.log(2)) * idf('wacht')) / idf('lijst'), 1e-5);
    const norm = Math.hypot(...vector.values);
    expect(norm).to.be.closeTo(1, 1e-6);
    expect([...vector.indices]).to.deep.equal([...vector.indices].sort((a, b) => a - b));
  });

  it('gives rarer terms a higher weight', () => {
    const model = fitTfidf(documents, { minDf: 1, maxDfRatio: 1, maxTerms: 100 });
    expect(model.idf[model.index.get('lijst')!]!).to.be.greaterThan(model.idf[model.index.get('mama')!]!);
  });

  it('gives the same model and version whatever the story order', () => {
    const a = fitTfidf(documents);
    const b = fitTfidf([...documents].reverse());
    expect(b.terms).to.deep.equal(a.terms);
    expect(b.version).to.equal(a.version);
  });

  it('changes the version when the vocabulary changes, and restores from terms and weights', () => {
    const a = fitTfidf(documents, { minDf: 1, maxDfRatio: 1, maxTerms: 100 });
    const b = fitTfidf(documents.slice(1), { minDf: 1, maxDfRatio: 1, maxTerms: 100 });
    expect(b.version).to.not.equal(a.version);
    const restored = restoreTfidf(a.terms, Array.from(a.idf));
    expect(restored.version).to.equal(a.version);
    expect(tfidfVector(restored, ['juf', 'klas']).values).to.deep.equal(tfidfVector(a, ['juf', 'klas']).values);
  });

  it('keeps only the terms in most stories when capped (ties alphabetically)', () => {
    const model = fitTfidf(documents, { minDf: 1, maxDfRatio: 1, maxTerms: 2 });
    expect(model.terms).to.deep.equal(['juf', 'mama']);
  });

  it('gives an empty vector for a story without known terms', () => {
    const model = fitTfidf(documents);
    expect(tfidfVector(model, ['onbekend']).indices.length).to.equal(0);
  });
});
