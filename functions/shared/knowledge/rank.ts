import type { FieldName, KnowledgeIndexFile } from './index-format';
import { tokenize } from './tokenize';
import { capPerDocument, sortedPassages, topPassages } from './top';

/** BM25F parameters, applied at query time. */
export interface RankingOptions {
  /** Term-frequency saturation. */
  readonly k1: number;
  /**
   * Query-term saturation: a term repeated in a long query (a customer
   * describing their situation) weighs up to `k3 + 1` times one said once;
   * 0 counts each distinct term once.
   */
  readonly k3: number;
  /** Weight of a term occurrence in each field, against the body's 1. */
  readonly weights: Readonly<Record<FieldName, number>>;
  /** Length normalisation per field, 0 (none) to 1 (full). */
  readonly b: Readonly<Record<FieldName, number>>;
}

export const RANKING_DEFAULTS: RankingOptions = {
  k1: 1.2,
  k3: 8,
  weights: { title: 2, heading: 2, body: 1 },
  b: { title: 0.5, heading: 0.5, body: 0.75 },
};

/**
 * An index opened for queries. Opening folds the fields together: for each
 * term, the passages holding it and the term's saturated BM25F weight in
 * each (its impact), so a query only adds up `idf × impact`.
 */
export interface SearchIndex {
  readonly file: KnowledgeIndexFile;
  readonly options: RankingOptions;
  readonly terms: ReadonlyMap<string, number>;
  /** Number of each passage within its document, from 1. */
  readonly chunkNumbers: Int32Array;
  /** Per term: the passages holding it, and its impact in each. */
  readonly postings: readonly TermPostings[];
  /**
   * Score per passage, reused by every query (a query runs to the end
   * without yielding) so that queries allocate little.
   */
  readonly scores: Float64Array;
}

export interface TermPostings {
  readonly chunks: Int32Array;
  readonly impacts: Float32Array;
}

export interface Hit {
  /** Position of the passage in `file.chunks`. */
  readonly chunk: number;
  /** Raw BM25F score; orders the results. */
  readonly score: number;
  /** `score` on a 0–1 scale; see `search`. */
  readonly normalised: number;
}

export interface SearchOptions {
  /** Most hits returned. */
  readonly limit: number;
  /** Most hits from one document; unlimited by default. */
  readonly maxPerDocument?: number;
}

export function openIndex(
  file: KnowledgeIndexFile,
  options: RankingOptions = RANKING_DEFAULTS,
): SearchIndex {
  const documentChunks = file.documents.map((): number[] => []);
  const chunkNumbers = new Int32Array(file.chunks.length);
  file.chunks.forEach((chunk, c) => {
    const list = documentChunks[chunk.d] as number[];
    list.push(c);
    chunkNumbers[c] = list.length;
  });
  const factors = fieldFactors(file, options);
  const folder = new TermFolder(file.chunks.length, options.k1);
  const postings = file.vocabulary.map((_, term) => {
    for (const name of ['heading', 'body'] as const) {
      const factor = factors[name];
      walk(file.fields[name].postings[term], (c, tf) =>
        folder.add(c, tf * (factor[c] as number)),
      );
    }
    walk(file.fields.title.postings[term], (d, tf) => {
      const value = tf * (factors.title[d] as number);
      for (const c of documentChunks[d] ?? []) folder.add(c, value);
    });
    return folder.take();
  });
  return {
    file,
    options,
    terms: new Map(file.vocabulary.map((term, i) => [term, i])),
    chunkNumbers,
    postings,
    scores: new Float64Array(file.chunks.length),
  };
}

