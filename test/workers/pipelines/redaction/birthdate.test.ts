import { expect } from 'chai';
import { detectBirthDates } from '../../../../workers/pipelines/redaction/birthdate.ts';

const found = (text: string) => detectBirthDates(text).map((s) => text.slice(s.start, s.end));

describe('redaction: date_of_birth', () => {
  it('marks dates with a birth cue before or after them, in numeric and written forms', () => {
    expect(found('Ik ben geboren op 12 maart 2010.')).to.deep.equal(['12 maart 2010']);
    expect(found('geb. 03-03-2011, woont in Zwolle')).to.deep.equal(['03-03-2011']);
    expect(found('Geboortedatum van mijn dochter: 1 januari 2014.')).to.deep.equal(['1 januari 2014']);
    expect(found('Op 15/11/2009 ben ik geboren.')).to.deep.equal(['15/11/2009']);
    expect(found('Ik ben jarig op 3 mei.')).to.deep.equal(['3 mei']);
    expect(found('Ik ben van 8 augustus 2010 en zit in de brugklas.')).to.deep.equal(['8 augustus 2010']);
    expect(found('Mijn zoon (2014-05-17) is geboren in Gouda.')).to.deep.equal(['2014-05-17']);
  });

  it('leaves dates without a birth context: appointments, hearings, moves', () => {
    expect(found('Op 3 maart hadden we een gesprek.')).to.deep.equal([]);
    expect(found('De zitting is op 12-06-2024.')).to.deep.equal([]);
    expect(found('We zijn op 1 juli 2022 verhuisd.')).to.deep.equal([]);
  });

  it('does not lend a cue to another date or across a sentence end', () => {
    expect(found('Ik ben geboren op 12 maart 2010 en op 14-05-2023 moest ik naar de rechter.')).to.deep.equal(['12 maart 2010']);
    expect(found('Ik was jarig. Op 4 april 2023 kwam de brief.')).to.deep.equal([]);
  });

  it('leaves a birth year or a birthday month alone', () => {
    expect(found('Ze is in 2015 geboren en is in mei jarig.')).to.deep.equal([]);
  });
});
