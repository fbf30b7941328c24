import { expect } from 'chai';
import { readSignals } from '../../../../workers/pipelines/signals/signals.ts';

describe('signals/readSignals', () => {
  it('reads tags, tone and safety of one story', () => {
    const signals = readSignals('We stonden maanden op de wachtlijst. Niemand belde terug en ik durf niet meer naar huis.');
    expect(signals.tags.map((tag) => tag.topic)).to.include('waiting');
    expect(signals.tone.tone).to.equal('negative');
    expect(signals.safety.urgent).to.equal(true);
  });

  it('a calm positive story raises no alarm', () => {
    const signals = readSignals('Mijn begeleider is echt top. Door haar ben ik weer naar school gegaan.');
    expect(signals.tone.tone).to.equal('positive');
    expect(signals.safety.urgent).to.equal(false);
    expect(signals.tags.map((tag) => tag.topic)).to.include('school');
  });
});
