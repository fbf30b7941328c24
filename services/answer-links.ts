import crypto from 'node:crypto';

/**
 * The one-time link in a family's e-mail. 32 random bytes, so a plain SHA-256 is enough to keep
 * only a hash (nothing to guess); the token itself exists only in the mail.
 */
export const answerTokenHash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export function newAnswerToken(): { token: string; hash: string } {
  const token = crypto.randomBytes(32).toString('base64url');
  return { token, hash: answerTokenHash(token) };
}

/** Tokens are base64url of 32 bytes; anything else is not worth a database lookup. */
export const looksLikeAnswerToken = (s: string) => /^[A-Za-z0-9_-]{43}$/.test(s);

export const answerPath = (token: string) => `/antwoord/${token}`;
