/**
 * Tokenizer of the knowledge ranking: lower case, accents folded, split on
 * anything that is not a letter or digit, English stopwords dropped, and a
 * crude suffix strip so that "refunds", "refunded" and "refunding" meet
 * "refund". Queries and passages must go through the same function.
 */
export function tokenize(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 1 && !STOPWORDS.has(token))
    .map(stem);
}

/** Strips a few English inflections; not a real stemmer, on purpose. */
export function stem(token: string): string {
  if (/^\d/.test(token)) return token;
  if (token.length > 4 && token.endsWith('ies'))
    return `${token.slice(0, -3)}y`;
  if (token.length > 5 && token.endsWith('ing')) return token.slice(0, -3);
  if (token.length > 4 && token.endsWith('ed')) return token.slice(0, -2);
  if (token.length > 3 && token.endsWith('s') && !token.endsWith('ss')) {
    return token.slice(0, -1);
  }
  return token;
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
    'dont cant wont get got also us'
  ).split(' '),
);
