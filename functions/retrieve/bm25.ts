import { tokenize } from './tokenize';

/** A unit of text to rank: its title (and heading) counts extra. */
export interface RankableText {
  readonly id: string;
  readonly title: string;
  readonly body: string;
}

export interface Bm25Options {
  /** Term-frequency saturation. */
  readonly k1: number;
  /** Length normalisation, 0 (none) to 1 (full). */
  readonly b: number;
  /** Weight of a title term against a body term. */
  readonly titleBoost: number;
}

export const BM25_DEFAULTS: Bm25Options = { k1: 1.2, b: 0.75, titleBoost: 2 };

interface IndexedText {
  readonly id: string;
  readonly tf: ReadonlyMap<string, number>;
  readonly length: number;
}

/** An in-memory BM25 index over a tenant's passages. */
export interface Bm25Index {
  readonly options: Bm25Options;
  readonly texts: readonly IndexedText[];
  readonly df: ReadonlyMap<string, number>;
  readonly averageLength: number;
}

export interface Ranked {
  readonly id: string;
  /** Raw BM25 score; orders the results. */
  readonly score: number;
  /** `score` on a 0–1 scale; see `rank`. */
  readonly normalised: number;
}

/**
 * Indexes texts. A title term weighs `titleBoost` body terms in both term
 * frequency and length (a simple BM25F with two fields).
 */
export function buildIndex(
  texts: readonly RankableText[],
  options: Bm25Options = BM25_DEFAULTS,
): Bm25Index {
  const df = new Map<string, number>();
  const indexed = texts.map((text) => {
    const tf = new Map<string, number>();
    const add = (token: string, weight: number) =>
      tf.set(token, (tf.get(token) ?? 0) + weight);
    const title = tokenize(text.title);
    const body = tokenize(text.body);
    for (const token of title) add(token, options.titleBoost);
    for (const token of body) add(token, 1);
    for (const token of tf.keys()) df.set(token, (df.get(token) ?? 0) + 1);
    const length = body.length + options.titleBoost * title.length;
    return { id: text.id, tf, length };
  });
  const total = indexed.reduce((sum, t) => sum + t.length, 0);
  const averageLength = indexed.length > 0 ? total / indexed.length : 0;
  return { options, texts: indexed, df, averageLength };
}

/** Non-negative inverse document frequency (the Lucene form). */
function idf(index: Bm25Index, term: string): number {
  const n = index.texts.length;
  const df = index.df.get(term) ?? 0;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/**
 * Ranks the indexed texts against a query, best first; texts sharing no
 * term with the query are left out.
 *
 * Normalisation: BM25 scores grow with the query's length, so they cannot
 * be compared with a fixed threshold. `normalised` divides the score by
 * the sum of the idf of the query's distinct terms that occur in the index
 * — the score of an average-length text holding each of those terms once —
 * and caps it at 1. It reads as the idf-weighted share of the query the
 * text covers: 1 for all of it, 0.5 for terms worth half the query's
 * information. Query terms absent from the index cannot tell texts apart
 * and are left out of both sides.
 */
export function rank(index: Bm25Index, query: string): Ranked[] {
  const terms = [...new Set(tokenize(query))].filter((t) => index.df.has(t));
  const weights = new Map(terms.map((t) => [t, idf(index, t)]));
  const ceiling = [...weights.values()].reduce((sum, w) => sum + w, 0);
  if (ceiling === 0) return [];

  const { k1, b } = index.options;
  const ranked: Ranked[] = [];
  for (const text of index.texts) {
    const norm = 1 - b + (b * text.length) / (index.averageLength || 1);
    let score = 0;
    for (const [term, weight] of weights) {
      const tf = text.tf.get(term) ?? 0;
      if (tf > 0) score += (weight * tf * (k1 + 1)) / (tf + k1 * norm);
    }
    if (score > 0) {
      ranked.push({
        id: text.id,
        score,
        normalised: Math.min(1, score / ceiling),
      });
    }
  }
  return ranked.sort((x, y) => y.score - x.score);
}
