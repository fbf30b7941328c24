import { expect } from 'chai';
import { assessSafety } from '../../../../workers/pipelines/signals/safety.ts';

describe('signals/safety', () => {
  const urgent: Array<[string, string]> = [
    ['Soms wil ik gewoon dood.', 'suicide'],
    ['Ik denk vaak aan zelfmoord.', 'suicide'],
    ['Ik heb zelfmoordgedachten sinds de zomer.', 'suicide'],
    ['Ik wil er niet meer zijn.', 'suicide'],
    ['Ik heb mezelf gesneden met een scheermesje.', 'self_harm'],
    ['Ik kras mezelf als het te veel wordt.', 'self_harm'],
    ['Mijn stiefvader slaat me als hij gedronken heeft.', 'violence'],
    ['Ik werd in elkaar getrapt op de groep.', 'violence'],
    ['Ze hebben me bedreigd met een mes.', 'violence'],
    ['Mijn vader is ontzettend hardhandig.', 'violence'],
    ['Thuis kreeg ik vaak geen eten.', 'abuse'],
    ['Mijn oom heeft me misbruikt.', 'abuse'],
    ['Een begeleider zat aan me terwijl ik dat niet wilde.', 'sexual_abuse'],
    ['Ik ben aangerand na het feest.', 'sexual_abuse'],
    ['Hij zegt dat het ons geheimpje is.', 'secret'],
    ['Ik voel me thuis niet veilig.', 'acute_danger'],
    ['Ik ben bang voor mijn vader.', 'acute_danger'],
    ['Ik ben gisteren weggelopen en slaap nu op straat.', 'running_away'],
    ['Ik durf niet meer naar huis.', 'afraid_home'],
    // danger told without alarm words, in other word orders or by a parent about a child
    ['Mijn dochter doet zichzelf iets aan met een schaar.', 'self_harm'],
    ['Mijn benen zitten vol met lijnen en niemand ziet het.', 'self_harm'],
    ['Ik heb de hele doos slaappillen van mijn moeder bij me.', 'suicide'],
    ['Ik heb vorige week op de rand van het balkon gezeten.', 'suicide'],
    ['Ze heeft gezegd dat ze een eind wil maken aan alles.', 'suicide'],
    ['Ik ben het zat om te leven.', 'suicide'],
    ['Papa zegt dat hij mama kapot maakt als ze weggaat.', 'violence'],
    ['Als hij gedronken heeft gooit hij met glazen.', 'violence'],
    ['Mama sluit me op in de kelder als ik stout ben.', 'abuse'],
    ['Hij doet dingen bij mij die ik niet fijn vind.', 'sexual_abuse'],
    ['Hij zegt dat ik het niet mag vertellen, anders wordt het erger.', 'secret'],
    ['Sinds ik 18 ben slaap ik in mijn auto.', 'running_away'],
    ['Ik ben thuis gezet en zit nu op het station.', 'running_away'],
  ];
  for (const [text, category] of urgent) {
    it(`flags "${text}" (${category})`, () => {
      const result = assessSafety(text);
      expect(result.urgent).to.equal(true);
      expect(result.matches.map((match) => match.category)).to.include(category);
      expect(result.reasons.length).to.be.above(0);
    });
  }

  const harmless = [
    'Ik was doodmoe na alle gesprekken.',
    'Ik schrok me dood toen de brief kwam.',
    'Het was een strijd om hulp te krijgen.',
    'De training was dodelijk saai.',
    'Ik lag dubbel, ik lach me dood om haar.',
    'We moesten vechten voor elke afspraak.',
    'De begeleider was echt geweldig.',
    'Ik ben geslaagd voor mijn examen!',
    'De meeste begeleiders zijn aardig.',
    'Ze sloeg de spijker op zijn kop.',
    'Mijn zoon is heel veerkrachtig.',
    'Ze heeft er veel tijd in gestoken.',
    'We voelden ons in de steek gelaten door de gemeente.',
    // negated mild cues are reassurance, not danger
    'In het nieuwe huis voel ik me veilig, niemand schreeuwt en niemand doet mij pijn.',
    'Ik ben niet bang meer sinds ik bij mijn tante woon.',
    'Ik red me wel bij mijn oma.',
    // combinations need all their cue groups in one sentence
    'Ik woon bij mijn vader. Ik heb de wachtlijst zelf gebeld.',
    'Ik sliep slecht. Morgen gaan we met de auto naar oma.',
  ];
  for (const text of harmless) {
    it(`does not flag "${text}"`, () => {
      const result = assessSafety(text);
      expect(result.urgent, result.reasons.join('; ')).to.equal(false);
      expect(result.matches).to.deep.equal([]);
    });
  }

  it('a negated mention still goes to a human, marked as negated', () => {
    const result = assessSafety('Ik heb nooit aan zelfmoord gedacht.');
    expect(result.urgent).to.equal(true);
    expect(result.matches[0]!.negated).to.equal(true);
    expect(result.reasons[0]).to.contain('(ontkennend)');
  });

  it('a combination fires only with every cue group in the same sentence, and quotes each', () => {
    const result = assessSafety('Mijn zoon doet zichzelf elke avond iets aan.');
    expect(result.urgent).to.equal(true);
    expect(result.matches[0]!.text).to.equal('zichzelf … iets aan');
    expect(assessSafety('Mijn zoon praat over zichzelf. Daarna deed hij zijn jas aan.').urgent).to.equal(false);
  });

  it('gives one short Dutch reason per category, quoting the story', () => {
    const result = assessSafety('Hij sloeg me en daarna ben ik weggelopen. Hij sloeg me vaker.');
    expect(result.reasons).to.have.length(2);
    expect(result.reasons.find((reason) => reason.startsWith('Noemt geweld'))).to.contain('‘sloeg’');
    expect(result.reasons.find((reason) => reason.startsWith('Noemt weglopen'))).to.contain('‘weggelopen’');
  });
});
