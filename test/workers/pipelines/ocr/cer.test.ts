import { expect } from 'chai';
import { characterErrorRate, levenshtein, normalizeForCer } from '../../../../workers/pipelines/ocr/cer.ts';

describe('workers/pipelines/ocr/cer', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(levenshtein('kitten', 'sitting')).to.equal(3);
    expect(levenshtein('', 'abc')).to.equal(3);
    expect(levenshtein('abc', 'abc')).to.equal(0);
  });

  it('treats an accented letter as one character, however it is encoded', () => {
    expect(levenshtein('één', 'een')).to.equal(2);
    expect(characterErrorRate('één', 'e\u0301e\u0301n')).to.equal(0);
  });

  it('ignores differences in line breaks and spacing', () => {
    expect(normalizeForCer('  Ik wil\n\néén   vast\tcontact. ')).to.equal('Ik wil één vast contact.');
    expect(characterErrorRate('Ik wil één vast contact.', 'Ik wil\néén vast contact.')).to.equal(0);
  });

  it('is edits per character of the truth', () => {
    expect(characterErrorRate('abcdefghij', 'abcdefghiX')).to.be.closeTo(0.1, 1e-12);
    expect(characterErrorRate('', '')).to.equal(0);
    expect(characterErrorRate('', 'ruis')).to.equal(1);
  });
});
