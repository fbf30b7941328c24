import crypto from 'node:crypto';
import { hash, verify, Algorithm } from '@node-rs/argon2';
import { loadReceiptWords } from './words.ts';

/**
 * A receipt code is four easy words and two digits: 4 × log2(1024) + log2(100) ≈ 46.6 bits.
 *
 * Storage: the code itself is never stored. A row keeps an argon2id hash (salted, memory-hard)
 * and a 16-bit lookup bucket from a keyed HMAC. The bucket narrows the rows to verify to a
 * handful; without SECRET_KEY it tells an attacker nothing, and with it a guess still costs
 * an argon2 computation per row in its bucket.
 *
 * The argon2 cost is lower than for passwords because the secret is random and long, not
 * chosen by a person; this keeps submission fast on a small machine (measured in the README).
 */
const ARGON = { algorithm: Algorithm.Argon2id, memoryCost: 4096, timeCost: 3, parallelism: 1 } as const;

export interface ReceiptCode {
  /** The canonical form: words and digits separated by single spaces. */
  text: string;
  words: string[];
  digits: string;
}

function fromBytes(bytes: Buffer): ReceiptCode {
  const list = loadReceiptWords();
  const words = [0, 1, 2, 3].map((i) => list[bytes.readUInt16BE(i * 2) % list.length]!);
  const digits = String(bytes.readUInt32BE(8) % 100).padStart(2, '0');
  return { words, digits, text: `${words.join(' ')} ${digits}` };
}

export function randomReceipt(): ReceiptCode {
  return fromBytes(crypto.randomBytes(12));
}

/**
 * The receipt for a submission with an idempotency key is derived from that key, so a retry
 * of the same submission shows the same receipt without the code ever being stored.
 */
export function receiptForIdempotencyKey(derivationKey: Buffer, idempotencyKey: string): ReceiptCode {
  return fromBytes(crypto.createHmac('sha256', derivationKey).update(idempotencyKey).digest());
}

/** Accepts what people type: any case, dashes, dots, extra spaces, digits glued to a word. */
export function normalizeReceipt(input: string): ReceiptCode | null {
  const parts = input.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/(\d+)/g, ' $1 ').split(/[^a-z0-9]+/).filter(Boolean);
  const words = parts.filter((p) => /^[a-z]+$/.test(p));
  const digits = parts.filter((p) => /^\d+$/.test(p)).join('');
  if (words.length !== 4 || !/^\d{2}$/.test(digits)) return null;
  return { words, digits, text: `${words.join(' ')} ${digits}` };
}

/** The part of a code the lockout counts per: its first word. */
export function receiptPrefix(input: string): string {
  return normalizeReceipt(input)?.words[0] ?? input.trim().toLowerCase().split(/[^a-z]+/)[0] ?? '';
}

export function receiptBucket(lookupKey: Buffer, code: ReceiptCode): number {
  return crypto.createHmac('sha256', lookupKey).update(code.text).digest().readUInt16BE(0);
}

export function hashReceipt(code: ReceiptCode): Promise<string> {
  return hash(code.text, ARGON);
}

export function verifyReceipt(storedHash: string, code: ReceiptCode): Promise<boolean> {
  return verify(storedHash, code.text).catch(() => false);
}
