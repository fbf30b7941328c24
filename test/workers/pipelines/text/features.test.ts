import { expect } from 'chai';
import { analyze } from '../../../../workers/pipelines/text/analyze.ts';
import { NEGATION_PREFIX, storyFeatures } from '../../../../workers/pipelines/text/features.ts';
import { stemWord } from '../../../../workers/pipelines/text/stem.ts';

describe('storyFeatures', function () {
  this.timeout(60_000);

  it('adds a NEG_ feature next to the stem of a negated word', () => {
    const features = storyFeatures(analyze('Ik werd niet geholpen'));
    const stem = stemWord('geholpen');
    expect(features).to.include(stem);
    expect(features).to.include(NEGATION_PREFIX + stem);
    expect(storyFeatures(analyze('Ik werd geholpen'))).to.not.include(NEGATION_PREFIX + stem);
  });

  it('leaves out stop words and emoji, and adds compound parts', () => {
    const features = storyFeatures(analyze('Het was op de wachtlijst 😢'), { negation: true, parts: true, bigrams: false });
    expect(features).to.not.include('het');
    expect(features).to.not.include('😢');
    expect(features).to.include.members([stemWord('wachtlijst'), stemWord('wacht'), stemWord('lijst')]);
  });

  it('makes bigrams only within a clause', () => {
    const features = storyFeatures(analyze('lange wachtlijst, boze moeder'), { negation: false, parts: false, bigrams: true });
    expect(features).to.include(`${stemWord('lange')}_${stemWord('wachtlijst')}`);
    expect(features).to.not.include(`${stemWord('wachtlijst')}_${stemWord('boze')}`);
  });
});
