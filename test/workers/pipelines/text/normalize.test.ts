import { expect } from 'chai';
import { foldDiacritics, normalizeWord, standardSpelling, stemBase } from '../../../../workers/pipelines/text/normalize.ts';

describe('normalize', () => {
  it('folds all diacritics, including the diaeresis, and the ij ligature', () => {
    expect(foldDiacritics('ideeën geïrriteerd café één ĳs')).to.equal('ideeen geirriteerd cafe een ijs');
  });

  it('lowercases and removes apostrophes and hyphens in the normal form', () => {
    expect(normalizeWord("Auto's")).to.equal('autos');
    expect(normalizeWord('Jeugd-GGZ')).to.equal('jeugdggz');
    expect(normalizeWord("m’n")).to.equal('mn');
  });

  it('stems apostrophe plurals and possessives from the word before the apostrophe', () => {
    expect(stemBase("auto's")).to.equal('auto');
    expect(stemBase("Anna's")).to.equal('anna');
    expect(stemBase('autos')).to.equal('autos');
  });

  it('maps chat spellings to the standard word', () => {
    expect(standardSpelling('nie')).to.equal('niet');
    expect(standardSpelling('gwn')).to.equal('gewoon');
    expect(standardSpelling('wachtlijst')).to.equal('wachtlijst');
    expect(standardSpelling('nx')).to.equal('niks');
  });

  it('undoes letters repeated for emphasis, keeping real double letters', () => {
    expect(standardSpelling('nooooit')).to.equal('nooit');
    expect(standardSpelling('niiiet')).to.equal('niet');
    expect(standardSpelling('echttt')).to.equal('echt');
    expect(standardSpelling('heeeel')).to.equal('heel');
    expect(standardSpelling('wachtlijst')).to.equal('wachtlijst');
  });
});
