import type { Detection } from './types';

/** Street kinds written after the name: `986 Sunset Drive`, `12 Elm St.` */
const KINDS = [
  'Street|Avenue|Road|Lane|Drive|Boulevard|Court|Place|Way|Terrace|Row',
  'Bend|Close|Crescent|Square|Parkway|Highway|Circle|Trail|Loop|Alley',
  'Plaza|Walk|Path|Pike',
].join('|');
const KIND_ABBREVIATIONS =
  'St|Ave|Rd|Ln|Dr|Blvd|Ct|Pl|Ter|Cres|Sq|Pkwy|Hwy|Cir|Trl';
const SUFFIX = `(?:${KINDS}|(?:${KIND_ABBREVIATIONS})\\.?)`;

/** A capitalised name word, or an ordinal such as `5th`. */
const NAME_WORD = String.raw`(?:[A-Z][A-Za-z'’-]*|\d{1,3}(?:st|nd|rd|th))`;

/**
 * Title-case tier: house number, one to three capitalised words, a
 * capitalised street kind; or a house number and `Broadway`.
 */
const TITLE_CASE = new RegExp(
  String.raw`(?<![\w.,-])\d{1,6}[A-Za-z]?\s+` +
    String.raw`(?:(?:${NAME_WORD}\s+){1,3}${SUFFIX}|Broadway)(?![\w])`,
  'g',
);

/**
 * Any-case tier for typed addresses (`12 main st`): a house number of two
 * or more digits, one or two words, and a street kind that is rarely an
 * ordinary word. Quantities (`2 more road bikes`) stay out through the
 * digit floor and the stop-word check below.
 */
const ANY_CASE = new RegExp(
  [
    String.raw`(?<![\w.,-])\d{2,6}[A-Za-z]?\s+`,
    String.raw`((?:[A-Za-z][A-Za-z'’-]*\s+){1,2})`,
    String.raw`(?:street|avenue|road|boulevard|(?:st|ave|rd|blvd)\.?)(?![\w])`,
  ].join(''),
  'gi',
);

const STOP_WORDS = new Set(
  (
    'a an the on in at of for to by from with and or my your our his her ' +
    'their its this that these those per each more less other same new old ' +
    'days hours minutes miles km times items units'
  ).split(' '),
);

/** Street name before the number: `Storgatan 12`, `Hauptstraße 5a`. */
const NAME_FIRST = new RegExp(
  [
    String.raw`(?<![\w])[A-ZÅÄÖÜÆØ][a-zåäöüßæø]+`,
    '(?:gatan|gata|vägen|straße|strasse|gasse|weg|gade|vej|veien|vegen',
    '|straat|laan|platz|allee)',
    String.raw`\s+\d{1,4}[A-Za-z]?(?![\w])`,
  ].join(''),
  'gu',
);

/** `Apt 4B`, `Suite 259`, `Unit 3`, `#12` right after a street line. */
const UNIT =
  /,?\s+(?:apt|apartment|suite|ste|unit|flat|floor|fl|#)\.?\s*#?[\w-]{1,6}\b/iy;

function withUnit(text: string, end: number): number {
  UNIT.lastIndex = end;
  const unit = UNIT.exec(text);
  return unit ? end + unit[0].length : end;
}

/**
 * Street lines: house number and street name with a street kind (US and UK
 * style), or a Nordic or German street name followed by the number, each
 * with an apartment or suite that follows. City, region and postcode are
 * not taken: alone they rarely identify a person, and a bare postcode reads
 * like any number.
 */
export function detectAddresses(text: string): Detection[] {
  const found: Detection[] = [];
  const add = (start: number, end: number) =>
    found.push({ type: 'ADDRESS', start, end: withUnit(text, end) });

  for (const m of text.matchAll(TITLE_CASE)) {
    add(m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(ANY_CASE)) {
    const words = (m[1] as string).trim().toLowerCase().split(/\s+/);
    if (words.some((word) => STOP_WORDS.has(word))) continue;
    add(m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(NAME_FIRST)) {
    add(m.index, m.index + m[0].length);
  }
  return found;
}
