/**
 * Splits Dutch text into words, numbers, emoji and the punctuation that bounds sentences and
 * clauses. Other characters (quotes, brackets, symbols) are dropped.
 */
export type RawKind = 'word' | 'number' | 'emoji' | 'sentenceEnd' | 'clauseEnd';

export interface RawToken {
  kind: RawKind;
  text: string;
  start: number;
}

const PATTERN = new RegExp(
  [
    // clitics written with a leading apostrophe: 's avonds, 't, 'k, 'n
    String.raw`(?<clitic>(?<![\p{L}\p{N}])['’‘][stkn](?![\p{L}\p{N}]))`,
    // 12, 3,5, 10:30, 1.000 (but "18-jarige" and "18e" are words)
    String.raw`(?<number>\p{N}+(?:[.,:]\p{N}+)*(?![\p{L}\p{M}\p{N}]|-[\p{L}\p{N}]))`,
    // words, with inner hyphens/apostrophes/digits: auto's, jeugd-ggz, 18-jarige, m'n
    String.raw`(?<word>[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:[-'’‘][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*)`,
    String.raw`(?<emoji>\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier}|\u200D\p{Extended_Pictographic})*)`,
    String.raw`(?<sentence>[.!?…]+|\n\s*\n|\n)`,
    String.raw`(?<clause>[,;:()"“”–—]|\s-\s)`,
  ].join('|'),
  'gu',
);

export function tokenize(text: string): RawToken[] {
  const tokens: RawToken[] = [];
  for (const match of text.matchAll(PATTERN)) {
    const groups = match.groups!;
    const start = match.index!;
    if (groups.clitic) tokens.push({ kind: 'word', text: groups.clitic, start });
    else if (groups.number) tokens.push({ kind: 'number', text: groups.number, start });
    else if (groups.word) tokens.push({ kind: 'word', text: groups.word, start });
    else if (groups.emoji) tokens.push({ kind: 'emoji', text: groups.emoji, start });
    else if (groups.sentence) tokens.push({ kind: 'sentenceEnd', text: groups.sentence, start });
    else tokens.push({ kind: 'clauseEnd', text: match[0], start });
  }
  return tokens;
}
