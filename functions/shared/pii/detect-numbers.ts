import { ibanValid, luhnValid, ninoValid, ssnValid } from './checks';
import type { Detection } from './types';

/** Digits in groups split by single spaces, dashes or dots. */
const DIGIT_RUN = /\d+(?:[ .-]\d+)*/g;
const DIGIT_GROUP = /\d+/g;
const WORD_CHAR = /[A-Za-z0-9_]/;
const LETTER = /[A-Za-z]/;

/**
 * Schemes print cards in groups that start with four digits (4-4-4-4,
 * 4-6-5, 4-4-4-4-3); later groups hold three to six. Dots split only
 * groups of four: `4111.1111.1111.1111`, never versions, dates or amounts.
 */
const FIRST_CARD_GROUP = 4;
const MIN_CARD_GROUP = 3;
const MAX_CARD_GROUP = 6;
const DOTTED_GROUP = 4;

interface Group {
  readonly start: number;
  readonly end: number;
}

/**
 * Whether a card may start at `start`: after no word character, or right
 * after a word of letters alone (`card4111111111111111`, `visa4111…`).
 * Letters after `#` are a reference, not a word: `#W` starts the store's
 * order ids, so `#W4111111111111111` reads as an order id and stays; an
 * identifier that mixes letters with digits or underscores (`a1b4111…`,
 * `ref_4111…`) stays too.
 */
function openBefore(text: string, start: number): boolean {
  let i = start - 1;
  if (!WORD_CHAR.test(text.charAt(i))) return true;
  if (!LETTER.test(text.charAt(i))) return false;
  while (LETTER.test(text.charAt(i - 1))) i--;
  const before = text.charAt(i - 1);
  return before !== '#' && !WORD_CHAR.test(before);
}

/** Whether the groups from `first` to `last` keep dots to groups of four. */
function dotsFit(
  text: string,
  groups: Group[],
  first: number,
  last: number,
): boolean {
  let dotted = false;
  for (let g = first + 1; g <= last; g++) {
    if (text.charAt((groups[g] as Group).start - 1) === '.') dotted = true;
  }
  if (!dotted) return true;
  return groups
    .slice(first, last + 1)
    .every((group) => group.end - group.start === DOTTED_GROUP);
}

/** Whether groups `first` to `last` stand apart as one printed card. */
function fits(
  text: string,
  groups: Group[],
  first: number,
  last: number,
): boolean {
  const start = (groups[first] as Group).start;
  const end = (groups[last] as Group).end;
  return (
    openBefore(text, start) &&
    !WORD_CHAR.test(text.charAt(end)) &&
    dotsFit(text, groups, first, last)
  );
}

/**
 * The longest window of whole groups, starting at group `first`, that holds
 * 13–19 digits passing the Luhn check; its last group index, or -1.
 */
function cardWindow(text: string, groups: Group[], first: number): number {
  const candidates: { last: number; digits: string }[] = [];
  let digits = '';
  for (let last = first; last < groups.length; last++) {
    const group = groups[last] as Group;
    const size = group.end - group.start;
    if (last > first && (size < MIN_CARD_GROUP || size > MAX_CARD_GROUP)) {
      break;
    }
    if (last === first + 1 && digits.length !== FIRST_CARD_GROUP) break;
    digits += text.slice(group.start, group.end);
    if (digits.length > 19) break;
    if (digits.length >= 13) candidates.push({ last, digits });
  }
  for (let i = candidates.length - 1; i >= 0; i--) {
    const candidate = candidates[i] as (typeof candidates)[number];
    if (
      fits(text, groups, first, candidate.last) &&
      luhnValid(candidate.digits)
    ) {
      return candidate.last;
    }
  }
  return -1;
}

