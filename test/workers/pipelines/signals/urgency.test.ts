import { expect } from 'chai';
import { parseClassifier, serializeClassifier } from '../../../../workers/pipelines/signals/classifier.ts';
import { assessSafety } from '../../../../workers/pipelines/signals/safety.ts';
import { urgencySeed } from '../../../../workers/pipelines/signals/seeds.ts';
import { assessUrgency, emptyUrgencyModel, learnUrgency, LEARNT_REASON } from '../../../../workers/pipelines/signals/urgency.ts';

/** Danger told without a single alarm word: the lexicon cannot see these. */
const flagged = [
  'Als mijn stiefvader laat thuiskomt schuif ik de kast voor mijn deur.',
  'Mijn stiefvader kwam laat thuis, ik heb de hele nacht de kast voor mijn deur gehad.',
  'Vannacht kwam hij laat thuis en ik zat met mijn zusje achter de kast voor de deur.',
  'Hij is weer laat, ik schuif de kast voor mijn deur en wacht tot het stil is.',
  'Als hij laat thuiskomt slapen we met de kast voor de deur.',
  'Stiefvader laat thuis, kast voor de deur, niemand die het weet.',
];
const calm = [
  'De gesprekken met de gezinscoach gaan over plannen voor de zomer.',
  'We hebben een nieuwe afspraak gemaakt voor de evaluatie.',
  'Mijn dochter vindt de nieuwe klas leuk en heeft vriendinnen.',
  'De wachtlijst was lang maar nu zijn we begonnen.',
  'Op woensdag heb ik altijd zwemles.',
  'Het plan is besproken met school en de mentor.',
];
const corrections = [...flagged.map((text) => ({ text, urgent: true })), ...calm.map((text) => ({ text, urgent: false }))];
const unseen = 'Gisteren kwam mijn stiefvader laat thuis en zat ik achter de kast voor mijn deur.';

describe('signals/urgency', () => {
  it('the lexicon alone misses danger told without alarm words', () => {
    expect(assessSafety(unseen).urgent).to.equal(false);
  });

  it('an untrained model adds no flag', () => {
    expect(assessUrgency(unseen, { model: emptyUrgencyModel() }).urgent).to.equal(false);
  });

  it('a model learnt from reviewers\' urgent flags flags a similar new story, and says so', () => {
    const model = parseClassifier(serializeClassifier(learnUrgency(corrections)));
    const result = assessUrgency(unseen, { model });
    expect(result.urgent).to.equal(true);
    expect(result.reasons).to.deep.equal([LEARNT_REASON]);
    expect(assessUrgency('We hebben op woensdag een afspraak met de mentor gemaakt.', { model }).urgent).to.equal(false);
  });

  it('keeps every lexicon flag', () => {
    const model = learnUrgency(corrections);
    const result = assessUrgency('Mijn vader heeft me geslagen.', { model });
    expect(result.urgent).to.equal(true);
    expect(result.reasons).to.not.include(LEARNT_REASON);
  });

  it('the shipped seed model, learnt from the labelled story sets, finds danger told without alarm words', () => {
    const text = 'Ik heb het nog aan niemand gezegd, maar hij doet het weer als mama weg is.';
    expect(assessSafety(text).urgent).to.equal(false);
    const result = assessUrgency(text, { model: urgencySeed() });
    expect(result.urgent).to.equal(true);
    expect(result.reasons).to.deep.equal([LEARNT_REASON]);
    expect(assessUrgency('We hebben op woensdag een afspraak met de mentor gemaakt.', { model: urgencySeed() }).urgent).to.equal(false);
  });
});

