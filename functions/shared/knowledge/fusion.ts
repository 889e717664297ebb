/**
 * Reciprocal rank fusion: each ranking gives a passage `1 / (k + rank)`
 * (ranks from 1), so agreement near the top counts most and the raw
 * scores of the rankings, which live on different scales (BM25F grows
 * with the query, cosine does not), never need calibrating. 60 is the
 * constant of Cormack, Clarke and Büttcher (SIGIR 2009), widely reused.
 */
export const RRF_K = 60;

export interface FusedHit {
  /** Position of the passage in the index. */
  readonly chunk: number;
  /** Fused score over the best possible one: 1 when first in both. */
  readonly score: number;
  /** Rank in the lexical ranking, from 1; absent when not in it. */
  readonly lexicalRank?: number;
  /** Rank in the dense ranking, from 1; absent when not in it. */
  readonly denseRank?: number;
}

/**
 * Weighted reciprocal rank fusion of two rankings (passage positions, best
 * first): `(1 − weight) / (k + lexical rank) + weight / (k + dense rank)`,
 * divided by `1 / (k + 1)`. A passage missing from a ranking gets nothing
 * from it; one that ends with no score (weight 0 or 1) is left out. Ties
 * go to the passage with the better single rank, then the lower position.
 */
export function fuseRankings(
  lexical: readonly number[],
  dense: readonly number[],
  weight: number,
  k = RRF_K,
): FusedHit[] {
  const hits = new Map<number, { lexicalRank?: number; denseRank?: number }>();
  lexical.forEach((chunk, i) => {
    hits.set(chunk, { lexicalRank: i + 1 });
  });
  dense.forEach((chunk, i) => {
    hits.set(chunk, { ...hits.get(chunk), denseRank: i + 1 });
  });
  const share = (rank: number | undefined, w: number) =>
    rank === undefined ? 0 : w / (k + rank);
  const fused = [...hits].map(([chunk, ranks]) => ({
    chunk,
    ...ranks,
    score:
      (share(ranks.lexicalRank, 1 - weight) + share(ranks.denseRank, weight)) *
      (k + 1),
  }));
  const best = (h: FusedHit) =>
    Math.min(h.lexicalRank ?? Infinity, h.denseRank ?? Infinity);
  return fused
    .filter((h) => h.score > 0)
    .sort(
      (a, b) => b.score - a.score || best(a) - best(b) || a.chunk - b.chunk,
    );
}
