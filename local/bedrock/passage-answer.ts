import type { PromptPassage } from '../../functions/shared/prompt-format';
import { asSentence, sentences, terms, truncate } from './text';

/**
 * Answers from the knowledge passages of the system prompt: ranks them with
 * BM25 against the customer's latest text, then quotes the most relevant
 * sentences of the best one and cites it as `[[passage id]]`.
 */

export interface PassageMatch {
  readonly passage: PromptPassage;
  readonly score: number;
  /** Query terms the passage contains. */
  readonly matched: ReadonlySet<string>;
}

/**
 * What a question asks for beyond its words. "How long does shipping
 * take?" shares only "shipping" with every passage about shipping; the one
 * that answers it is the one that names a length of time.
 */
export type AnswerKind = 'duration' | 'amount';

const ASKS: Readonly<Record<AnswerKind, RegExp>> = {
  duration:
    /\b(how (long|soon|quickly|fast)|how many (minutes|hours|days|weeks|months|years)|when (will|would|does|do|can|should))\b/i,
  amount: /\b(how much|what does .{1,40} cost|price of|fee for|charge for)\b/i,
};
const GIVES: Readonly<Record<AnswerKind, RegExp>> = {
  duration:
    /\b\d+(\s*(to|-|–|or)\s*\d+)?\s*(business\s+|working\s+)?(minutes?|hours?|days?|weeks?|months?|years?)\b|\bsame day\b/i,
  amount: /[$€£]\s?\d|\b\d+(\.\d+)?\s*(usd|dollars?|euros?)\b|\bfree\b/i,
};
/** How much more a passage that gives the asked kind weighs. */
const KIND_BOOST = 1.5;

/** The kind of answer a question asks for, if it asks for one. */
export function answerKind(question: string): AnswerKind | undefined {
  const kinds = Object.keys(ASKS) as AnswerKind[];
  return kinds.find((kind) => ASKS[kind].test(question));
}

const gives = (text: string, kind: AnswerKind | undefined) =>
  kind !== undefined && GIVES[kind].test(text);

const K1 = 1.2;
const B = 0.75;
const MAX_SENTENCES = 3;
const MAX_SENTENCE_CHARS = 320;

/** Passages that share a term with the query, best first. */
export function rankPassages(
  passages: readonly PromptPassage[],
  query: ReadonlySet<string>,
  kind?: AnswerKind,
): PassageMatch[] {
  const docs = passages.map((passage) => {
    const title = terms(`${passage.title}\n${headings(passage.text)}`);
    return { passage, tokens: [...title, ...title, ...terms(passage.text)] };
  });
  const idf = inverseFrequencies(
    docs.map((d) => new Set(d.tokens)),
    query,
  );
  const averageLength =
    docs.reduce((sum, d) => sum + d.tokens.length, 0) / (docs.length || 1);

  return docs
    .map(({ passage, tokens }, order) => {
      const counts = countTerms(tokens);
      const matched = new Set([...query].filter((q) => counts.has(q)));
      const norm = K1 * (1 - B + (B * tokens.length) / (averageLength || 1));
      const bm25 = [...matched].reduce((sum, q) => {
        const f = counts.get(q) ?? 0;
        return sum + (idf.get(q) ?? 0) * ((f * (K1 + 1)) / (f + norm));
      }, 0);
      const score = gives(passage.text, kind) ? bm25 * KIND_BOOST : bm25;
      return { passage, score, matched, order };
    })
    .filter((m) => m.matched.size > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map(({ passage, score, matched }) => ({ passage, score, matched }));
}

/**
 * A passage is relevant when it holds enough of the query: one term of a
 * short query, up to three of a long one (about 40 %).
 */
export function isRelevant(match: PassageMatch, querySize: number): boolean {
  const needed = Math.min(3, Math.max(1, Math.ceil(querySize * 0.4)));
  return match.matched.size >= needed;
}

/** The reply built from the relevant passages, with citations. */
export function answerFromPassages(
  matches: readonly PassageMatch[],
  query: ReadonlySet<string>,
  kind?: AnswerKind,
): string {
  const [best, second] = matches;
  if (!best) return '';
  const chosen = bestSentences(best.passage, query, MAX_SENTENCES, kind);
  const parts = [
    `${lead(best.passage.title)}: ${chosen.join(' ')} [[${best.passage.id}]]`,
  ];

  // A second passage is quoted only for query terms the first lacks.
  const adds = second && [...second.matched].some((t) => !best.matched.has(t));
  if (second && adds) {
    const [extra] = bestSentences(second.passage, query, 1, kind);
    if (extra) {
      const opening = lead(second.passage.title, 'Also, according to our');
      parts.push(`${opening}: ${extra} [[${second.passage.id}]]`);
    }
  }
  return parts.join(' ');
}

/** "According to our Returns policy", unless the title names its kind. */
function lead(title: string, opening = 'According to our'): string {
  const name = title.trim() || 'help centre';
  const named = /\b(polic(y|ies)|terms|guide|faq|help|information)\b/i;
  return named.test(name) ? `${opening} ${name}` : `${opening} ${name} policy`;
}

/**
 * The passage's sentences that hold most query terms, in text order; a
 * sentence that gives the asked kind of answer counts one term more.
 */
function bestSentences(
  passage: PromptPassage,
  query: ReadonlySet<string>,
  limit: number,
  kind?: AnswerKind,
): string[] {
  const all = sentences(passage.text);
  const scored = all.map((text, order) => ({
    text,
    order,
    score:
      new Set(terms(text).filter((t) => query.has(t))).size +
      (gives(text, kind) ? 1 : 0),
  }));
  const top = scored[0] ? Math.max(...scored.map((s) => s.score)) : 0;
  const picked =
    top === 0
      ? scored.slice(0, Math.min(limit, 2))
      : scored
          .filter((s) => s.score > 0 && s.score >= top / 2)
          .sort((a, b) => b.score - a.score || a.order - b.order)
          .slice(0, limit);
  return picked
    .sort((a, b) => a.order - b.order)
    .map((s) => asSentence(truncate(s.text, MAX_SENTENCE_CHARS)));
}

/** The markdown headings of a passage; they weigh like its title. */
const headings = (text: string) =>
  text
    .split('\n')
    .filter((line) => /^\s*#/.test(line))
    .join('\n');

function inverseFrequencies(
  docs: readonly ReadonlySet<string>[],
  query: ReadonlySet<string>,
): Map<string, number> {
  const n = docs.length;
  return new Map(
    [...query].map((q) => {
      const df = docs.filter((d) => d.has(q)).length;
      return [q, Math.log(1 + (n - df + 0.5) / (df + 0.5))];
    }),
  );
}

function countTerms(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}
