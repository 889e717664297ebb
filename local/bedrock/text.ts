import { createHash } from 'node:crypto';

/**
 * Text utilities of the offline model: a tokenizer with stopwords and a
 * light suffix stemmer, sentence splitting and trimming. Everything is
 * deterministic so the same request always gets the same answer.
 */

// TODO(local): stopwords and stemming are English only, so the offline
// model ranks other languages by exact words and misses inflections. A
// stopword list and suffix rules per tenant language would close it.
const STOPWORDS = new Set(
  (
    'a about above after again against all am an and any are as at be ' +
    'because been before being below between both but by can could did do ' +
    'does doing down during each few for from further had has have having ' +
    'he her here hers herself him himself his how i if in into is it its ' +
    'itself just me more most my myself no nor not now of off on once only ' +
    'or other our ours ourselves out over own same she should so some such ' +
    'than that the their theirs them themselves then there these they this ' +
    'those through to too under until up very was we were what when where ' +
    'which while who whom why will with would you your yours yourself ' +
    'yourselves please hi hello hey thanks thank tell know want need like ' +
    'get got also okay ok yes let im ive id dont cant isnt wont whats ' +
    'hows theres didnt doesnt ill youre may might must shall us one would ' +
    'much many still well way really lot wheres thats heres whos whens ' +
    'whys policy policies rule rules question questions information info ' +
    'help assist wondering wonder hoping trying take takes long make come ' +
    'soon'
  ).split(' '),
);

/** Irregular forms the suffix rules cannot reach. */
const IRREGULAR: Readonly<Record<string, string>> = {
  sold: 'sell',
  bought: 'buy',
  sent: 'send',
  paid: 'pay',
  went: 'go',
  gone: 'go',
  took: 'take',
  taken: 'take',
  broken: 'break',
  broke: 'break',
  children: 'child',
};

/** Reduces a lower-case word to a crude stem ("returned" → "return"). */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = IRREGULAR[word] ?? word;
  if (/ies$/.test(w) && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(s|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (/[^sui]s$/.test(w)) w = w.slice(0, -1);
  if (/ing$/.test(w) && w.length > 5) w = w.slice(0, -3);
  else if (/ed$/.test(w) && w.length > 4) w = w.slice(0, -2);
  if (/([b-df-hj-np-tv-z])\1$/.test(w)) w = w.slice(0, -1);
  if (/ery$/.test(w) && w.length > 6) w = w.slice(0, -1);
  if (/ability$/.test(w)) w = w.replace(/ility$/, 'l');
  if (/e$/.test(w) && w.length > 3) w = w.slice(0, -1);
  return w;
}

/** Lower-case word tokens, apostrophes dropped ("don't" → "dont"). */
export function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/['’]/g, '')
      .match(/[a-z0-9]+/g) ?? []
  );
}

/** Content terms of a text: stemmed, without stopwords or numbers. */
export function terms(text: string): string[] {
  return words(text)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w) && !/\d/.test(w))
    .map(stem);
}

/** The distinct content terms of a text. */
export function termSet(text: string): Set<string> {
  return new Set(terms(text));
}

/** Removes markup tags such as `<customer_message>` around data. */
export function stripTags(text: string): string {
  return text.replace(/<\/?[a-z_][\w-]*(?:\s[^<>]*)?>/gi, ' ');
}

/** Collapses runs of white space to one space. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const LIST_ITEM = /^\s*(?:[-*•+]|\d+[.)])\s+/;

/**
 * Splits markdown prose into sentences. Hard-wrapped lines of a paragraph
 * are joined first; headings are dropped; each list item stands alone.
 */
export function sentences(text: string): string[] {
  return blocks(text)
    .map((block) => block.replace(/\*\*|__|`/g, ''))
    .flatMap((block) => block.split(/(?<=[.!?])\s+(?=["'(A-Z0-9])/))
    .map((s) => squash(s))
    .filter((s) => /[a-z]/i.test(s));
}

/** Paragraphs and list items of markdown, each on one line. */
function blocks(text: string): string[] {
  const out: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) out.push(current.join(' '));
    current = [];
  };
  for (const line of text.split('\n')) {
    if (/^\s*$/.test(line) || /^\s*#/.test(line)) {
      flush();
    } else if (LIST_ITEM.test(line)) {
      flush();
      current.push(line.replace(LIST_ITEM, ''));
    } else {
      current.push(line.trim());
    }
  }
  flush();
  return out;
}

/** Ends a sentence with punctuation when it has none. */
export function asSentence(text: string): string {
  const t = text.trim();
  return /[.!?:]$/.test(t) ? t : `${t}.`;
}

/** Cuts text at a word boundary, marking the cut with an ellipsis. */
export function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxChars / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Joins items as "a, b and c". */
export function listPhrase(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** A short, stable digest of any JSON value, in base64url. */
export function digest(value: unknown, length = 22): string {
  return createHash('sha256')
    .update(JSON.stringify(value))
    .digest('base64url')
    .slice(0, length);
}

/** JSON with object keys sorted, so equal inputs serialise equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : v,
  );
}

/** Rough token count used for the usage figures: a token per 4 chars. */
export function estimateTokens(chars: number): number {
  return Math.max(1, Math.ceil(chars / 4));
}
