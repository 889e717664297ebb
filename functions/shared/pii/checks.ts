/**
 * Checksums and validity rules that tell real identifiers from numbers of
 * the same shape. Inputs are already stripped of separators.
 */

/** Whether a string of digits passes the Luhn check of payment cards. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = digits.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Whether an IBAN (upper case, no spaces) has a plausible length and passes
 * the ISO 13616 mod-97 check.
 */
export function ibanValid(iban: string): boolean {
  if (iban.length < 15 || iban.length > 34) return false;
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;

  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97;
  }
  return remainder === 1;
}

/**
 * Whether nine digits can be a US Social Security number: the area is
 * never 000, 666 or 900–999, the group never 00 and the serial never 0000.
 */
export function ssnValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = Number(digits.slice(0, 3));
  const group = digits.slice(3, 5);
  const serial = digits.slice(5);
  return (
    area !== 0 &&
    area !== 666 &&
    area < 900 &&
    group !== '00' &&
    serial !== '0000'
  );
}

const NINO_BAD_PREFIXES = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

/**
 * Whether a UK National Insurance number (upper case, no spaces) follows
 * HMRC's rules: two prefix letters (no D, F, I, Q, U, V; no O second; not
 * BG, GB, KN, NK, NT, TN, ZZ), six digits, a suffix A–D.
 */
export function ninoValid(nino: string): boolean {
  const match = /^([A-CEGHJ-PR-TW-Z])([A-CEGHJ-NPR-TW-Z])\d{6}[A-D]$/.exec(
    nino,
  );
  return match !== null && !NINO_BAD_PREFIXES.has(nino.slice(0, 2));
}
