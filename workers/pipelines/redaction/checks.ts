/**
 * The Dutch 11-test (elfproef) for a citizen service number: weights 9..2 on the first eight
 * digits and -1 on the last; the sum must be divisible by 11. An 8-digit number is a BSN whose
 * leading zero was dropped.
 */
export function passesElfproef(digits: string): boolean {
  if (!/^\d{8,9}$/.test(digits)) return false;
  const d = digits.padStart(9, '0');
  if (/^0+$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(d[i]) * (9 - i);
  sum -= Number(d[8]);
  return sum % 11 === 0;
}

/** IBAN lengths per country (ISO 13616 registry), for the countries families here are likely to bank in. */
const IBAN_LENGTHS: Record<string, number> = {
  NL: 18, BE: 16, DE: 22, FR: 27, GB: 22, ES: 24, IT: 27, PT: 25, LU: 20, AT: 20, CH: 21, IE: 22,
  PL: 28, RO: 24, BG: 22, HU: 28, CZ: 24, SK: 24, SI: 19, HR: 21, GR: 27, TR: 26, DK: 18, SE: 24,
  NO: 15, FI: 18, LT: 20, LV: 21, EE: 20, MA: 28, TN: 24, SA: 24, AE: 23, IL: 23, CY: 28, MT: 31,
  LI: 21, MC: 27, SM: 27, IS: 26, UA: 29,
};

/** ISO 7064 mod-97 check of an IBAN (spaces allowed), plus the country's length where known. */
export function isValidIban(iban: string): boolean {
  const s = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const expected = IBAN_LENGTHS[s.slice(0, 2)];
  if (expected !== undefined && s.length !== expected) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' ? ch.charCodeAt(0) - 55 : Number(ch);
    remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97;
  }
  return remainder === 1;
}
