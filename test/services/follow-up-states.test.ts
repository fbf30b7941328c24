import { expect } from 'chai';
import {
  FOLLOW_UP_ACTIONS, FOLLOW_UP_STATES, MOVES, actionsFor, dateInAmsterdam, decide, dueDateProblem, isOverdue,
  type FollowUpAction, type FollowUpSide, type FollowUpState,
} from '../../services/follow-up-states.ts';

/** The design, written out once: every allowed move (state, action) → next state. */
const ALLOWED: [FollowUpState, FollowUpAction, FollowUpSide, FollowUpState][] = [
  ['sent', 'acknowledge', 'provider', 'acknowledged'],
  ['sent', 'propose_plan', 'provider', 'plan_proposed'],
  ['acknowledged', 'propose_plan', 'provider', 'plan_proposed'],
  ['reopened', 'propose_plan', 'provider', 'plan_proposed'],
  ['plan_proposed', 'start', 'provider', 'in_progress'],
  ['reopened', 'start', 'provider', 'in_progress'],
  ['in_progress', 'mark_done', 'provider', 'done'],
  ['done', 'confirm', 'municipality', 'confirmed'],
  ['done', 'reopen', 'municipality', 'reopened'],
];

describe('follow-up state machine', () => {
  it('allows exactly the designed moves; every other state × action × side is refused or a no-op', () => {
    const seen: string[] = [];
    for (const state of FOLLOW_UP_STATES) {
      for (const action of FOLLOW_UP_ACTIONS) {
        for (const side of ['municipality', 'provider'] as const) {
          const d = decide(state, action, side);
          const allowed = ALLOWED.find(([s, a, r]) => s === state && a === action && r === side);
          if (allowed) {
            expect(d, `${state} ${action} ${side}`).to.deep.equal({ kind: 'move', from: state, to: allowed[3] });
            seen.push(`${state}/${action}`);
          } else if (MOVES[action].side === side && MOVES[action].to === state) {
            expect(d.kind, `${state} ${action} ${side}`).to.equal('same');
          } else {
            expect(d.kind, `${state} ${action} ${side}`).to.equal('refused');
            expect((d as { message: string }).message).to.match(/[a-z]/);
          }
        }
      }
    }
    expect(seen).to.have.length(ALLOWED.length);
  });

  it('refuses the other side’s moves with a Dutch message', () => {
    expect(decide('done', 'confirm', 'provider')).to.deep.equal({ kind: 'refused', message: 'Dit kan alleen de gemeente doen.' });
    expect(decide('sent', 'acknowledge', 'municipality')).to.deep.equal({ kind: 'refused', message: 'Dit kan alleen de zorgaanbieder doen.' });
  });

  it('confirmed is final: a reopen after confirmation is refused, a second confirm is a no-op', () => {
    const reopen = decide('confirmed', 'reopen', 'municipality');
    expect(reopen.kind).to.equal('refused');
    expect((reopen as { message: string }).message).to.include('al afgerond');
    expect(decide('confirmed', 'confirm', 'municipality').kind).to.equal('same');
    expect(actionsFor('confirmed', 'municipality')).to.deep.equal([]);
    expect(actionsFor('confirmed', 'provider')).to.deep.equal([]);
  });

  it('a double submission of the same move is a no-op, not an error', () => {
    expect(decide('acknowledged', 'acknowledge', 'provider').kind).to.equal('same');
    expect(decide('done', 'mark_done', 'provider').kind).to.equal('same');
    expect(decide('reopened', 'reopen', 'municipality').kind).to.equal('same');
  });

  it('lists the buttons per side', () => {
    expect(actionsFor('sent', 'provider')).to.deep.equal(['acknowledge', 'propose_plan']);
    expect(actionsFor('sent', 'municipality')).to.deep.equal([]);
    expect(actionsFor('done', 'municipality')).to.deep.equal(['confirm', 'reopen']);
    expect(actionsFor('reopened', 'provider')).to.deep.equal(['propose_plan', 'start']);
  });

  describe('overdue (dates in Europe/Amsterdam)', () => {
    // 2027-03-10 23:30 UTC is already 2027-03-11 00:30 in Amsterdam (winter time, UTC+1).
    const lateEvening = new Date('2027-03-10T23:30:00Z');
    it('reads the calendar date in the Netherlands, not in UTC', () => {
      expect(dateInAmsterdam(lateEvening)).to.equal('2027-03-11');
      expect(dateInAmsterdam(new Date('2027-07-01T21:59:00Z'))).to.equal('2027-07-01');
      expect(dateInAmsterdam(new Date('2027-07-01T22:00:00Z'))).to.equal('2027-07-02'); // summer time, UTC+2
    });
    it('due today is not overdue; due yesterday is', () => {
      expect(isOverdue({ dueDate: '2027-03-11', state: 'sent' }, lateEvening)).to.equal(false);
      expect(isOverdue({ dueDate: '2027-03-10', state: 'sent' }, lateEvening)).to.equal(true);
      expect(isOverdue({ dueDate: '2027-03-10', state: 'in_progress' }, new Date('2027-03-10T22:59:00Z'))).to.equal(false);
      expect(isOverdue({ dueDate: '2027-03-12', state: 'sent' }, lateEvening)).to.equal(false);
    });
    it('a finished request is never overdue; a reopened one is again', () => {
      expect(isOverdue({ dueDate: '2020-01-01', state: 'done' }, lateEvening)).to.equal(false);
      expect(isOverdue({ dueDate: '2020-01-01', state: 'confirmed' }, lateEvening)).to.equal(false);
      expect(isOverdue({ dueDate: '2020-01-01', state: 'reopened' }, lateEvening)).to.equal(true);
    });
  });

  describe('due date of a new request', () => {
    const now = new Date('2027-03-10T23:30:00Z'); // 11 March in Amsterdam
    it('must be after today in the Netherlands', () => {
      expect(dueDateProblem('2027-03-11', now)).to.equal('Kies een datum in de toekomst.');
      expect(dueDateProblem('2027-03-01', now)).to.equal('Kies een datum in de toekomst.');
      expect(dueDateProblem('2027-03-12', now)).to.equal(null);
    });
    it('must be a real date', () => {
      expect(dueDateProblem('2027-02-30', now)).to.match(/Vul een datum in/);
      expect(dueDateProblem('morgen', now)).to.match(/Vul een datum in/);
    });
  });
});
