import type { Detection } from './types';

const LOCAL_CHAR = /[A-Za-z0-9._%+-]/;
const DOMAIN_CHAR = /[A-Za-z0-9.-]/;
const DOMAIN =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$/;

/**
 * Email addresses, found from each `@` outwards (linear time, whatever the
 * text): a local part of letters, digits and `._%+-`, a domain with at
 * least one dot and a top-level label of letters.
 */
export function detectEmails(text: string): Detection[] {
  const found: Detection[] = [];
  let at = text.indexOf('@');
  while (at >= 0) {
    let start = at;
    while (start > 0 && LOCAL_CHAR.test(text.charAt(start - 1))) start--;
    while (text.charAt(start) === '.') start++;
    let end = at + 1;
    while (end < text.length && DOMAIN_CHAR.test(text.charAt(end))) end++;
    while (end > at + 1 && /[.-]/.test(text.charAt(end - 1))) end--;
    if (start < at && DOMAIN.test(text.slice(at + 1, end))) {
      found.push({ type: 'EMAIL', start, end });
    }
    at = text.indexOf('@', Math.max(end, at + 1));
  }
  return found;
}

/** `+` and 8–15 digits, with spaces, dots, dashes or brackets between. */
const INTERNATIONAL = /(?<![\w+])\+\(?\d(?:[ .()-]{0,2}\d){7,14}(?![\w])/g;
/** North American `(555) 123-4567`, `555-123-4567`, `1-800-555-0199`. */
const NORTH_AMERICAN =
  /(?<![\w+.-])(?:1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w-])/g;
/** National trunk-prefix numbers with separators: `020 7946 0958`. */
const NATIONAL = /(?<![\w+.-])0[1-9]\d{0,3}(?:[ -]\d{2,6}){1,4}(?![\w-])/g;
/** `dd-mm-yyyy`, which the national pattern would otherwise take. */
const DATE_LIKE = /^\d{2}[ -]\d{2}[ -](?:19|20)\d{2}/;
/** A number right after words that announce a phone number. */
const CUED = new RegExp(
  [
    String.raw`\b(?:phone|tel|telephone|mobile|cell|cellphone|fax|whatsapp|sms`,
    String.raw`|call me|text me|reach me|ring me)\b\.?`,
    String.raw`(?:\s*(?:number|no\.?|nr|#))?(?:\s*(?:is|at|on))?\s*:?\s*`,
    String.raw`(\+?\(?\d[\d .()-]{5,20}\d)`,
  ].join(''),
  'gi',
);

function digitCount(value: string): number {
  let count = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 48 && code <= 57) count++;
  }
  return count;
}

/**
 * Phone numbers in a phone's written form: international (`+46 70 123 45
 * 67`), North American (`(555) 123-4567`), national with a leading 0 and
 * separators (`07700 900123`), or any 7–15 digits right after a cue such as
 * "phone", "tel", "mobile" or "call me at". Bare digit strings without a cue
 * are left alone: the store's product and item ids are bare 10-digit numbers
 * and its tracking ids bare 12-digit numbers.
 */
export function detectPhones(text: string): Detection[] {
  const found: Detection[] = [];
  const add = (start: number, value: string) =>
    found.push({ type: 'PHONE', start, end: start + value.length });

  for (const m of text.matchAll(INTERNATIONAL)) add(m.index, m[0]);
  for (const m of text.matchAll(NORTH_AMERICAN)) add(m.index, m[0]);
  for (const m of text.matchAll(NATIONAL)) {
    const digits = digitCount(m[0]);
    if (digits >= 9 && digits <= 11 && !DATE_LIKE.test(m[0])) {
      add(m.index, m[0]);
    }
  }
  for (const m of text.matchAll(CUED)) {
    const value = m[1] as string;
    const digits = digitCount(value);
    if (digits >= 7 && digits <= 15) {
      add(m.index + m[0].length - value.length, value);
    }
  }
  return found;
}
