import type { Span } from './types.ts';

const MONTH = 'januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december';
const MONTH_ABBREVIATION = 'jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec';
const DATE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|\d{1,2}(?:e|ste|de)?\s+(?:(?:${MONTH})|(?:${MONTH_ABBREVIATION})\.?)(?:\s+(?:\d{4}|'\d{2}))?)(?![\p{L}\p{N}])`,
  'giu');
/** Words that make a date a birth date. Without one, a date is just a date (an appointment, a move). */
const BIRTH_CUE = /(?<![\p{L}])(?:geboren|geb\.?|geboorte\p{L}*|jarig|verjaardag\p{L}*|verjaart|born|dob)(?![\p{L}])|°/giu;
/** How far a cue may stand from the date: "geboren in het ziekenhuis op", "12 maart 2010 ben ik geboren". */
const CUE_BEFORE = 30;
const CUE_AFTER = 20;
/** "Ik ben van 8 augustus 2010": the date someone is "of" is their birth date. */
const BORN_ON = /(?<![\p{L}])(?:ben|is|zijn)\s+van\s*$/iu;
const SENTENCE_END = /[.!?\n](?=\s|$)/;

/** The cue belongs to this date when no sentence end and no other date stands between them. */
function linked(fragment: string): boolean {
  return !SENTENCE_END.test(fragment) && !/\d/.test(fragment);
}

export function detectBirthDates(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(DATE)) {
    const start = m.index;
    const end = start + m[0].length;
    // Look a little further back so a long cue word ("geboortedatum") is seen whole.
    const before = text.slice(Math.max(0, start - CUE_BEFORE - 20), start);
    const after = text.slice(end, end + CUE_AFTER);
    const cueBefore = [...before.matchAll(BIRTH_CUE)].at(-1);
    const gapBefore = cueBefore && before.slice(cueBefore.index + cueBefore[0].length);
    const cueAfter = [...after.matchAll(BIRTH_CUE)][0];
    const hasCue = (gapBefore !== undefined && gapBefore.length <= CUE_BEFORE && linked(gapBefore))
      || (cueAfter && linked(after.slice(0, cueAfter.index)));
    if (hasCue || BORN_ON.test(before)) spans.push({ start, end, kind: 'date_of_birth' });
  }
  return spans;
}
