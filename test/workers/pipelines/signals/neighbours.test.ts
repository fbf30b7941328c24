import { expect } from 'chai';
import { analyze } from '../../../../workers/pipelines/text/analyze.ts';
import { buildNeighbourIndex, neighbourVotes } from '../../../../workers/pipelines/signals/neighbours.ts';

const labelled = [
  { text: 'We stonden een jaar op de wachtlijst voor de ggz.', tags: ['waiting'] },
  { text: 'De wachtlijst bij de ggz was negen maanden.', tags: ['waiting'] },
  { text: 'Op school snapte de mentor niet wat er thuis speelde.', tags: ['school', 'whole_family'] },
  { text: 'De mentor op school belde nooit terug.', tags: ['school'] },
  { text: 'Mijn voogd is al drie keer gewisseld.', tags: ['too_many_caregivers'] },
];

describe('signals/neighbours', () => {
  const index = buildNeighbourIndex(labelled, 2);

  it('lets the most similar labelled stories vote for their tags, in proportion to their similarity', () => {
    const votes = neighbourVotes(index, analyze('Hoe lang nog op die wachtlijst voor de ggz?'));
    expect(votes.get('waiting')).to.be.closeTo(1, 1e-9);
    expect(votes.has('school')).to.equal(false);
  });

  it('shares the vote between the k nearest stories and their several tags', () => {
    const votes = neighbourVotes(index, analyze('Mijn mentor op school weet van niks.'));
    expect(votes.get('school')).to.be.closeTo(1, 1e-9);
    expect(votes.get('whole_family')).to.be.above(0).and.below(1);
    expect(votes.has('waiting')).to.equal(false);
  });

  it('gives no vote to a story that shares no word with any labelled story', () => {
    expect(neighbourVotes(index, analyze('Het regende de hele dag.')).size).to.equal(0);
  });
});