/**
 * Payment card numbers: 13–19 digits passing the Luhn check, contiguous or
 * in printed groups (a group of four, then groups of three to six, split by
 * single spaces or dashes; groups of four split by dots). Not followed by a
 * letter, digit or underscore, and not preceded by one either, except by a
 * word of letters (`card4111111111111111`; see `openBefore`). A run of
 * groups may hold a card among other numbers (`4111 1111 1111 1111
 * 12/27`): windows of whole groups are tried.
 */
export function detectCards(text: string): Detection[] {
  const found: Detection[] = [];
  for (const run of text.matchAll(DIGIT_RUN)) {
    const offset = run.index;
    const groups = [...run[0].matchAll(DIGIT_GROUP)].map((g) => ({
      start: offset + g.index,
      end: offset + g.index + g[0].length,
    }));
    for (let first = 0; first < groups.length; first++) {
      const last = cardWindow(text, groups, first);
      if (last < 0) continue;
      const start = (groups[first] as Group).start;
      found.push({ type: 'CARD', start, end: (groups[last] as Group).end });
      first = last;
    }
  }
  return found;
}

const SSN_DASHED = /(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])/g;
const SSN_CUED = new RegExp(
  [
    String.raw`\b(?:ssn|social security(?:\s+(?:number|no\.?))?)`,
    String.raw`\s*(?:is\s*|[:#]\s*)?`,
    String.raw`(\d{3}[ -]?\d{2}[ -]?\d{4})(?![\w-])`,
  ].join(''),
  'gi',
);

/**
 * US Social Security numbers: `123-45-6789`, or nine digits right after
 * "SSN" or "social security number"; area, group and serial must be valid.
 */
export function detectSsns(text: string): Detection[] {
  const found: Detection[] = [];
  for (const match of text.matchAll(SSN_DASHED)) {
    if (ssnValid(match[0].replace(/-/g, ''))) {
      found.push(spanOf('SSN', match.index, match[0]));
    }
  }
  for (const match of text.matchAll(SSN_CUED)) {
    const value = match[1] as string;
    if (ssnValid(value.replace(/[ -]/g, ''))) {
      const start = match.index + match[0].length - value.length;
      found.push(spanOf('SSN', start, value));
    }
  }
  return found;
}

const NINO =
  /(?<![A-Za-z0-9])[A-Za-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-Da-d](?!\w)/g;

/**
 * UK National Insurance numbers: `QQ123456C` in any case, or spaced
 * `QQ 12 34 56 C` in capitals only (spaced lower case reads as words).
 */
export function detectNinos(text: string): Detection[] {
  const found: Detection[] = [];
  for (const match of text.matchAll(NINO)) {
    const value = match[0];
    const compact = value.replace(/ /g, '');
    if (compact !== value && value !== value.toUpperCase()) continue;
    if (ninoValid(compact.toUpperCase())) {
      found.push(spanOf('NINO', match.index, value));
    }
  }
  return found;
}

/** A country code, check digits, then letters and digits, maybe spaced. */
const IBAN_RUN = new RegExp(
  [
    String.raw`(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}[A-Za-z0-9]*`,
    '(?: [A-Za-z0-9]{1,4}(?![A-Za-z0-9]))*',
  ].join(''),
  'g',
);

/**
 * IBANs: 15–34 letters and digits, compact or in groups of four, passing the
 * mod-97 check; words after the IBAN are not taken in.
 */
export function detectIbans(text: string): Detection[] {
  const found: Detection[] = [];
  for (const match of text.matchAll(IBAN_RUN)) {
    const tokens = match[0].toUpperCase().split(' ');
    let compact = tokens.join('');
    for (let count = tokens.length; count > 0; count--) {
      if (compact.length <= 34 && ibanValid(compact)) {
        const written = tokens.slice(0, count).join(' ');
        found.push(spanOf('IBAN', match.index, written));
        break;
      }
      compact = compact.slice(0, -(tokens[count - 1] as string).length);
    }
  }
  return found;
}

function spanOf(
  type: Detection['type'],
  start: number,
  value: string,
): Detection {
  return { type, start, end: start + value.length };
}
