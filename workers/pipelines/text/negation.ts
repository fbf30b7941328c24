/**
 * Negation scope for Dutch. A negation word negates the rest of its clause, and "niet"-like
 * adverbs also the nearest content word before them, because in Dutch main clauses the verb
 * comes first: "ze luisterden niet" negates "luisterden", "ik werd niet geholpen" negates
 * "geholpen", "geen hulp" negates "hulp".
 * A clause ends at punctuation (see tokenize) or at a conjunction that starts a new clause
 * ("maar", "want", "omdat", "en", "dat", ...), so "ik was niet boos maar verdrietig" leaves
 * "verdrietig" unnegated.
 */
export const NEGATION_WORDS: ReadonlySet<string> = new Set([
  'niet', 'geen', 'nooit', 'niemand', 'nergens', 'niks', 'niets', 'noch', 'zonder', 'nimmer',
]);

/** Negations that are determiners or prepositions: they only look forward ("geen hulp"). */
const FORWARD_ONLY: ReadonlySet<string> = new Set(['geen', 'zonder']);

export const CLAUSE_CONJUNCTIONS: ReadonlySet<string> = new Set([
  'maar', 'want', 'omdat', 'dus', 'en', 'of', 'dat', 'als', 'toen', 'terwijl', 'doordat',
  'zodat', 'hoewel', 'tenzij', 'nadat', 'voordat', 'totdat', 'sinds', 'zodra', 'behalve',
]);

/** Words after "niet" that turn it into something else than a negation ("niet alleen ... maar ook"). */
const NOT_A_NEGATION_AFTER_NIET: ReadonlySet<string> = new Set(['alleen', 'enkel', 'slechts']);

export interface NegationInput {
  norm: string;
  stop: boolean;
  clause: number;
}

/** Returns, per token, whether it is inside a negation scope, and whether it is a trigger. */
export function markNegation(tokens: readonly NegationInput[]): { negated: boolean[]; trigger: boolean[] } {
  const negated = new Array<boolean>(tokens.length).fill(false);
  const trigger = new Array<boolean>(tokens.length).fill(false);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!NEGATION_WORDS.has(token.norm)) continue;
    const next = tokens[i + 1];
    if (token.norm === 'niet' && next && next.clause === token.clause && NOT_A_NEGATION_AFTER_NIET.has(next.norm)) continue;
    trigger[i] = true;
    for (let j = i + 1; j < tokens.length && tokens[j]!.clause === token.clause; j++) negated[j] = true;
    if (FORWARD_ONLY.has(token.norm)) continue;
    for (let j = i - 1; j >= 0 && tokens[j]!.clause === token.clause; j--) {
      if (tokens[j]!.stop || NEGATION_WORDS.has(tokens[j]!.norm)) continue;
      negated[j] = true;
      break;
    }
  }
  // Negation words are triggers, not negated content ("niet niets" is still one negation).
  for (let i = 0; i < tokens.length; i++) if (trigger[i]) negated[i] = false;
  return { negated, trigger };
}
