import { readFileSync } from 'node:fs';

/** 1024 words, so each word of a receipt code carries exactly 10 bits. */
const RECEIPT_WORD_COUNT = 1024;

let cached: readonly string[] | undefined;

/**
 * The easy Dutch words receipt codes are made of, in file order. The order is part of the
 * code format (codes derived from an idempotency key pick words by index): once codes have
 * been handed out, the file is not re-sorted and a word is replaced only in its own line.
 */
export function loadReceiptWords(): string[] {
  if (!cached) {
    const text = readFileSync(new URL('./words-nl.txt', import.meta.url), 'utf8');
    const words = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
    if (words.length !== RECEIPT_WORD_COUNT) {
      throw new Error(`words-nl.txt must hold ${RECEIPT_WORD_COUNT} words, found ${words.length}`);
    }
    cached = Object.freeze(words);
  }
  // A copy, so a caller that sorts or edits its list cannot change everyone else's codes.
  return [...cached];
}
