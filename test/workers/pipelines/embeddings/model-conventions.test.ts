import { expect } from 'chai';
import { conventionFor, prepareTexts } from '../../../../workers/pipelines/embeddings/model-conventions.ts';

describe('embedding model conventions', () => {
  it('recognises e5 models by name, with or without an owner', () => {
    for (const name of ['Xenova/multilingual-e5-small', 'intfloat/e5-base-v2', 'multilingual-e5-large', 'Xenova/e5_small']) {
      expect(conventionFor(name).family, name).to.equal('e5');
    }
  });

  it('does not mistake names that merely contain "e5" for e5 models', () => {
    for (const name of ['thenlper/gte5-base', 'Xenova/paraphrase-multilingual-MiniLM-L12-v2', 'owner/e5ish']) {
      expect(conventionFor(name).family, name).to.not.equal('e5');
    }
  });

  it('gives e5 models the passage and query prefixes they were trained with', () => {
    const e5 = conventionFor('Xenova/multilingual-e5-small');
    expect(prepareTexts(['De wachtlijst was lang.'], 'passage', e5)).to.deep.equal(['passage: De wachtlijst was lang.']);
    expect(prepareTexts(['wachtlijst'], 'query', e5)).to.deep.equal(['query: wachtlijst']);
  });

  it('leaves text unchanged for sentence-transformers models', () => {
    const plain = conventionFor('Xenova/paraphrase-multilingual-MiniLM-L12-v2');
    expect(plain.family).to.equal('sentence-transformers');
    expect(prepareTexts(['Ik voel me gehoord.'], 'passage', plain)).to.deep.equal(['Ik voel me gehoord.']);
    expect(prepareTexts(['Ik voel me gehoord.'], 'query', plain)).to.deep.equal(['Ik voel me gehoord.']);
  });

  it('pools BGE models on the first token and the others on the mean', () => {
    expect(conventionFor('BAAI/bge-m3').pooling).to.equal('cls');
    expect(conventionFor('Xenova/multilingual-e5-small').pooling).to.equal('mean');
  });
});
