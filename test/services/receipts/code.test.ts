import { expect } from 'chai';
import crypto from 'node:crypto';
import {
  hashReceipt, normalizeReceipt, randomReceipt, receiptBucket, receiptForIdempotencyKey, receiptPrefix, verifyReceipt,
} from '../../../services/receipts/code.ts';
import { loadReceiptWords } from '../../../services/receipts/words.ts';

describe('Receipt codes', () => {
  it('are four words from the list and two digits, with at least 44 bits of entropy', () => {
    const words = loadReceiptWords();
    const bits = 4 * Math.log2(words.length) + Math.log2(100);
    expect(bits).to.be.at.least(44);
    const code = randomReceipt();
    expect(code.words).to.have.length(4);
    for (const w of code.words) expect(words).to.include(w);
    expect(code.digits).to.match(/^\d{2}$/);
  });

  it('are spread evenly over the word list', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 4000; i++) for (const w of randomReceipt().words) counts.set(w, (counts.get(w) ?? 0) + 1);
    // 16,000 draws over 1,024 words: every word about 16 times; none should dominate.
    expect(Math.max(...counts.values())).to.be.below(45);
    expect(counts.size).to.be.above(1000);
  });

  it('derive the same code from the same idempotency key, and another from another key', () => {
    const key = crypto.randomBytes(32);
    expect(receiptForIdempotencyKey(key, 'abc-123-def-456-gh').text).to.equal(receiptForIdempotencyKey(key, 'abc-123-def-456-gh').text);
    expect(receiptForIdempotencyKey(key, 'abc-123-def-456-gh').text).to.not.equal(receiptForIdempotencyKey(key, 'abc-123-def-456-gi').text);
  });

  it('accept what people type', () => {
    const canonical = 'fiets wolk appel kaas 42';
    for (const typed of ['Fiets Wolk Appel Kaas 42', 'fiets-wolk-appel-kaas-42', '  fiets  wolk appel kaas42 ', 'FIETS.WOLK.APPEL.KAAS.4 2']) {
      expect(normalizeReceipt(typed)?.text, typed).to.equal(canonical);
    }
    expect(normalizeReceipt('fiets wolk appel 42')).to.equal(null);
    expect(normalizeReceipt('fiets wolk appel kaas 421')).to.equal(null);
    expect(receiptPrefix('Fiets-wolk-appel-kaas-42')).to.equal('fiets');
  });

  it('are stored as a salted slow hash that verifies only the right code', async () => {
    const code = randomReceipt();
    const stored = await hashReceipt(code);
    expect(stored).to.match(/^\$argon2id\$/);
    expect(stored).to.not.include(code.words[0]);
    expect(await verifyReceipt(stored, code)).to.equal(true);
    expect(await verifyReceipt(stored, normalizeReceipt(`${code.words.slice(0, 3).join(' ')} zzz ${code.digits}`)!)).to.equal(false);
    expect(await hashReceipt(code)).to.not.equal(stored);
  });

  it('fall in a keyed lookup bucket of 16 bits', () => {
    const code = randomReceipt();
    const a = receiptBucket(Buffer.alloc(32, 1), code);
    expect(a).to.be.within(0, 65535);
    expect(receiptBucket(Buffer.alloc(32, 1), code)).to.equal(a);
  });
});
