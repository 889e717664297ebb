/**
 * Tokenizer of the knowledge index: lower case, accents folded, split on
 * anything that is not a letter or digit, English stopwords dropped, and a
 * light stemmer so that "refunds", "refunded" and "refunding" meet
 * "refund". Documents and queries must go through the same function, and
 * an index records `TOKENIZER_ID` so a changed tokenizer forces a rebuild.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u);
  for (const word of words) {
    if (word === '' || STOPWORDS.has(word)) continue;
    if (word.length === 1 && !/\d/.test(word)) continue;
    tokens.push(stemCached(word));
  }
  return tokens;
}

/** Stems already computed; cleared when full so it stays small. */
const stems = new Map<string, string>();
const MAX_CACHED_STEMS = 50_000;

function stemCached(word: string): string {
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    if (stems.size >= MAX_CACHED_STEMS) stems.clear();
    stemmed = stem(word);
    stems.set(word, stemmed);
  }
  return stemmed;
}

/** Names the tokenizer's behaviour; change it whenever `tokenize` changes. */
export const TOKENIZER_ID = 'en-porter1-v1';

const VOWEL = /[aeiou]/;

/** Whether the letter at `i` is a consonant in Porter's sense. */
function consonant(word: string, i: number): boolean {
  const c = word[i] as string;
  if (VOWEL.test(c)) return false;
  if (c === 'y') return i === 0 || !consonant(word, i - 1);
  return true;
}

/** Porter's measure: the number of vowel-consonant sequences. */
function measure(word: string): number {
  let m = 0;
  let previousVowel = false;
  for (let i = 0; i < word.length; i += 1) {
    const isConsonant = consonant(word, i);
    if (isConsonant && previousVowel) m += 1;
    previousVowel = !isConsonant;
  }
  return m;
}

const hasVowel = (word: string) =>
  [...word].some((_, i) => !consonant(word, i));

const endsDouble = (word: string) =>
  word.length > 1 &&
  word.at(-1) === word.at(-2) &&
  consonant(word, word.length - 1);

/** Consonant-vowel-consonant ending, the last not w, x or y. */
function endsCvc(word: string): boolean {
  const n = word.length;
  if (n < 3 || /[wxy]$/.test(word)) return false;
  return (
    consonant(word, n - 1) && !consonant(word, n - 2) && consonant(word, n - 3)
  );
}

/**
 * A light stemmer: steps 1 and 5 of Porter's algorithm (plurals, -ed and
 * -ing, y to i, a final e). It leaves derivations such as "-ation" alone,
 * which keeps it fast and its mistakes rare. Numbers are kept as written.
 */
export function stem(word: string): string {
  if (word.length <= 2 || /\d/.test(word)) return word;
  return step5(step1c(step1b(step1a(word))));
}

function step1a(w: string): string {
  if (w.endsWith('sses') || w.endsWith('ies')) return w.slice(0, -2);
  if (w.endsWith('ss') || !w.endsWith('s')) return w;
  return w.slice(0, -1);
}

function step1b(w: string): string {
  if (w.endsWith('eed')) {
    return measure(w.slice(0, -3)) > 0 ? w.slice(0, -1) : w;
  }
  const suffix = w.endsWith('ed') ? 2 : w.endsWith('ing') ? 3 : 0;
  const base = w.slice(0, w.length - suffix);
  if (suffix === 0 || !hasVowel(base)) return w;
  if (/(at|bl|iz)$/.test(base)) return `${base}e`;
  if (endsDouble(base) && !/[lsz]$/.test(base)) return base.slice(0, -1);
  if (measure(base) === 1 && endsCvc(base)) return `${base}e`;
  return base;
}

function step1c(w: string): string {
  return w.endsWith('y') && hasVowel(w.slice(0, -1)) ? `${w.slice(0, -1)}i` : w;
}

function step5(w: string): string {
  if (w.endsWith('e')) {
    const base = w.slice(0, -1);
    const m = measure(base);
    if (m > 1 || (m === 1 && !endsCvc(base))) return base;
  }
  if (w.endsWith('ll') && measure(w) > 1) return w.slice(0, -1);
  return w;
}

export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all am an and any are as at be ' +
    'because been before being below between both but by can could did do ' +
    'does doing down during each few for from further had has have having ' +
    'he her here hers herself him himself his how i if in into is it its ' +
    'itself just let me more most my myself no nor not now of off on once ' +
    'only or other our ours ourselves out over own same she should so some ' +
    'such than that the their theirs them themselves then there these they ' +
    'this those through to too under until up very was we were what when ' +
    'where which while who whom why will with would you your yours ' +
    'yourself yourselves hi hello hey please thanks thank ok okay im ive ' +
    'dont cant wont didnt doesnt isnt get got also us may might must shall ' +
    'yes yet'
  ).split(' '),
);
