import { expect } from 'chai';
import { answeredBeforeDue, dutchDay, followUpFigures, median, share, type FollowUpFacts } from '../../services/report-figures.ts';

const at = (iso: string) => new Date(iso);

describe('Report figures (pure arithmetic)', () => {
  it('takes the median of odd and even counts, and none of nothing', () => {
    expect(median([5, 1, 3])).to.equal(3);
    expect(median([4, 1, 3, 2])).to.equal(2.5);
    expect(median([])).to.equal(null);
  });

  it('gives no share without a base', () => {
    expect(share(1, 4)).to.equal(0.25);
    expect(share(0, 0)).to.equal(null);
  });

  it('counts a response on the due date itself, in Dutch time, as in time', () => {
    // 23:30 UTC on 1 March is 00:30 on 2 March in Amsterdam.
    expect(dutchDay(at('2026-03-01T23:30:00Z'))).to.equal('2026-03-02');
    expect(answeredBeforeDue({ dueDate: '2026-03-01', firstResponseAt: at('2026-03-01T21:00:00Z') })).to.equal(true);
    expect(answeredBeforeDue({ dueDate: '2026-03-01', firstResponseAt: at('2026-03-01T23:30:00Z') })).to.equal(false);
    expect(answeredBeforeDue({ dueDate: '2026-03-01', firstResponseAt: null })).to.equal(false);
  });

  it('computes the figures of a known set of requests', () => {
    const now = at('2026-06-01T10:00:00Z');
    const items: FollowUpFacts[] = [
      // answered after 2 days, due later: in time, confirmed
      { createdAt: at('2026-01-01T10:00:00Z'), dueDate: '2026-01-31', firstResponseAt: at('2026-01-03T10:00:00Z'), confirmed: true, familyAnswers: { better: 2, total: 3 } },
      // answered after 4 days, in time
      { createdAt: at('2026-02-01T10:00:00Z'), dueDate: '2026-02-28', firstResponseAt: at('2026-02-05T10:00:00Z'), confirmed: false, familyAnswers: { better: 0, total: 0 } },
      // answered after 40 days, after the due date
      { createdAt: at('2026-03-01T10:00:00Z'), dueDate: '2026-03-15', firstResponseAt: at('2026-04-10T10:00:00Z'), confirmed: false, familyAnswers: { better: 0, total: 0 } },
      // never answered, due date passed: counts against
      { createdAt: at('2026-04-01T10:00:00Z'), dueDate: '2026-04-30', firstResponseAt: null, confirmed: false, familyAnswers: { better: 0, total: 0 } },
      // never answered, not yet due: left out of the in-time share
      { createdAt: at('2026-05-25T10:00:00Z'), dueDate: '2026-06-30', firstResponseAt: null, confirmed: false, familyAnswers: { better: 0, total: 0 } },
    ];
    const f = followUpFigures(items, now);
    expect(f).to.deep.equal({
      opened: 5, answered: 3, dueBase: 4, answeredBeforeDue: 2, shareBeforeDue: 0.5,
      medianDaysToResponse: 4, confirmed: 1, shareConfirmed: 0.2,
      familiesBase: 1, improvedByFamilies: 1, shareImprovedByFamilies: 1,
    });
  });

  it('counts a confirmed request as better for families when at least half of their answers say so', () => {
    const confirmed = (better: number, total: number): FollowUpFacts => ({
      createdAt: at('2026-01-01T10:00:00Z'), dueDate: '2026-01-31', firstResponseAt: at('2026-01-02T10:00:00Z'), confirmed: true, familyAnswers: { better, total },
    });
    const f = followUpFigures([confirmed(1, 2), confirmed(1, 3), confirmed(0, 0)], at('2026-06-01T10:00:00Z'));
    expect(f).to.include({ familiesBase: 2, improvedByFamilies: 1, shareImprovedByFamilies: 0.5 });
  });

  it('has no figures for no requests', () => {
    const f = followUpFigures([], new Date());
    expect(f.shareBeforeDue).to.equal(null);
    expect(f.medianDaysToResponse).to.equal(null);
    expect(f.shareConfirmed).to.equal(null);
  });
});
