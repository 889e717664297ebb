import { InvariantError } from '../errors';
import { type FusedHit, fuseRankings } from './fusion';
import { type SearchIndex, search } from './rank';
import { topPassages } from './top';
import { cosineScores, type VectorMatrix } from './vectors';

export interface HybridSearchOptions {
  /** Most hits returned. */
  readonly limit: number;
  /** Share of the dense ranking in the fusion, 0 to 1. */
  readonly weight: number;
  /** Lowest normalised BM25F score that enters the fusion. */
  readonly minLexical: number;
  /** Lowest cosine similarity that enters the fusion. */
  readonly minDense: number;
  /**
   * Passages taken from each ranking before fusing.
   * @default 50, or 10 × limit when larger
   */
  readonly depth?: number;
}

/**
 * Ranks passages with BM25F and with cosine similarity to the query's
 * embedding, each ranking keeping only the passages that reach its own
 * threshold, and fuses the two by weighted reciprocal rank.
 */
export function hybridSearch(
  index: SearchIndex,
  matrix: VectorMatrix,
  query: string,
  queryVector: ArrayLike<number>,
  options: HybridSearchOptions,
): FusedHit[] {
  const depth = options.depth ?? Math.max(50, options.limit * 10);
  const lexical = search(index, query, { limit: depth })
    .filter((hit) => hit.normalised >= options.minLexical)
    .map((hit) => hit.chunk);
  const dense = denseSearch(index, matrix, queryVector, depth).filter(
    (hit) => hit.similarity >= options.minDense,
  );
  return fuseRankings(
    lexical,
    dense.map((hit) => hit.chunk),
    options.weight,
  ).slice(0, options.limit);
}

export interface DenseHit {
  readonly chunk: number;
  /** Cosine similarity of the passage's vector and the query's. */
  readonly similarity: number;
}

/** The `limit` passages most similar to the query vector, best first. */
export function denseSearch(
  index: SearchIndex,
  matrix: VectorMatrix,
  queryVector: ArrayLike<number>,
  limit: number,
): DenseHit[] {
  if (matrix.count !== index.file.chunks.length) {
    throw new InvariantError(
      `${matrix.count} passage vectors for ${index.file.chunks.length} passages`,
    );
  }
  const scores = cosineScores(
    matrix,
    queryVector,
    new Float64Array(matrix.count),
  );
  return topPassages(scores, limit).map((chunk) => ({
    chunk,
    similarity: scores[chunk] as number,
  }));
}
