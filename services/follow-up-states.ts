/**
 * The life of a follow-up request, as a pure module: which role may make which move, and when a
 * request is overdue. The model applies a decision; nothing here touches the database.
 */
export const FOLLOW_UP_STATES = ['sent', 'acknowledged', 'plan_proposed', 'in_progress', 'done', 'confirmed', 'reopened'] as const;
export type FollowUpState = (typeof FOLLOW_UP_STATES)[number];

export const FOLLOW_UP_ACTIONS = ['acknowledge', 'propose_plan', 'start', 'mark_done', 'confirm', 'reopen'] as const;
export type FollowUpAction = (typeof FOLLOW_UP_ACTIONS)[number];

/** The two sides of a request; admins act as the municipality side. */
export type FollowUpSide = 'municipality' | 'provider';

interface Move { side: FollowUpSide; from: readonly FollowUpState[]; to: FollowUpState }

export const MOVES: Record<FollowUpAction, Move> = {
  acknowledge: { side: 'provider', from: ['sent'], to: 'acknowledged' },
  propose_plan: { side: 'provider', from: ['sent', 'acknowledged', 'reopened'], to: 'plan_proposed' },
  start: { side: 'provider', from: ['plan_proposed', 'reopened'], to: 'in_progress' },
  mark_done: { side: 'provider', from: ['in_progress'], to: 'done' },
  confirm: { side: 'municipality', from: ['done'], to: 'confirmed' },
  reopen: { side: 'municipality', from: ['done'], to: 'reopened' },
};

export const STATE_LABELS: Record<FollowUpState, string> = {
  sent: 'Verstuurd',
  acknowledged: 'Gezien door zorgaanbieder',
  plan_proposed: 'Plan voorgesteld',
  in_progress: 'Mee bezig',
  done: 'Klaar volgens zorgaanbieder',
  confirmed: 'Afgerond',
  reopened: 'Opnieuw geopend',
};

export const ACTION_LABELS: Record<FollowUpAction, string> = {
  acknowledge: 'We hebben het verzoek gezien',
  propose_plan: 'Plan voorstellen',
  start: 'We gaan ermee aan de slag',
  mark_done: 'Klaar: we hebben het gedaan',
  confirm: 'Bevestigen: het is afgerond',
  reopen: 'Opnieuw openen: het is nog niet goed',
};

export type Decision =
  | { kind: 'move'; from: FollowUpState; to: FollowUpState }
  /** the request is already where this move leads: a repeated click changes nothing */
  | { kind: 'same'; message: string }
  | { kind: 'refused'; message: string };

export function decide(state: FollowUpState, action: FollowUpAction, side: FollowUpSide): Decision {
  const move = MOVES[action];
  if (move.side !== side) {
    return { kind: 'refused', message: side === 'provider' ? 'Dit kan alleen de gemeente doen.' : 'Dit kan alleen de zorgaanbieder doen.' };
  }
  if (state === move.to) return { kind: 'same', message: `Dit was al gedaan: de status is “${STATE_LABELS[state]}”.` };
  if (state === 'confirmed') return { kind: 'refused', message: 'Dit verzoek is al afgerond. Het kan niet meer veranderen. Maak een nieuw opvolgverzoek als dat nodig is.' };
  if (!move.from.includes(state)) {
    return { kind: 'refused', message: `Dit kan nu niet: de status is “${STATE_LABELS[state]}”.` };
  }
  return { kind: 'move', from: state, to: move.to };
}

/** The moves this side can make now (for the buttons on the page). */
export function actionsFor(state: FollowUpState, side: FollowUpSide): FollowUpAction[] {
  return FOLLOW_UP_ACTIONS.filter((a) => decide(state, a, side).kind === 'move');
}

export const TIME_ZONE = 'Europe/Amsterdam';

/** The calendar date in the Netherlands at this moment, as YYYY-MM-DD. */
export function dateInAmsterdam(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

const FINISHED: readonly FollowUpState[] = ['done', 'confirmed'];

/** Overdue: the due date (a date in the Netherlands) has passed and the provider has not finished. Due today is not overdue. */
export function isOverdue(followUp: { dueDate: string; state: FollowUpState }, now: Date): boolean {
  return !FINISHED.includes(followUp.state) && followUp.dueDate < dateInAmsterdam(now);
}

/** A new request needs a due date after today (Dutch time). Returns the Dutch message, or null when fine. */
export function dueDateProblem(dueDate: string, now: Date): string | null {
  if (!isCalendarDate(dueDate)) return 'Vul een datum in, bijvoorbeeld 2027-03-01.';
  if (dueDate <= dateInAmsterdam(now)) return 'Kies een datum in de toekomst.';
  return null;
}

function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
