import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Keys derived from the one SECRET_KEY, each for one purpose, so no key is used twice. */
export interface Secrets {
  contactKey: Buffer;
  receiptLookupKey: Buffer;
  receiptDerivationKey: Buffer;
  csrfSecret: string;
  mediaLinkKey: Buffer;
  totpKey: Buffer;
}

export function deriveSecrets(master: string): Secrets {
  const derive = (label: string) => Buffer.from(crypto.hkdfSync('sha256', master, 'gehoord', label, 32));
  return {
    contactKey: derive('contact-encryption-v1'),
    receiptLookupKey: derive('receipt-lookup-v1'),
    receiptDerivationKey: derive('receipt-derivation-v1'),
    csrfSecret: derive('csrf-v1').toString('base64'),
    mediaLinkKey: derive('media-link-v1'),
    totpKey: derive('staff-totp-v1'),
  };
}

/**
 * The embedded default keeps a generated key next to its data, so `npm start` works on a fresh
 * machine. With PostgreSQL every process must share SECRET_KEY (the config enforces that).
 */
export function loadOrCreateLocalSecret(dataDir: string): { secret: string; created: boolean; file: string } {
  const file = path.join(dataDir, 'secret.key');
  if (fs.existsSync(file)) return { secret: fs.readFileSync(file, 'utf8').trim(), created: false, file };
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(48).toString('base64');
  fs.writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return { secret, created: true, file };
}
