import { expect } from 'chai';
import { presentProgress } from '../../../api/presenters/story-progress.ts';
import type { StoryProgress } from '../../../models/story-progress.ts';

const at = new Date('2026-11-02T10:00:00Z');
const base: StoryProgress = { receivedAt: at, readAt: null, themes: [], followUps: [] };
const request = (state: StoryProgress['followUps'][number]['state']): StoryProgress['followUps'][number] => ({
  id: '00000000-0000-4000-8000-000000000001', title: 'Eén vaste begeleider', state, dueDate: '2027-01-15', askedAt: at,
  publicResponse: null, answeredAt: null, doneAt: null, answer: null,
});

describe('Receipt progress in plain Dutch', () => {
  it('names each step and marks the ones still to come', () => {
    const v = presentProgress(base, false);
    expect(v.steps.map((s) => s.done)).to.deep.equal([true, false, false, false]);
    expect(v.steps[3]!.text).to.equal('Nog niet in een verzoek aan de zorgaanbieder.');
    expect(v.answerForms).to.deep.equal([]);
  });

  it('uses simpler words in child mode', () => {
    const v = presentProgress({ ...base, readAt: at, themes: [{ name: 'Wachten', at }], followUps: [request('in_progress')] }, true);
    expect(v.steps.map((s) => s.text)).to.deep.equal([
      'We hebben je verhaal.',
      'Iemand van Gehoord heeft je verhaal gelezen.',
      'Je verhaal hoort bij het onderwerp „Wachten”. Andere kinderen vertelden iets wat erop lijkt.',
      'De gemeente vroeg de zorgaanbieder om er iets aan te doen: „Eén vaste begeleider”. De zorgaanbieder is ermee bezig.',
    ]);
  });

  it('writes the due date in words and asks "is it better?" only once done, with the earlier answer checked', () => {
    const asked = presentProgress({ ...base, followUps: [request('sent')] }, false);
    expect(asked.steps.at(-1)!.text).to.include('Dat moet klaar zijn op 15 januari 2027.');
    expect(asked.answerForms).to.have.length(0);
    const done = presentProgress({ ...base, followUps: [{ ...request('confirmed'), publicResponse: 'We doen het.', answer: { answer: 'a_bit', words: 'Iets', at } }] }, false);
    expect(done.steps.find((s) => s.quote)!.quote).to.equal('We doen het.');
    expect(done.steps.at(-1)!.text).to.include('de gemeente heeft het nagekeken');
    expect(done.answerForms[0]!.options.filter((o) => o.checked).map((o) => o.value)).to.deep.equal(['a_bit']);
    expect(done.answerForms[0]!.words).to.equal('Iets');
  });
});
