import { expect } from 'chai';
import { detectPersonalData } from '../../../../workers/pipelines/redaction/detect.ts';
import { loadNameLexicon, type NameLexicon } from '../../../../workers/pipelines/redaction/lexicon.ts';

describe('redaction: person names (with the name lists in reference/names)', function () {
  let lexicon: NameLexicon;
  before(async () => {
    lexicon = await loadNameLexicon();
  });

  const names = (text: string, organisations?: string[]) =>
    detectPersonalData(text, lexicon, { organisations }).filter((s) => s.kind === 'name').map((s) => text.slice(s.start, s.end));

  it('marks the name after a role or title, not the role itself', () => {
    expect(names('Mijn voogd Sandra belt bijna nooit terug.')).to.deep.equal(['Sandra']);
    expect(names('Meneer De Vries en mevrouw Yılmaz kwamen langs.')).to.deep.equal(['De Vries', 'Yılmaz']);
    expect(names('Ik heb met dr. Hendriks gesproken.')).to.deep.equal(['Hendriks']);
    expect(names('Mijn gezinsvoogd, Karin, luistert wel.')).to.deep.equal(['Karin']);
  });

  it('takes an unlisted name after a strong cue', () => {
    expect(names('Ik heet Mussie en ik ben 15.')).to.deep.equal(['Mussie']);
    expect(names('Mijn jeugdbeschermer Churandy belde.')).to.deep.equal(['Churandy']);
  });

  it('finds names typed in lower case after a cue, but not everyday words', () => {
    expect(names('ik zei tegen sanne dat ik niet meer wilde')).to.deep.equal(['sanne']);
    expect(names('ik heb met jesse en noah gevoetbald')).to.deep.equal(['jesse', 'noah']);
    expect(names('sanne zei dat ik moest wachten')).to.deep.equal(['sanne']);
    expect(names('ik praat liever met mijn mentor dan met mijn moeder')).to.deep.equal([]);
  });

  it('joins first names, particles, surnames and initials into one name', () => {
    expect(names('Jan de Vries en Pieter van der Meer zijn mijn begeleiders.')).to.deep.equal(['Jan de Vries', 'Pieter van der Meer']);
    expect(names('Zij heet Anne-Marie de Groot.')).to.deep.equal(['Anne-Marie de Groot']);
    expect(names('Dhr. J. Pietersen van de gemeente belde.')).to.deep.equal(['J. Pietersen']);
    expect(names('Ik had een gesprek met de psycholoog, Priya Ramdin, en dat hielp.')).to.deep.equal(['Priya Ramdin']);
  });

  it('finds surnames on their own where they cannot be ordinary words', () => {
    expect(names('Gisteren kwam Jansen weer te laat.')).to.deep.equal(['Jansen']);
    expect(names('Bakker zei dat ik moest wachten.')).to.deep.equal(['Bakker']);
    expect(names('De Vries en Bakker zijn van het wijkteam.')).to.deep.equal(['De Vries', 'Bakker']);
    expect(names('Mijn vader is bakker en mijn oom is boer.')).to.deep.equal([]);
  });

  it('does not take a common word at the start of a sentence for a name', () => {
    expect(names('Toen ging alles mis.')).to.deep.equal([]);
    expect(names('Dan zegt de begeleider weer dat ik moet wachten.')).to.deep.equal([]);
    expect(names('Mark je agenda maar voor volgende week.')).to.deep.equal([]);
    expect(names('Hoop is het enige wat ik nog heb.')).to.deep.equal([]);
    expect(names('IK BEN ZO BOOS OP IEDEREEN')).to.deep.equal([]);
  });

  it('needs a cue for names that are also words (Roos, Storm, Lot)', () => {
    expect(names('Ik kreeg een roos en de Storm was heftig.')).to.deep.equal([]);
    expect(names('De Storm was heftig gisteren.')).to.deep.equal([]);
    expect(names('Roos zei dat het goed kwam, maar de roos in de tuin was dood.')).to.deep.equal(['Roos']);
    expect(names('Storm uit mijn groep was bang voor de storm.')).to.deep.equal(['Storm']);
    expect(names('Lot is mijn pleegzus.')).to.deep.equal(['Lot']);
    expect(names('Mijn vriend Bas speelt bas en tante Wil zei: als je wil, kom dan.')).to.deep.equal(['Bas', 'Wil']);
  });

  it('leaves places, languages, organisations and sayings', () => {
    expect(names('Ik ging met de trein naar Den Haag, daarna naar Utrecht en Den Bosch.')).to.deep.equal([]);
    expect(names('Mijn moeder spreekt slecht Nederlands en goed Turks.')).to.deep.equal([]);
    expect(names('Ik heb de Kindertelefoon gebeld en daarna Veilig Thuis.')).to.deep.equal([]);
    expect(names('Bij de William Schrikker Stichting helpt Jan en alleman.')).to.deep.equal([]);
    expect(names('Wij gingen naar de Efteling, met Instagram aan.')).to.deep.equal([]);
  });

  it('leaves capitalised everyday words, even where a surname is built on them', () => {
    expect(names('Ik kreeg een Brief van de Raad en iedereen van de Groep was er.')).to.deep.equal([]);
    expect(names('Mijn Mentor is Lief en ik vind Jeugdzorg Stom.')).to.deep.equal([]);
    expect(names('Met Kerst en Oud en Nieuw mocht ik naar huis.')).to.deep.equal([]);
    expect(names('Mevrouw de Groot en meneer De Boer kwamen.')).to.deep.equal(['de Groot', 'De Boer']);
  });

  it('leaves names of things and institutions named after people', () => {
    expect(names('De groep heet De Linde en mijn hond heet Storm.')).to.deep.equal([]);
    expect(names('Het Emma Kinderziekenhuis en het Sophia Kinderziekenhuis hielpen ons.')).to.deep.equal([]);
    expect(names('Mijn dochter heet Emma.')).to.deep.equal(['Emma']);
  });

  it('takes a word-like name with the team it belongs to, and a surname that is also a place', () => {
    expect(names('Roos van de dagbesteding hielp me.')).to.deep.equal(['Roos']);
    expect(names('Namens Mark en Petra Hoogland.')).to.deep.equal(['Mark', 'Petra Hoogland']);
    expect(names('Ik woon nu in Hoogland.')).to.deep.equal([]);
  });

  it('leaves organisations passed in by the caller, such as care providers', () => {
    expect(names('Bij Timon luisterde Fatima wel.')).to.deep.equal(['Timon', 'Fatima']);
    expect(names('Bij Timon luisterde Fatima wel.', ['Timon'])).to.deep.equal(['Fatima']);
  });

  it('finds names in greetings and sign-offs without the greeting', () => {
    expect(names('Lieve Sanne, dank je wel. Groetjes,\nDaan')).to.deep.equal(['Sanne', 'Daan']);
    expect(names('Hoi ik ben anouk en ik ben 13 jaar')).to.deep.equal(['anouk']);
  });
});
