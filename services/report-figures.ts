/**
 * The arithmetic behind the region report's follow-up figures, as a pure module so the numbers a
 * municipality cites can be checked by hand. Dates are compared as Dutch calendar days: a request
 * due on 1 March is answered in time when the provider's first response falls on 1 March or before.
 */
const TIME_ZONE = 'Europe/Amsterdam';
const DAY_MS = 86_400_000;

export interface FollowUpFacts {
  createdAt: Date;
  /** 'YYYY-MM-DD' */
  dueDate: string;
  /** the provider's first message or first state change; null while they have not responded */
  firstResponseAt: Date | null;
  confirmed: boolean;
  /** families' answers to "is het nu beter?" on stories of this request: yes or a bit, and all answers */
  familyAnswers: { better: number; total: number };
}

export interface FollowUpFigures {
  opened: number;
  answered: number;
  /** requests that count for the in-time share: answered, or past their due date without an answer */
  dueBase: number;
  answeredBeforeDue: number;
  /** answeredBeforeDue / dueBase, null without a base */
  shareBeforeDue: number | null;
  /** median days from opening to the provider's first response, over the answered requests */
  medianDaysToResponse: number | null;
  confirmed: number;
  shareConfirmed: number | null;
  /** confirmed requests that families answered about */
  familiesBase: number;
  /** of those, the ones where at least half of the answers say better (yes or a bit) */
  improvedByFamilies: number;
  shareImprovedByFamilies: number | null;
}

/** The middle value (the mean of the two middle values for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const share = (count: number, base: number): number | null => (base > 0 ? count / base : null);

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Dutch calendar day of a moment, 'YYYY-MM-DD'. */
export const dutchDay = (at: Date): string => dayFormat.format(at);

export const daysBetween = (from: Date, to: Date): number => (to.getTime() - from.getTime()) / DAY_MS;

export const answeredBeforeDue = (f: Pick<FollowUpFacts, 'dueDate' | 'firstResponseAt'>): boolean =>
  f.firstResponseAt !== null && dutchDay(f.firstResponseAt) <= f.dueDate;

/** A request still open and not yet due can still be answered in time: it is left out of the base. */
const countsForDue = (f: FollowUpFacts, now: Date): boolean => f.firstResponseAt !== null || f.dueDate < dutchDay(now);

export function followUpFigures(items: readonly FollowUpFacts[], now: Date): FollowUpFigures {
  const answered = items.filter((f) => f.firstResponseAt !== null);
  const dueBase = items.filter((f) => countsForDue(f, now));
  const inTime = dueBase.filter(answeredBeforeDue).length;
  const confirmed = items.filter((f) => f.confirmed).length;
  const answeredByFamilies = items.filter((f) => f.confirmed && f.familyAnswers.total > 0);
  const improved = answeredByFamilies.filter((f) => f.familyAnswers.better * 2 >= f.familyAnswers.total).length;
  const days = median(answered.map((f) => daysBetween(f.createdAt, f.firstResponseAt!)));
  return {
    opened: items.length,
    answered: answered.length,
    dueBase: dueBase.length,
    answeredBeforeDue: inTime,
    shareBeforeDue: share(inTime, dueBase.length),
    medianDaysToResponse: days === null ? null : Math.round(days * 10) / 10,
    confirmed,
    shareConfirmed: share(confirmed, items.length),
    familiesBase: answeredByFamilies.length,
    improvedByFamilies: improved,
    shareImprovedByFamilies: share(improved, answeredByFamilies.length),
  };
}
