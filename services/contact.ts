import crypto from 'node:crypto';

/** Contact details (phone or e-mail) are encrypted at rest with AES-256-GCM. */
const VERSION = 'v1';

const PHONE = /^\+?[0-9][0-9 ()-]{8,18}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** What the story form accepts as contact details; only e-mail addresses are ever written to. */
export const isPhoneNumber = (contact: string) => PHONE.test(contact);
export const isEmailAddress = (contact: string) => EMAIL.test(contact);

export function encryptContact(key: Buffer, plain: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

export function decryptContact(key: Buffer, stored: string): string {
  const [version, payload] = stored.split(':');
  if (version !== VERSION || !payload) throw new Error('Unknown contact cipher version');
  const raw = Buffer.from(payload, 'base64');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
