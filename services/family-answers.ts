import type { DB } from '../models/db.ts';
import { mailedFamilies } from '../models/mail.ts';
import { familyAnswersOf } from '../models/story-progress.ts';
import { detectPersonalData } from '../workers/pipelines/redaction/detect.ts';
import { sharedNameLexicon } from '../workers/pipelines/redaction/lexicon.ts';
import { redact } from '../workers/pipelines/redaction/mask.ts';

/** Below this many answers the words stay private: with a handful, a family could be recognised. */
export const WORDS_MIN_ANSWERS = 5;

export interface AnswersForStaff {
  yes: number; aBit: number; no: number; total: number;
  /** families' own words, personal data masked; empty while fewer than WORDS_MIN_ANSWERS answers */
  words: string[];
  wordsHidden: boolean;
  /** families asked by e-mail */
  mailed: number;
}

/**
 * What the municipality sees of the families' "is it better for you now?" answers before it
 * confirms a request: the counts, and the words only from five answers on, masked the same way
 * stories are (the words are new free text no reviewer has checked).
 */
export async function answersForStaff(db: DB, followUpId: string): Promise<AnswersForStaff> {
  const [a, mailed] = await Promise.all([familyAnswersOf(db, followUpId), mailedFamilies(db, followUpId)]);
  const show = a.total >= WORDS_MIN_ANSWERS;
  const names = show && a.words.length ? await sharedNameLexicon() : undefined;
  return {
    yes: a.yes, aBit: a.a_bit, no: a.no, total: a.total,
    words: names ? a.words.map((w) => redact(w, detectPersonalData(w, names)).text) : [],
    wordsHidden: !show && a.words.length > 0,
    mailed,
  };
}