/** Per field and unit: the field's weight over its BM25 length norm. */
function fieldFactors(
  file: KnowledgeIndexFile,
  options: RankingOptions,
): Record<FieldName, Float64Array> {
  const factor = (name: FieldName) => {
    const lengths = file.fields[name].lengths;
    const total = lengths.reduce((sum, l) => sum + l, 0);
    const average = total / (lengths.length || 1) || 1;
    const b = options.b[name];
    const weight = options.weights[name];
    return Float64Array.from(
      lengths,
      (l) => weight / (1 - b + (b * l) / average),
    );
  };
  return {
    title: factor('title'),
    heading: factor('heading'),
    body: factor('body'),
  };
}

/** Sums one term's weighted frequencies per passage, then saturates them. */
class TermFolder {
  private readonly weighted: Float64Array;
  private readonly touched: number[] = [];

  constructor(
    size: number,
    private readonly k1: number,
  ) {
    this.weighted = new Float64Array(size);
  }

  add(chunk: number, value: number): void {
    if (value === 0) return;
    if (this.weighted[chunk] === 0) this.touched.push(chunk);
    this.weighted[chunk] = (this.weighted[chunk] as number) + value;
  }

  take(): TermPostings {
    const chunks = Int32Array.from(this.touched);
    const impacts = Float32Array.from(chunks, (c) => {
      const tf = this.weighted[c] as number;
      this.weighted[c] = 0;
      return (tf * (this.k1 + 1)) / (tf + this.k1);
    });
    this.touched.length = 0;
    return { chunks, impacts };
  }
}

function walk(
  postings: readonly number[] | undefined,
  visit: (unit: number, tf: number) => void,
): void {
  if (!postings) return;
  let unit = 0;
  for (let i = 0; i < postings.length; i += 2) {
    unit += postings[i] as number;
    visit(unit, postings[i + 1] as number);
  }
}

/**
 * Ranks passages against a query with BM25F, best first; passages sharing
 * no term with the query are left out.
 *
 * Normalisation: BM25 scores grow with the query's length, so they cannot
 * be compared with a fixed threshold. `normalised` divides the score by
 * the sum of the (query-weighted) idf of the query's terms that occur in
 * the index — the score of an average-length body holding each of those
 * terms once — and caps it at 1. It reads as the idf-weighted share of
 * the query the passage covers.
 */
export function search(
  index: SearchIndex,
  query: string,
  options: SearchOptions,
): Hit[] {
  const n = index.file.chunks.length;
  const { k3 } = index.options;
  const scores = index.scores.fill(0);
  let ceiling = 0;
  for (const [term, qtf] of queryTerms(index, query)) {
    const df = index.file.df[term] as number;
    const weight = k3 > 0 ? ((k3 + 1) * qtf) / (k3 + qtf) : 1;
    const idf = weight * Math.log(1 + (n - df + 0.5) / (df + 0.5));
    ceiling += idf;
    const { chunks, impacts } = index.postings[term] as TermPostings;
    for (let j = 0; j < chunks.length; j += 1) {
      const c = chunks[j] as number;
      scores[c] = (scores[c] as number) + idf * (impacts[j] as number);
    }
  }
  return ceiling === 0 ? [] : best(index, scores, ceiling, options);
}

/** Vocabulary positions of the query's terms, with their counts. */
function queryTerms(index: SearchIndex, query: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const token of tokenize(query)) {
    const i = index.terms.get(token);
    if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  return counts;
}

function best(
  index: SearchIndex,
  scores: Float64Array,
  ceiling: number,
  { limit, maxPerDocument = Number.POSITIVE_INFINITY }: SearchOptions,
): Hit[] {
  // A per-document cap skips some of the best passages: look further.
  const capped = Number.isFinite(maxPerDocument);
  let order = topPassages(scores, capped ? limit * 4 : limit);
  let hits = capPerDocument(index.file, order, maxPerDocument, limit);
  if (capped && hits.length < limit && order.length === limit * 4) {
    order = sortedPassages(scores);
    hits = capPerDocument(index.file, order, maxPerDocument, limit);
  }
  return hits.map((c) => {
    const score = scores[c] as number;
    return { chunk: c, score, normalised: Math.min(1, score / ceiling) };
  });
}
